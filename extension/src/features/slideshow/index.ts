/** Slideshow: the player, its order and its statistics. */
export * from './order';
export * from './stats';
