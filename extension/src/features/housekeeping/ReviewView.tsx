import { BEST_REASON_WORDS, REASON_WORDS } from '@hypomos/shared/housekeeping/review';
import type { IndexItem } from '@hypomos/shared/index/item';
import { Sparkles, Star, Trash2 } from 'lucide-react';
import { type KeyboardEvent, type ReactNode, useMemo, useRef, useState } from 'react';
import { EmptyState, formatBytes, plural, useUi } from '../../ui';
import { type BinDeps, binItems, deletionOf, keepItems, restoreItems, unkeepItems } from './bin';
import { layOut, SECTIONS, type SectionId } from './sections';
import { Tile } from './Tile';
import type { ReviewData } from './use-review';

/**
 * The review: candidates grouped by why they could go, bursts and look-alikes with their best shot marked. The user
 * selects (click, Space, A) and keeps (K) or bins (Delete, D) in bulk; with nothing selected, K and D act on the
 * focused photo and move on to the next, so a library can be triaged from the keyboard alone.
 */
/** Groups and tiles per section drawn at first, and added by each "Show more". */
const PAGE = 60;

export function ReviewView({ data, makeBinDeps }: { data: ReviewData; makeBinDeps: () => BinDeps }) {
  const ui = useUi();
  const [only, setOnly] = useState<SectionId | 'all'>('all');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focus, setFocus] = useState(0);
  const [busy, setBusy] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const grid = useRef<HTMLDivElement>(null);
  const laid = useMemo(() => layOut(data.review, only, limit), [data.review, only, limit]);
  const counts = useMemo(() => layOut(data.review, 'all', 0).totals, [data.review]);
  const byKey = useMemo(() => new Map(data.review.candidates.map((c) => [c.key, c])), [data.review]);
  const focusedKey = laid.order[Math.min(focus, laid.order.length - 1)] ?? null;
  const selectedBytes = [...selected].reduce((sum, k) => sum + (byKey.get(k)?.bytes ?? 0), 0);

  /** The rest of a long section, a page at a time. */
  const showMore = (id: SectionId) => {
    const shown = id === 'groups' ? laid.groups.length : (laid.bySection.get(id)?.length ?? 0);
    const rest = (id === 'groups' ? laid.groupTotal : (laid.totals.get(id) ?? 0)) - shown;
    return rest > 0 ? (
      <button type="button" className="ghost hk-show-more" onClick={() => setLimit((l) => l + PAGE)}>
        Show {Math.min(rest, PAGE)} more of {rest}
      </button>
    ) : null;
  };

  const moveFocus = (index: number) => {
    const next = Math.max(0, Math.min(index, laid.order.length - 1));
    setFocus(next);
    grid.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(laid.order[next] ?? '')}"]`)?.focus();
  };
  const toggle = (key: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  /** The selection, or the focused photo when nothing is selected. */
  const targets = () => (selected.size > 0 ? [...selected] : focusedKey ? [focusedKey] : []);

  const keep = async (keys: string[]) => {
    if (keys.length === 0) return;
    await keepItems(makeBinDeps().db, keys, Date.now());
    setSelected(new Set());
    ui.toast({ text: `Kept ${plural(keys.length, 'item')}`, undo: () => unkeepItems(makeBinDeps().db, keys) });
  };

  const bin = async (keys: string[]) => {
    if (keys.length === 0 || busy) return;
    const deps = makeBinDeps();
    const items = keys.map((k) => data.items.get(k)).filter((i): i is IndexItem => !!i);
    const forever = new Set<string>();
    for (const sourceId of new Set(items.map((i) => i.sourceId))) {
      const source = data.sources.get(sourceId);
      if (source && (await deletionOf(deps, source).catch(() => undefined)) === 'forever') forever.add(sourceId);
    }
    const final = items.filter((i) => forever.has(i.sourceId));
    if (final.length > 0) {
      const yes = await ui.confirm({
        title: `Delete ${plural(final.length, 'item')} for good?`,
        body:
          `${plural(final.length, 'item')} ${final.length === 1 ? 'is' : 'are'} on Azure Blob, which has no recycle bin Hypomos ` +
          'can undo from. If soft delete is on for the storage account, they can be brought back in the Azure portal.',
        confirmLabel: 'Delete for good',
        danger: true,
      });
      if (!yes) return;
    }
    setBusy(true);
    try {
      const outcomes = await binItems(deps, keys);
      const done = outcomes.filter((o) => o.ok).map((o) => o.key);
      const failed = outcomes.filter((o) => !o.ok);
      setSelected(new Set());
      if (done.length > 0) {
        const undoable = done.filter((k) => !forever.has(data.items.get(k)?.sourceId ?? ''));
        ui.toast({
          text: `Moved ${plural(done.length, 'item')} to the bin`,
          undo: undoable.length > 0 ? () => void restoreItems(makeBinDeps(), undoable) : undefined,
        });
      }
      if (failed.length > 0)
        ui.toast({
          tone: 'error',
          text: `${plural(failed.length, 'item')} not moved: ${failed[0] && !failed[0].ok ? failed[0].message : ''}`,
        });
    } finally {
      setBusy(false);
    }
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const act = (fn: () => void) => {
      e.preventDefault();
      fn();
    };
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        return act(() => moveFocus(focus + 1));
      case 'ArrowLeft':
      case 'ArrowUp':
        return act(() => moveFocus(focus - 1));
      case ' ':
        return act(() => focusedKey && toggle(focusedKey));
      case 'a':
      case 'A':
        return act(() => setSelected(new Set(laid.order)));
      case 'Escape':
        return act(() => setSelected(new Set()));
      case 'k':
      case 'K':
        return act(() => void keep(targets()));
      case 'Delete':
      case 'Backspace':
      case 'd':
      case 'D':
        return act(() => void bin(targets()));
    }
  };

  if (data.review.candidates.length === 0)
    return (
      <EmptyState icon={<Sparkles size={40} />} title="Nothing to clean up">
        No blurry, dark or duplicate shots, no old screenshots. Photos are measured as vision analyses them.
      </EmptyState>
    );

  const tile = (key: string, badge?: ReactNode) => {
    const item = data.items.get(key);
    const c = byKey.get(key);
    if (!item) return null;
    return (
      <Tile
        key={key}
        item={item}
        selected={selected.has(key)}
        focused={key === focusedKey}
        badge={badge}
        caption={
          <>
            <span className="hk-reason">{c ? c.reasons.map((r) => REASON_WORDS[r]).join(' · ') : ''}</span>
            <span className="hk-size">{formatBytes(item.bytes ?? 0)}</span>
          </>
        }
        onToggle={() => toggle(key)}
        onFocus={() => setFocus(laid.order.indexOf(key))}
      />
    );
  };

  return (
    <div className="hk-review" data-testid="hk-review">
      <div className="hk-hero">
        <div>
          <p className="hk-hero-count" data-testid="hk-count">
            {plural(data.review.candidates.length, 'item')} could go
          </p>
          <p className="muted">
            Frees <strong data-testid="hk-frees">{formatBytes(data.review.bytes)}</strong> in your clouds. Nothing is
            deleted until you move it to the bin, and the bin can put it back.
          </p>
        </div>
        <p className="hk-keys muted small" aria-label="Keyboard shortcuts">
          <kbd>←</kbd>
          <kbd>→</kbd> move · <kbd>Space</kbd> select · <kbd>A</kbd> all · <kbd>K</kbd> keep · <kbd>Del</kbd> bin
        </p>
      </div>
      <div className="hk-filters" role="toolbar" aria-label="Show">
        <button type="button" className="hk-chip" aria-pressed={only === 'all'} onClick={() => setOnly('all')}>
          All <span>{data.review.candidates.length}</span>
        </button>
        {SECTIONS.filter((s) => counts.has(s.id)).map((s) => (
          <button
            type="button"
            key={s.id}
            className="hk-chip"
            aria-pressed={only === s.id}
            onClick={() => setOnly(s.id)}
          >
            {s.title} <span>{counts.get(s.id)}</span>
          </button>
        ))}
      </div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the grid's keys act on its focused tile (roving focus) */}
      <div className="hk-sections" ref={grid} onKeyDown={onKey}>
        {laid.groups.length > 0 && (
          <section className="hk-section" aria-label="Bursts and look-alikes">
            <h2>Bursts and look-alikes</h2>
            <div className="hk-groups">
              {laid.groups.map((g) => (
                <div key={g.members.join('|')} className="hk-group" data-testid="hk-group" data-kind={g.kind}>
                  <p className="hk-group-head muted small">
                    {g.kind === 'burst' ? 'Burst' : 'Look-alikes'} · {plural(g.members.length, 'shot')}
                  </p>
                  <div className="hk-grid">
                    {g.members.map((k) =>
                      k === g.best ? (
                        <div key={k} className="hk-best" data-testid="hk-best" data-key={k}>
                          {tileOfBest(data.items.get(k), BEST_REASON_WORDS[g.bestReason])}
                        </div>
                      ) : (
                        tile(k)
                      ),
                    )}
                  </div>
                </div>
              ))}
            </div>
            {showMore('groups')}
          </section>
        )}
        {SECTIONS.filter((s) => s.id !== 'groups' && laid.bySection.has(s.id)).map((s) => (
          <section key={s.id} className="hk-section" aria-label={s.title} data-testid={`hk-section-${s.id}`}>
            <h2>{s.title}</h2>
            <div className="hk-grid">{laid.bySection.get(s.id)?.map((c) => tile(c.key))}</div>
            {showMore(s.id)}
          </section>
        ))}
      </div>
      {selected.size > 0 && (
        <div className="hk-bar" role="toolbar" aria-label="Selection">
          <span data-testid="hk-selected">
            {plural(selected.size, 'item')} selected · {formatBytes(selectedBytes)}
          </span>
          <button type="button" className="ghost" onClick={() => setSelected(new Set())}>
            Clear
          </button>
          <button type="button" onClick={() => void keep([...selected])}>
            <Star size={16} aria-hidden="true" /> Keep
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => void bin([...selected])}>
            <Trash2 size={16} aria-hidden="true" /> Move to bin
          </button>
        </div>
      )}
    </div>
  );
}

/** The shot kept in a group: not a candidate, so it has no check; a badge says why it was chosen. */
function tileOfBest(item: IndexItem | undefined, why: string) {
  if (!item) return null;
  return (
    <Tile
      item={item}
      selected={false}
      focused={false}
      badge={
        <>
          <Star size={12} aria-hidden="true" /> Best · {why}
        </>
      }
      caption={<span className="hk-size">{formatBytes(item.bytes ?? 0)}</span>}
      onToggle={() => undefined}
      onFocus={() => undefined}
    />
  );
}
