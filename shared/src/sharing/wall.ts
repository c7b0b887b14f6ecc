// The live wall's bounds, shared by the worker and the portal without pulling in any schema code.

/** How many approved items the live wall holds at most: the newest ones in approval order; bounds its memory. */
export const WALL_WINDOW = 300;
/** How often the wall asks for news; an unchanged event answers 304 from one state row (ETag). */
export const WALL_POLL_MS = 3000;
