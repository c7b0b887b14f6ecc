// native-file-system-adapter ships no types for its Node adapter (local-folder.test.ts);
// getOriginPrivateDirectory takes the module as an opaque driver.
declare module 'native-file-system-adapter/src/adapters/node.js' {
  const driver: object;
  export default driver;
}
