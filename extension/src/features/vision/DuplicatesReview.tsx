import type { IndexItem, ItemKey } from '@hypomos/shared/index/item';
import type { DuplicateGroup } from '@hypomos/shared/vision/dedupe';
import { bytesInOtherCopies, type Copy, KEEP_REASON_WORDS, suggestKeeper } from '@hypomos/shared/vision/keeper';
import { CopyCheck } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { HypomosDb } from '../../db';
import type { SourceRow } from '../../db/rows';
import { EmptyState, formatBytes, plural, useUi } from '../../ui';
import { ProgressBar, Thumb, toCatalogItem, useLive } from '../library';
import { KIND_NAMES } from '../sources';
import type { DuplicatesProgress } from './dupes';
import { keepInGroups, undoKeep } from './dupes';
import { findDuplicatesInWorker, watchDuplicatesProgress } from './dupes-client';
import { useLiveValue } from './hooks';

/** Groups shown at once: a large library has thousands, and each shows thumbnails. */
const PAGE = 50;

const PHASE_LABEL: Record<DuplicatesProgress['phase'], string> = {
  reading: 'Reading the library',
  indexing: 'Looking for duplicates',
  grouping: 'Grouping duplicates',
};

type Copies = Map<string, IndexItem>;

const toCopy = (i: IndexItem): Copy => ({
  key: i.key,
  bytes: i.bytes,
  width: i.width,
  height: i.height,
  liked: i.liked,
  rating: i.rating,
  addedAt: i.addedAt,
});

/** A group's copies as known, and the suggested keeper (null until every copy's row is read). */
function planOf(g: DuplicateGroup, copies: Copies) {
  const rows = g.keys.map((k) => copies.get(k)).filter((i): i is IndexItem => !!i);
  if (rows.length !== g.keys.length) return null;
  const cs = rows.map(toCopy);
  const keeper = suggestKeeper(cs);
  return { rows, keeper, extraBytes: bytesInOtherCopies(cs, keeper.key) };
}

/**
 * Review of duplicate groups, one row each: the copies as thumbnails with where each lives, the reason they match,
 * the copy we suggest keeping and why, and the space the other copies take. Keeping one marks the others unwanted
 * (never deleted at the source). The search runs in a worker (dupes-client.ts), so the page stays usable.
 */
