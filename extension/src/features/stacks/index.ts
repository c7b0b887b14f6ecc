/** Stacks: bursts and near-duplicates shown as one tile. */
export * from './useStackedItems';
