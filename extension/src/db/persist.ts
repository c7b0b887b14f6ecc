/**
 * Asks the browser to keep the extension's storage (the index, thumbnails) out of eviction. Firefox gives extension
 * pages best-effort storage, which it may evict when the disk fills, until `persist()` is called; with the
 * `unlimitedStorage` permission it grants that without a prompt. Chrome's service worker has no `persist()` (its
 * extensions with unlimitedStorage are not evicted): nothing to do there.
 */
export async function keepStoragePersistent(storage: Partial<StorageManager> | undefined): Promise<boolean | null> {
  if (!storage?.persist || !storage.persisted) return null;
  if (await storage.persisted()) return true;
  const granted = await storage.persist();
  if (!granted) console.warn('Hypomos: the browser keeps this extension’s storage as best-effort (may be evicted)');
  return granted;
}