export function DuplicatesReview({ db }: { db: HypomosDb }) {
  const ui = useUi();
  const [groups, setGroups] = useState<DuplicateGroup[] | null>(null);
  const [copies, setCopies] = useState<Copies>(new Map());
  const [shown, setShown] = useState(PAGE);
  const [progress, setProgress] = useState<DuplicatesProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sources = useLiveValue(() => db.sources.toArray(), [db], [] as SourceRow[]);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    const stop = watchDuplicatesProgress(setProgress);
    return () => {
      mounted.current = false;
      stop();
    };
  }, []);
  const refresh = async () => {
    try {
      const found = await findDuplicatesInWorker(db);
      if (!mounted.current) return;
      setGroups(found);
      setError(null);
    } catch (err) {
      if (mounted.current) setError(err instanceof Error ? err.message : String(err));
    }
  };
  // Look again whenever more items have been analysed (not before the count is known: that would read twice).
  const analysed = useLive(() => db.visionFeatures.count(), [db], null as number | null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refresh reads only db
  useEffect(() => {
    if (analysed !== null) void refresh();
  }, [db, analysed]);
  // Rows only for the groups on screen.
  useEffect(() => {
    let live = true;
    const keys = (groups ?? []).slice(0, shown).flatMap((g) => g.keys);
    void db.items.bulkGet(keys as ItemKey[]).then((items) => {
      if (live) setCopies(new Map(items.flatMap((i) => (i ? [[i.key as string, i]] : []))));
    });
    return () => {
      live = false;
    };
  }, [db, groups, shown]);

  const sourceName = (id: string, kind: IndexItem['sourceKind']) =>
    sources.find((s) => s.id === id)?.name ?? KIND_NAMES[kind];
  const keepAndRefresh = async (answers: { keep: string; group: readonly string[] }[], words: string) => {
    await keepInGroups(db, answers);
    await refresh();
    ui.toast({
      text: words,
      undo: async () => {
        await undoKeep(
          db,
          answers.map((a) => a.group),
        );
        await refresh();
      },
    });
  };

  const bar = progress && (
    <ProgressBar label={PHASE_LABEL[progress.phase]} done={progress.done} total={progress.total} />
  );
  if (error) return <p className="error">Could not look for duplicates: {error}</p>;
  if (!groups)
    return (
      <section className="card duplicates" aria-label="Duplicates">
        {bar ?? <p>Looking for duplicates…</p>}
      </section>
    );
  const plans = groups.slice(0, shown).map((g) => ({ g, plan: planOf(g, copies) }));
  const ready = plans.flatMap(({ g, plan }) => (plan ? [{ keep: plan.keeper.key, group: g.keys }] : []));
  const extra = plans.reduce((sum, p) => sum + (p.plan?.extraBytes ?? 0), 0);
  return (
    <section
      className="card duplicates"
      aria-label="Duplicates"
      data-testid="duplicates-review"
      data-groups={groups.length}
    >
      <header className="dup-head">
        <div>
          <h2>Duplicates</h2>
          {groups.length > 0 && (
            <p className="muted small" data-testid="dup-summary">
              {plural(groups.length, 'group')} · {formatBytes(extra)} in extra copies
              {groups.length > shown ? ' among the groups shown' : ''}
            </p>
          )}
        </div>
        {ready.length > 1 && (
          <button
            type="button"
            className="primary"
            onClick={async () => {
              const yes = await ui.confirm({
                title: `Keep the suggested copy in ${plural(ready.length, 'group')}?`,
                body: 'The other copies are marked unwanted in Hypomos. Nothing is deleted in your clouds.',
                confirmLabel: 'Keep suggested',
              });
              if (yes) await keepAndRefresh(ready, `Kept the suggested copy in ${plural(ready.length, 'group')}`);
            }}
          >
            Keep suggested in all
          </button>
        )}
      </header>
      {bar}
      {groups.length === 0 && (
        <EmptyState icon={<CopyCheck size={40} />} title="No duplicates">
          Nothing among the analysed photos looks like a copy of another.
        </EmptyState>
      )}
      {plans.map(({ g, plan }) => (
        <div
          key={`${g.kind}:${g.keys.join('|')}`}
          className="dup-group"
          data-testid="dup-group"
          data-kind={g.kind}
          data-keys={g.keys.join(' ')}
        >
          <div className="dup-group-head">
            <h3>{g.kind === 'exact' ? 'Identical files' : 'Look the same'}</h3>
            <span className="muted small">
              {g.kind === 'exact' ? 'Same content, byte for byte' : 'Same picture, maybe resized or re-encoded'}
            </span>
            {plan && (
              <span className="pill" data-testid="dup-extra">
                {formatBytes(plan.extraBytes)} in {plural(g.keys.length - 1, 'extra copy', 'extra copies')}
              </span>
            )}
            {plan && (
              <button
                type="button"
                className="dup-keep-suggested"
                onClick={() => keepAndRefresh([{ keep: plan.keeper.key, group: g.keys }], 'Kept the suggested copy')}
              >
                Keep suggested
              </button>
            )}
          </div>
          <ul className="dup-members">
            {g.keys.map((k) => {
              const row = copies.get(k);
              const suggested = plan?.keeper.key === k;
              return (
                <li
                  key={k}
                  className={suggested ? 'suggested' : undefined}
                  data-suggested={suggested ? '1' : undefined}
                >
                  {row ? <Thumb item={toCatalogItem(row)} size={240} /> : <div className="thumb" />}
                  {suggested && <span className="dup-badge">Suggested</span>}
                  <div className="dup-name" title={row?.name}>
                    {row?.name}
                  </div>
                  <div className="muted small">
                    {[
                      row?.width && row?.height ? `${row.width}×${row.height}` : null,
                      row?.bytes != null ? formatBytes(row.bytes) : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </div>
                  <div className="muted small dup-where" title={row ? `/${row.folder}` : undefined}>
                    {row && `${sourceName(row.sourceId, row.sourceKind)} · /${row.folder}`}
                  </div>
                  {suggested && plan && (
                    <div className="small dup-why" data-testid="dup-why">
                      Why: {KEEP_REASON_WORDS[plan.keeper.reason]}
                    </div>
                  )}
                  <button type="button" onClick={() => keepAndRefresh([{ keep: k, group: g.keys }], 'Kept one copy')}>
                    Keep this one
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      {groups.length > shown && (
        <button type="button" onClick={() => setShown((n) => n + PAGE)}>
          Show more ({(groups.length - shown).toLocaleString()} groups left)
        </button>
      )}
    </section>
  );
}
