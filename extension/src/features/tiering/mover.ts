import type { IndexItem, ItemKey, SourceKind } from '@hypomos/shared/index/item';
import type { LocalHashes } from '@hypomos/shared/import/dedup-keys';
import { hexToBase64, LocalHasher } from '@hypomos/shared/import/local-hashes';
import type { ProviderItemRef } from '@hypomos/shared/providers/provider';
import type { ColdTier } from '@hypomos/shared/tiering/rules';
import type { HypomosDb } from '../../db';
import type { ResumableUploader, UploadCheckpoint, UploadedFile } from '../import';
import type { MoveRow, MoveState } from './rows';
import { checkpoint, reached } from './store';
import { UNDO_REFUSED_PREFIX, UndoRefused, undoStep } from './undo';

/** What a move needs from one source: its bytes, a resumable uploader, its recycle bin and (Blob) its tiers. */
export interface MoveEndpoint {
  kind: SourceKind;
  readRange(ref: ProviderItemRef, start: number, end: number): Promise<Uint8Array>;
  uploader: ResumableUploader;
  /** To the provider's recycle bin; an item already gone counts as done (a resumed move may ask twice). */
  trash(ref: ProviderItemRef): Promise<void>;
  setTier?(ref: ProviderItemRef, tier: ColdTier): Promise<void>;
  /**
   * Brings an item back from the recycle bin under its id, for undoing a move: 'gone' when the bin no longer holds
   * it; an item already restored (a resumed undo asks twice) counts as restored. Absent: this source has no bin.
   */
  restore?(ref: ProviderItemRef): Promise<'restored' | 'gone'>;
}

export interface MoverDeps {
  db: HypomosDb;
  endpoint(sourceId: string): Promise<MoveEndpoint>;
  /** Gives every share of the item a link to where it is now, keeping its identity at the portal. */
  republish(key: string): Promise<void>;
  now(): number;
  onProgress?(row: MoveRow): void;
}

/**
 * Runs one move (or its undo, undo.ts) from the step it reached to the end. Every step is idempotent and
 * checkpointed, so a worker stopped anywhere (or a provider call failing) resumes here: until `switched` the index
 * and the shares point at the source and the copy is only finished, never duplicated; after it they point at the
 * destination and only the source's copy is left to go to its recycle bin.
 */
export async function runMove(deps: MoverDeps, start: MoveRow): Promise<MoveRow> {
  let row = start.state === 'failed' ? await resumeFailed(deps, start) : start;
  try {
    while (row.state !== 'done' && row.state !== 'undone') {
      row = await step(deps, row);
      deps.onProgress?.(row);
    }
    return row;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Refused before anything changed (the original left the bin): the move stands, with the reason.
    if (e instanceof UndoRefused)
      return checkpoint(
        deps.db,
        row.id,
        { state: 'done', failedAt: null, error: `${UNDO_REFUSED_PREFIX}${message}` },
        deps.now(),
        `${UNDO_REFUSED_PREFIX}${message}`,
      );
    // The step may have moved the row (a copy that did not match starts over), so read where it is.
    const at = (await deps.db.tierMoves.get(row.id)) ?? row;
    return checkpoint(
      deps.db,
      row.id,
      { state: 'failed', failedAt: at.state, error: message, attempts: at.attempts + 1 },
      deps.now(),
      `Stopped before ${NEXT[at.state]}: ${message}`,
    );
  }
}

const NEXT: Record<MoveState, string> = {
  queued: 'copying',
  copying: 'the copy was complete',
  copied: 'verifying',
  verified: 'switching the index',
  switched: 'republishing the links',
  republished: 'deleting at the source',
  done: 'nothing',
  failed: 'retrying',
  'undo-queued': 'restoring the original',
  'undo-restored': 'switching the index back',
  'undo-switched': 'republishing the links to the original',
  'undo-republished': 'deleting the copy',
  undone: 'nothing',
};

function resumeFailed(deps: MoverDeps, row: MoveRow): Promise<MoveRow> {
  return checkpoint(deps.db, row.id, { state: reached(row), failedAt: null, error: null }, deps.now(), 'Retrying');
}

