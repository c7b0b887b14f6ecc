import { type LibraryItem, libraryIndex, type PlanEntry, planImport } from '@hypomos/shared/import/plan';
import type { ImportDeps } from './deps';
import type { ImportFileRow } from './rows';

/**
 * Plans a prepared job against the whole library (every source) and the tombstones of photos deleted as
 * unwanted, and writes each file's decision. Run again when the user forces a skipped file through.
 */
export async function planJob(deps: Pick<ImportDeps, 'db' | 'store'>, jobId: string): Promise<void> {
  const { db, store } = deps;
  const job = await store.job(jobId);
  if (!job) throw new Error(`No import ${jobId}`);
  const items: LibraryItem[] = [];
  await db.items.each((i) =>
    items.push({
      key: i.key,
      sourceId: i.sourceId,
      folder: i.folder,
      name: i.name,
      contentHashes: i.contentHashes,
      sha256: i.sha256,
      unwanted: i.unwanted,
    }),
  );
  const library = libraryIndex(items, await db.tombstones.toArray());
  items.length = 0;
  const rows = await store.files(jobId);
  const plan = planImport(
    rows.map((r) => ({ ...r, id: r.id })),
    library,
    { pattern: job.pattern, forced: new Set(rows.filter((r) => r.forced).map((r) => r.id)) },
  );
  const sourceNames = new Map((await db.sources.toArray()).map((s) => [s.id, s.name]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  await store.putFiles(plan.map((entry) => decide(byId.get(entry.id) as ImportFileRow, entry, byId, sourceNames)));
}

function decide(
  row: ImportFileRow,
  entry: PlanEntry,
  rows: Map<string, ImportFileRow>,
  sourceNames: Map<string, string>,
): ImportFileRow {
  const base = { ...row, planKind: entry.kind, folder: null, targetName: null, error: null };
  switch (entry.kind) {
    case 'new':
      return {
        ...base,
        state: 'queued',
        folder: entry.folder,
        targetName: entry.name,
        planNote:
          [entry.renamed, entry.dateFrom === 'file-date' ? 'no capture time in the file: filed by its date' : null]
            .filter(Boolean)
            .join('; ') || null,
      };
    case 'duplicate': {
      const places = entry.where.map(
        (w) => `${sourceNames.get(w.sourceId) ?? w.sourceId}: ${w.folder ? `${w.folder}/` : ''}${w.name}`,
      );
      const shown = places.slice(0, 3).join(', ') + (places.length > 3 ? ` and ${places.length - 3} more` : '');
      return { ...base, state: 'skipped', planNote: `Already in your library (${shown})` };
    }
    case 'repeat':
      return {
        ...base,
        state: 'skipped',
        planNote: `Same bytes as ${rows.get(entry.sameAs)?.relPath ?? 'another picked file'}`,
      };
    case 'unwanted':
      return {
        ...base,
        state: 'skipped',
        planNote:
          entry.why === 'deleted'
            ? 'You deleted this photo from a share as unwanted'
            : 'Marked unwanted in your library',
      };
    case 'unreadable':
      return { ...base, state: 'failed', planNote: entry.reason, error: entry.reason };
    case 'empty':
      return {
        ...base,
        state: 'failed',
        planNote: 'The file is empty (0 bytes)',
        error: 'The file is empty (0 bytes)',
      };
  }
}
