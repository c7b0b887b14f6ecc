import { describe, expect, it, vi } from 'vitest';
import { keepStoragePersistent } from './persist';

describe('keepStoragePersistent', () => {
  it('asks for persistence only when storage is not persistent yet', async () => {
    const persist = vi.fn(async () => true);
    expect(await keepStoragePersistent({ persisted: async () => false, persist })).toBe(true);
    expect(persist).toHaveBeenCalledTimes(1);
    const again = vi.fn(async () => true);
    expect(await keepStoragePersistent({ persisted: async () => true, persist: again })).toBe(true);
    expect(again).not.toHaveBeenCalled();
  });

  it('reports a refusal, and does nothing where the API is missing (a service worker)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await keepStoragePersistent({ persisted: async () => false, persist: async () => false })).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(await keepStoragePersistent({})).toBeNull();
    expect(await keepStoragePersistent(undefined)).toBeNull();
  });
});