async function step(deps: MoverDeps, row: MoveRow): Promise<MoveRow> {
  switch (row.state) {
    case 'queued':
    case 'copying':
      return copy(deps, row);
    case 'copied':
      return verify(deps, row);
    case 'verified':
      return switchIndex(deps, row);
    case 'switched':
      await deps.republish(row.key);
      return checkpoint(deps.db, row.id, { state: 'republished' }, deps.now(), 'Shares now link to the new copy');
    case 'republished': {
      const from = await deps.endpoint(row.fromSourceId);
      await from.trash({ id: row.fromId, path: row.fromPath });
      return checkpoint(
        deps.db,
        row.id,
        { state: 'done' },
        deps.now(),
        "Source copy moved to the source's recycle bin",
      );
    }
    case 'undo-queued':
    case 'undo-restored':
    case 'undo-switched':
    case 'undo-republished':
      return undoStep(deps, row);
    default:
      throw new Error(`Cannot run a move in state ${row.state}`);
  }
}

async function itemOf(db: HypomosDb, key: string): Promise<IndexItem> {
  const item = await db.items.get(key as ItemKey);
  if (!item) throw new Error('The item is no longer in the library');
  return item;
}

/**
 * Streams the source's bytes to the destination in the uploader's fragment size (at most one fragment in
 * memory). Resumed mid-file, the part already sent is read again only to rebuild the hashes.
 */
async function copy(deps: MoverDeps, row: MoveRow): Promise<MoveRow> {
  const item = await itemOf(deps.db, row.key);
  const [from, to] = await Promise.all([deps.endpoint(row.fromSourceId), deps.endpoint(row.toSourceId)]);
  const ref = { id: row.fromId, path: row.fromPath };
  const size = row.bytes;
  let cp: UploadCheckpoint | null = (row.upload as UploadCheckpoint | null) ?? null;
  if (cp) {
    const resumed = await to.uploader.resume(cp);
    cp = resumed === 'expired' ? null : resumed;
  }
  if (!cp) {
    cp = await to.uploader.begin({
      sourceId: row.toSourceId,
      folderPath: item.folder,
      name: item.name,
      size,
      mimeType: item.mimeType ?? 'application/octet-stream',
    });
    row = await checkpoint(deps.db, row.id, { state: 'copying', upload: cp }, deps.now(), 'Copy started');
  }
  const hasher = await LocalHasher.create();
  const fragment = to.uploader.fragmentSize;
  let browserBytes = row.browserBytes;
  for (let at = 0; at < cp.offset; at += fragment) {
    const part = await from.readRange(ref, at, Math.min(at + fragment, cp.offset));
    hasher.update(part);
    browserBytes += part.length;
  }
  for (;;) {
    const end = Math.min(cp.offset + fragment, size);
    const chunk = await from.readRange(ref, cp.offset, end);
    hasher.update(chunk);
    browserBytes += chunk.length;
    // Blob keeps the whole file's MD5 we give at commit; it is known only once the last chunk is read.
    const local = end === size ? hasher.digest() : null;
    if (local) cp = { ...cp, contentMd5: hexToBase64(local.md5) };
    const sent = await to.uploader.send(cp, new Blob([chunk as BlobPart]));
    if (sent.state === 'done') {
      if (!local) throw new Error('The destination finished the file before its last chunk');
      return copied(deps, row, sent.remote, local, browserBytes);
    }
    cp = sent.checkpoint;
    row = await checkpoint(deps.db, row.id, { upload: cp, browserBytes }, deps.now());
  }
}

function copied(deps: MoverDeps, row: MoveRow, remote: UploadedFile, local: LocalHashes, browserBytes: number) {
  return checkpoint(
    deps.db,
    row.id,
    {
      state: 'copied',
      upload: null,
      toId: remote.providerId,
      toPath: remote.path,
      toName: remote.name,
      destEtag: remote.etag ?? null,
      destHashes: { ...destHashes(remote.hashes), size: String(remote.size) },
      sourceHashes: { sha1: local.sha1, md5: local.md5, sha256: local.sha256, quickxor: local.quickXor },
      browserBytes,
    },
    deps.now(),
    `Copied ${remote.size} bytes to ${remote.path}`,
  );
}

