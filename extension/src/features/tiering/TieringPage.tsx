import { planTiering, type SourceKindForPrice, type TieringPlan } from '@hypomos/shared/tiering/plan';
import { DEFAULT_PRICES } from '@hypomos/shared/tiering/prices';
import { ColdTier, TieringRules } from '@hypomos/shared/tiering/rules';
import { Archive, Flame, Play, Snowflake, Undo2 } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { db } from '../../db';
import type { CollectionRow, SourceRow } from '../../db/rows';
import { KIND_NAMES } from '../sources';
import { formatBytes, plural, ProgressBar, useUi } from '../../ui';
import { tierItemsOf } from './library';
import { type MoverDeps, runMove } from './mover';
import type { MoveRow } from './rows';
import { type RunProgress, runTiering } from './run';
import { readTieringSettings, saveTieringSettings, type TieringSettings } from './settings';
import { isUnfinished, moveLog } from './store';
import { requestUndo, UNDO_REFUSED_PREFIX, undoBlockers } from './undo';
import './tiering.css';

/** A small library costs fractions of a cent: show enough digits to see the difference. */
const money = (n: number) => `$${n >= 1 ? n.toFixed(2) : n >= 0.01 ? n.toFixed(3) : n.toFixed(5)}`;

/**
 * The dashboard's #/tiering page: the rules, "keep warm" pins, editable prices, the plan with its monthly cost
 * before and after, a run with progress, and the move log. Moves run in this tab; their checkpoints are in
 * Dexie, so a closed tab resumes them at the next run.
 */
