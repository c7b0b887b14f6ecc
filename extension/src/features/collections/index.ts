/** Collections: the only writer of the `collections` table (static and dynamic), and the selection bar that fills them. */
export * from './collections';
export { SelectionBar } from './SelectionBar';
