// Vite's `?worker` import (used by pool.ts): a constructor for the bundled module worker. Declared here because
// vite/client's own declaration is not reachable from this workspace's typecheck (vite is WXT's dependency).
declare module '*?worker' {
  const VisionWorker: new (options?: { name?: string }) => Worker;
  export default VisionWorker;
}