/** The provider's hashes under the names the scanner stores them (as sources/providers do). */
function destHashes(h: UploadedFile['hashes']): Record<string, string> {
  const out: Record<string, string> = {};
  if (h.sha1) out.sha1 = h.sha1.toLowerCase();
  if (h.quickXorHash) out.quickxor = h.quickXorHash;
  if (h.sha256) out.sha256 = h.sha256.toLowerCase();
  if (h.md5) out.md5 = h.md5.toLowerCase();
  if (h.contentMd5)
    out.md5 = Array.from(atob(h.contentMd5), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  return out;
}

/**
 * The bytes read must be the source's (its provider's hashes and the index's SHA-256 agree), and the copy must
 * be them (every hash the destination reports agrees, and so does its size). Blob's MD5 is the one we gave at
 * commit, so there the proof is its per-block Content-MD5 checks and the committed size (import/upload/azblob.ts).
 * A copy that does not match goes to the destination's bin and the move starts over.
 */
async function verify(deps: MoverDeps, row: MoveRow): Promise<MoveRow> {
  const item = await itemOf(deps.db, row.key);
  const local = row.sourceHashes ?? {};
  const dest = row.destHashes ?? {};
  const mismatch = [
    ...compare('source', { ...item.contentHashes, ...(item.sha256 ? { sha256: item.sha256 } : {}) }, local),
    ...compare('destination', dest, local),
    ...(dest.size === String(row.bytes) ? [] : [`destination size ${dest.size} ≠ ${row.bytes}`]),
  ];
  const to = await deps.endpoint(row.toSourceId);
  if (mismatch.length > 0) {
    await to.trash({ id: row.toId as string, path: row.toPath as string });
    await checkpoint(
      deps.db,
      row.id,
      { state: 'queued', toId: null, toPath: null, toName: null, destHashes: null, sourceHashes: null },
      deps.now(),
      `Copy did not match (${mismatch.join('; ')}): removed it`,
    );
    throw new Error(`The copy did not match: ${mismatch.join('; ')}`);
  }
  if (row.tier && to.setTier) await to.setTier({ id: row.toId as string, path: row.toPath as string }, row.tier);
  return checkpoint(
    deps.db,
    row.id,
    { state: 'verified' },
    deps.now(),
    `Verified (${
      Object.keys(dest)
        .filter((k) => k in local)
        .join(', ') || 'size'
    })${row.tier ? `, access tier ${row.tier}` : ''}`,
  );
}

function compare(side: string, reported: Record<string, string>, local: Record<string, string>): string[] {
  return Object.entries(reported)
    .filter(([name, value]) => name in local && local[name]?.toLowerCase() !== value.toLowerCase())
    .map(([name]) => `${side} ${name}`);
}

/**
 * Points the item at the copy, keeping its key: tags, faces, collections, stats and published rows hang on the
 * key and stay. The `verified` → `switched` checkpoint is written in the same transaction, so the index and the
 * move never disagree about where the item is.
 */
async function switchIndex(deps: MoverDeps, row: MoveRow): Promise<MoveRow> {
  const { db } = deps;
  const to = await deps.endpoint(row.toSourceId);
  return db.transaction('rw', [db.items, db.tierMoves], async () => {
    const item = await itemOf(db, row.key);
    const path = row.toPath as string;
    const slash = path.lastIndexOf('/');
    const { size: _size, ...hashes } = row.destHashes ?? {};
    const fromItem = {
      sourceKind: item.sourceKind,
      folder: item.folder,
      name: item.name,
      etag: item.etag,
      contentHashes: item.contentHashes,
      webUrl: item.webUrl,
      thumbnailUrl: item.thumbnailUrl ?? null,
    };
    await db.items.update(row.key as ItemKey, {
      sourceId: row.toSourceId,
      sourceKind: to.kind,
      providerItemId: row.toId as string,
      folder: slash < 0 ? '' : path.slice(0, slash),
      name: row.toName ?? item.name,
      etag: row.destEtag,
      contentHashes: hashes,
      webUrl: null,
      thumbnailUrl: null,
    });
    return checkpoint(db, row.id, { state: 'switched', fromItem }, deps.now(), `The library now points at ${path}`);
  });
}
