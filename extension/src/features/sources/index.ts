/**
 * Sources: connectors, sign-in, the scanner and thumbnails. Other features use the scanner service, the removal
 * outbox, the thumbnail sources, and (in tests) the in-memory provider with `syncSource`.
 */
export * from './page-thumbnails';
export * from './removals';
export * from './scanner/memory-provider';
export * from './scanner/sync';
export * from './service';
export * from './source-rows';
export * from './thumbnails';
// What the sharing tests drive and assert on: the real providers and the words they give the owner.
export { createProvider, DEFAULT_ENDPOINTS, type ProviderDeps, webCryptoHmac } from './providers';
// What the import feature reuses: the scanner's metadata step and its bounded parallel map.
export type { ExtractMetadata, ScannerDeps } from './scanner/context';
export { mapLimit } from './scanner/limit';
export { createHttp, type Http, parseRetryAfter } from './providers/http';
export { RESOURCE_KEY_NOTICE } from './providers/gdrive';
export { ANYONE_LINKS_DISABLED } from './providers/onedrive';
export { KIND_NAMES } from './kind-names';
export { scanQueue } from './status';