export function TieringPage({ makeDeps }: { makeDeps: () => MoverDeps }) {
  const ui = useUi();
  const [sources, setSources] = useState<SourceRow[]>([]);
  const [collections, setCollections] = useState<CollectionRow[]>([]);
  const [tags, setTags] = useState<string[]>([]);
  const [settings, setSettings] = useState<TieringSettings | null>(null);
  const [plan, setPlan] = useState<TieringPlan | null>(null);
  const [log, setLog] = useState<MoveRow[]>([]);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [blockers, setBlockers] = useState<Map<string, string | null>>(new Map());
  const [undoing, setUndoing] = useState<string | null>(null);
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    void (async () => {
      const [s, c, t, saved] = await Promise.all([
        db.sources.toArray(),
        db.collections.toArray(),
        db.items.orderBy('tags').uniqueKeys(),
        readTieringSettings(db),
      ]);
      setSources(s);
      setCollections(c);
      setTags((t as string[]).sort());
      const cold = s.find((x) => x.kind === 'azblob');
      // Moves in and out of Google Drive are not written yet (tiering/endpoints.ts): OneDrive is hot by default.
      const hot = s.filter((x) => x.kind === 'onedrive');
      setSettings(
        saved.rules || !cold || hot.length === 0
          ? saved
          : {
              ...saved,
              rules: {
                hotSourceIds: hot.map((x) => x.id),
                coldSourceId: cold.id,
                warmSourceId: hot[0]!.id,
                olderThanMonths: 24,
                idleMonths: 12,
                accessTier: 'Cold',
              },
            },
      );
    })();
  }, []);

  const rulesValid = settings?.rules ? TieringRules.safeParse(settings.rules).success : false;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` re-plans after a run
  useEffect(() => {
    if (!settings?.rules || !rulesValid) return setPlan(null);
    const kinds = new Map(sources.map((s) => [s.id, s.kind as SourceKindForPrice]));
    void tierItemsOf(db, Date.now()).then((items) =>
      setPlan(planTiering(items, settings.rules!, settings.pins, kinds, settings.prices, Date.now())),
    );
    void moveLog(db, 50).then(async (rows) => {
      setLog(rows);
      const items = await db.items.bulkGet(rows.map((r) => r.key as never));
      setNames(new Map(rows.map((r, i) => [r.key, items[i]?.name ?? r.fromPath])));
      setBlockers(await undoBlockers(db, rows));
    });
  }, [settings, sources, tick, rulesValid]);

  const update = (next: TieringSettings) => {
    setSettings(next);
    void saveTieringSettings(db, next).catch(() => undefined);
  };
  const sourceName = useMemo(() => new Map(sources.map((s) => [s.id, s.name])), [sources]);
  if (!settings) return <section className="page tiering" aria-label="Tiering" />;
  const rules = settings.rules;
  const setRules = (patch: Partial<NonNullable<TieringSettings['rules']>>) =>
    rules && update({ ...settings, rules: { ...rules, ...patch } });

  const run = async () => {
    if (!plan) return;
    try {
      const end = await runTiering(makeDeps(), plan.moves, setProgress);
      ui.toast({
        text: `${plural(end.done, 'item')} moved${end.failed ? `, ${end.failed} stopped (see the log)` : ''}`,
      });
    } catch (e) {
      ui.toast({ text: e instanceof Error ? e.message : String(e), tone: 'error' });
    } finally {
      setTick((t) => t + 1);
    }
  };

  const undo = async (row: MoveRow) => {
    setUndoing(row.id);
    try {
      const deps = makeDeps();
      const end = await runMove(deps, await requestUndo(deps.db, row.id, deps.now()));
      // The original's name (a copy may carry " (2)" where the destination had that name already).
      const name = row.fromPath.split('/').at(-1) ?? row.fromPath;
      if (end.state === 'undone')
        ui.toast({ text: `${name} is back in ${sourceName.get(row.fromSourceId) ?? 'its source'}` });
      else ui.toast({ text: end.error ?? `The undo of ${name} stopped (see the log)`, tone: 'error' });
    } catch (e) {
      ui.toast({ text: e instanceof Error ? e.message : String(e), tone: 'error' });
    } finally {
      // A finished undo pins the item warm (undo.ts): take the pins it saved, keep the rules shown here.
      const saved = await readTieringSettings(db);
      setSettings((s) => s && { ...s, pins: saved.pins });
      setUndoing(null);
      setTick((t) => t + 1);
    }
  };

  // Moves a failure stopped midway (e.g. after the switch): a run resumes them from the step they reached.
  const stopped = log.filter(isUnfinished).length;
  const toCold = plan?.moves.filter((m) => m.direction === 'to-cold') ?? [];
  const toWarm = plan?.moves.filter((m) => m.direction === 'to-warm') ?? [];
  const bytes = (ms: typeof toCold) => ms.reduce((a, m) => a + m.bytes, 0);

  return (
    <section className="page tiering" aria-label="Tiering">
      <div className="page-head">
        <h1>Hot and cold storage</h1>
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          disabled={(plan?.moves.length ?? 0) + stopped === 0 || (progress !== null && progress.current !== null)}
          onClick={() => void run()}
          data-testid="tiering-run"
        >
          <Play size={16} aria-hidden="true" />{' '}
          {plan?.moves.length || !stopped
            ? `Move ${plural(plan?.moves.length ?? 0, 'item')}`
            : `Resume ${plural(stopped, 'stopped move')}`}
        </button>
      </div>
      <p className="muted tiering-intro">
        Old photos nobody opens move to cheaper Blob storage; pinned ones come back. Every move copies, checks the
        copy's hash, switches the library and every share to it, and only then sends the original to its recycle bin.
      </p>
      {!rules ? (
        <div className="panel">Connect a OneDrive or Google Drive source and an Azure Blob container first.</div>
      ) : (
        <div className="tiering-grid">
          <div className="panel tiering-rules" data-testid="tiering-rules">
            <h2>Rules</h2>
            <fieldset>
              <legend>Hot sources</legend>
              {sources
                .filter((s) => s.id !== rules.coldSourceId)
                .map((s) => (
                  <label key={s.id} className="check">
                    <input
                      type="checkbox"
                      checked={rules.hotSourceIds.includes(s.id)}
                      onChange={(e) =>
                        setRules({
                          hotSourceIds: e.target.checked
                            ? [...rules.hotSourceIds, s.id]
                            : rules.hotSourceIds.filter((id) => id !== s.id),
                        })
                      }
                    />
                    {s.name} <span className="muted small">{KIND_NAMES[s.kind]}</span>
                  </label>
                ))}
            </fieldset>
            <div className="tiering-fields">
              <label className="field">
                <span>Cold source</span>
                <select value={rules.coldSourceId} onChange={(e) => setRules({ coldSourceId: e.target.value })}>
                  {sources
                    .filter((s) => s.kind === 'azblob')
                    .map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                </select>
              </label>
              <label className="field">
                <span>Access tier</span>
                <select
                  value={rules.accessTier}
                  onChange={(e) => setRules({ accessTier: ColdTier.parse(e.target.value) })}
                >
                  <option value="Cool">Cool</option>
                  <option value="Cold">Cold</option>
                  <option value="Archive">Archive (hours to read back)</option>
                </select>
              </label>
              <label className="field">
                <span>Taken more than</span>
                <span className="with-unit">
                  <input
                    type="number"
                    min={1}
                    value={rules.olderThanMonths}
                    onChange={(e) => setRules({ olderThanMonths: Math.max(1, Number(e.target.value) || 1) })}
                  />
                  months ago
                </span>
              </label>
              <label className="field">
                <span>Not opened, liked or shared for</span>
                <span className="with-unit">
                  <input
                    type="number"
                    min={1}
                    value={rules.idleMonths}
                    onChange={(e) => setRules({ idleMonths: Math.max(1, Number(e.target.value) || 1) })}
                  />
                  months
                </span>
              </label>
              <label className="field">
                <span>Pinned items go back to</span>
                <select value={rules.warmSourceId} onChange={(e) => setRules({ warmSourceId: e.target.value })}>
                  {rules.hotSourceIds.map((id) => (
                    <option key={id} value={id}>
                      {sourceName.get(id) ?? id}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {!rulesValid && <p className="error small">Pick at least one hot source, and a warm source among them.</p>}
            <h2>
              <Flame size={16} aria-hidden="true" /> Keep warm
            </h2>
            <div className="chips" data-testid="tiering-pins">
              {tags.map((t) => (
                <Chip
                  key={`t:${t}`}
                  on={settings.pins.tags.includes(t)}
                  label={`#${t}`}
                  toggle={(on) =>
                    update({ ...settings, pins: { ...settings.pins, tags: toggled(settings.pins.tags, t, on) } })
                  }
                />
              ))}
              {collections
                .filter((c) => c.kind === 'static')
                .map((c) => (
                  <Chip
                    key={`c:${c.id}`}
                    on={settings.pins.collectionIds.includes(c.id)}
                    label={c.title}
                    toggle={(on) =>
                      update({
                        ...settings,
                        pins: { ...settings.pins, collectionIds: toggled(settings.pins.collectionIds, c.id, on) },
                      })
                    }
                  />
                ))}
            </div>
            <p className="muted small">
              {tags.length + collections.length === 0
                ? 'Tag photos or make a collection to pin them here. '
                : 'Pinned tags and collections stay on a hot source. '}
              {plural(settings.pins.itemKeys.length, 'single item')} pinned from the lightbox.
            </p>
            <h2>Prices, US$ per GiB per month</h2>
            <div className="tiering-prices">
              <PriceField
                label="OneDrive"
                value={settings.prices.onedrive}
                set={(v) => update({ ...settings, prices: { ...settings.prices, onedrive: v } })}
              />
              <PriceField
                label="Google Drive"
                value={settings.prices.gdrive}
                set={(v) => update({ ...settings, prices: { ...settings.prices, gdrive: v } })}
              />
              {(['Hot', 'Cool', 'Cold', 'Archive'] as const).map((tier) => (
                <PriceField
                  key={tier}
                  label={`Blob ${tier}`}
                  value={settings.prices.azblob[tier]}
                  set={(v) =>
                    update({
                      ...settings,
                      prices: { ...settings.prices, azblob: { ...settings.prices.azblob, [tier]: v } },
                    })
                  }
                />
              ))}
            </div>
            <p className="muted small">
              Defaults: list prices (Microsoft 365 Basic, Google One 100 GB, Azure LRS East US), not checked online.{' '}
              <button type="button" className="link" onClick={() => update({ ...settings, prices: DEFAULT_PRICES })}>
                Reset
              </button>
            </p>
          </div>
          <div className="tiering-side">
            <div className="panel tiering-plan" data-testid="tiering-plan">
              <h2>Plan</h2>
              <div className="tiering-tiles">
                <div className="tiering-tile">
                  <Snowflake size={18} aria-hidden="true" />
                  <strong>{toCold.length}</strong>
                  <span className="muted small">to cold · {formatBytes(bytes(toCold))}</span>
                </div>
                <div className="tiering-tile">
                  <Flame size={18} aria-hidden="true" />
                  <strong>{toWarm.length}</strong>
                  <span className="muted small">back to warm · {formatBytes(bytes(toWarm))}</span>
                </div>
                <div className="tiering-tile">
                  <Archive size={18} aria-hidden="true" />
                  <strong>{plan?.keptByPins ?? 0}</strong>
                  <span className="muted small">kept warm by pins</span>
                </div>
              </div>
              <table className="tiering-table">
                <thead>
                  <tr>
                    <th>Source</th>
                    <th>Now</th>
                    <th>After</th>
                    <th>Per month</th>
                  </tr>
                </thead>
                <tbody>
                  {plan?.before.map((b) => {
                    const a = plan.after.find((x) => x.sourceId === b.sourceId)!;
                    return (
                      <tr key={b.sourceId}>
                        <td>{sourceName.get(b.sourceId) ?? b.sourceId}</td>
                        <td>
                          {b.items} · {formatBytes(b.bytes)}
                        </td>
                        <td>
                          {a.items} · {formatBytes(a.bytes)}
                        </td>
                        <td>
                          {money(b.monthlyCost)} → {money(a.monthlyCost)}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot>
                  <tr>
                    <td colSpan={3}>Estimated storage cost</td>
                    <td data-testid="tiering-cost">
                      {money(plan?.monthlyCostBefore ?? 0)} → <strong>{money(plan?.monthlyCostAfter ?? 0)}</strong>
                    </td>
                  </tr>
                </tfoot>
              </table>
              {progress && (
                <div className="tiering-progress" data-testid="tiering-progress">
                  <ProgressBar
                    testId="tiering-progress-bar"
                    done={progress.done + progress.failed}
                    total={progress.total}
                    label={`${progress.done} of ${progress.total} moved${progress.failed ? `, ${progress.failed} stopped` : ''}${
                      progress.current ? ` · ${names.get(progress.current.key) ?? ''} ${progress.current.state}` : ''
                    }`}
                  />
                </div>
              )}
            </div>
            <div className="panel tiering-log" data-testid="tiering-log">
              <h2>Move log</h2>
              {log.length === 0 ? (
                <p className="muted small">Nothing has moved yet.</p>
              ) : (
                <ul>
                  {log.map((m) => {
                    const blocker = blockers.get(m.id);
                    return (
                      <li key={m.id} data-testid="tiering-log-row" data-state={m.state} data-move={m.id}>
                        <span className={`pill ${PILL[m.state] ?? ''}`}>
                          {m.state.startsWith('undo-') ? 'undoing' : m.state}
                        </span>
                        <span className="name">{names.get(m.key) ?? m.fromPath}</span>
                        {m.state === 'done' && blocker === null && (
                          <button
                            type="button"
                            className="ghost tiering-undo"
                            disabled={undoing !== null || progress?.current != null}
                            onClick={() => void undo(m)}
                            title={`Restore the original from the ${sourceName.get(m.fromSourceId) ?? ''} recycle bin, relink its shares, then delete the copy`}
                            data-testid="tiering-undo"
                          >
                            <Undo2 size={14} aria-hidden="true" /> {undoing === m.id ? 'Undoing…' : 'Undo'}
                          </button>
                        )}
                        <span className="muted small">
                          {sourceName.get(m.fromSourceId) ?? m.fromSourceId} →{' '}
                          {sourceName.get(m.toSourceId) ?? m.toSourceId}
                          {m.tier ? ` (${m.tier})` : ''} · {m.log.at(-1)?.note}
                        </span>
                        {m.state === 'done' && blocker && !m.error?.startsWith(UNDO_REFUSED_PREFIX) && (
                          <span className="muted small tiering-no-undo" data-testid="tiering-no-undo">
                            Can't undo: {blocker}
                          </span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

const PILL: Partial<Record<MoveRow['state'], string>> = {
  done: 'ok',
  failed: 'warn',
  undone: '',
  'undo-queued': 'busy',
  'undo-restored': 'busy',
  'undo-switched': 'busy',
  'undo-republished': 'busy',
};

const toggled = (list: string[], value: string, on: boolean) =>
  on ? [...new Set([...list, value])] : list.filter((v) => v !== value);

function Chip({ on, label, toggle }: { on: boolean; label: string; toggle: (on: boolean) => void }) {
  return (
    <button type="button" className={`chip ${on ? 'on' : ''}`} aria-pressed={on} onClick={() => toggle(!on)}>
      {label}
    </button>
  );
}

function PriceField({ label, value, set }: { label: string; value: number; set: (v: number) => void }) {
  return (
    <label className="field">
      <span className="small">{label}</span>
      <input
        type="number"
        step="0.0001"
        min={0}
        value={Number(value.toFixed(5))}
        onChange={(e) => set(Math.max(0, Number(e.target.value) || 0))}
      />
    </label>
  );
}
