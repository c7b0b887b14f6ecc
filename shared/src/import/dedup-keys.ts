import { z } from 'zod';

/** The hashes computed on the device for one file: every algorithm some cloud reports, so one pass compares with all. */
export const LocalHashes = z.object({
  sha1: z.string().regex(/^[0-9a-f]{40}$/),
  md5: z.string().regex(/^[0-9a-f]{32}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Base64, as Graph reports it. */
  quickXor: z.string().min(1),
});
export type LocalHashes = z.infer<typeof LocalHashes>;

/**
 * Comparable keys `algo:value` for an indexed item. The scanners store provider hashes under these names
 * (sources/providers): OneDrive sha1/quickxor/sha256 (hex lowercased, quickxor base64 as given), Drive
 * md5/sha256, Blob md5 (Content-MD5 turned into hex). `sha256` is our own content hash, kept where the
 * pipeline read the whole file. crc32 is left out: too weak to call two files the same.
 */
export function indexedKeys(item: { contentHashes: Record<string, string>; sha256: string | null }): string[] {
  const keys = new Set<string>();
  for (const [algo, value] of Object.entries(item.contentHashes)) {
    const key = keyOf(algo, value);
    if (key) keys.add(key);
  }
  if (item.sha256) keys.add(`sha256:${item.sha256.toLowerCase()}`);
  return [...keys];
}

export function localKeys(h: LocalHashes): string[] {
  return [`sha1:${h.sha1}`, `md5:${h.md5}`, `sha256:${h.sha256}`, `quickxor:${h.quickXor}`];
}

function keyOf(algo: string, value: string): string | null {
  const name = algo.toLowerCase().replace(/hash$/, '');
  if (name === 'quickxor') return `quickxor:${value}`;
  if (name === 'sha1' || name === 'md5' || name === 'sha256') return `${name}:${value.toLowerCase()}`;
  return null;
}

/**
 * Does a provider's hash of an uploaded file equal ours? Only the algorithms the provider gave count; a
 * provider that gave none cannot verify, which the caller must treat as a failure.
 */
export function verifyRemote(
  remote: { sha1?: string; quickXorHash?: string; md5?: string; sha256?: string; contentMd5?: string },
  local: LocalHashes,
): { ok: true; by: string[] } | { ok: false; reason: string } {
  const checks: [string, string | undefined, string][] = [
    ['sha1', remote.sha1?.toLowerCase(), local.sha1],
    ['quickXorHash', remote.quickXorHash, local.quickXor],
    ['md5', remote.md5?.toLowerCase(), local.md5],
    ['sha256', remote.sha256?.toLowerCase(), local.sha256],
    ['Content-MD5', remote.contentMd5 ? base64ToHex(remote.contentMd5) : undefined, local.md5],
  ];
  const given = checks.filter(([, value]) => value !== undefined);
  if (given.length === 0) return { ok: false, reason: 'the destination reported no hash to verify the upload' };
  const wrong = given.filter(([, value, mine]) => value !== mine).map(([name]) => name);
  if (wrong.length > 0)
    return { ok: false, reason: `the destination's ${wrong.join(', ')} differs from the local file` };
  return { ok: true, by: given.map(([name]) => name) };
}

function base64ToHex(b64: string): string {
  const bin = atob(b64);
  let hex = '';
  for (let i = 0; i < bin.length; i++) hex += bin.charCodeAt(i).toString(16).padStart(2, '0');
  return hex;
}
