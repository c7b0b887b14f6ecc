import { createApp } from './app';

const app = createApp();

/** The typed client contract: `hc<AppType>(origin)` in the portal and the extension. */
export type AppType = ReturnType<typeof createApp>;
export default app;
