import { RotateCcw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { EmptyState, formatAgo, formatBytes, plural, useUi } from '../../ui';
import { type BinDeps, restoreItems } from './bin';
import type { BinRow } from './rows';
import { Tile } from './Tile';

const WHERE: Record<string, string> = {
  onedrive: 'OneDrive recycle bin',
  gdrive: 'Google Drive trash',
  azblob: 'Deleted for good',
};

/**
 * What the review binned, newest first. Items in a provider's bin can be put back while the provider keeps them
 * (OneDrive: 30 days for personal accounts; Drive: 30 days); a Blob item was deleted for good and only says so.
 */
export function BinView({ bin, makeBinDeps }: { bin: BinRow[]; makeBinDeps: () => BinDeps }) {
  const ui = useUi();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  if (bin.length === 0)
    return (
      <EmptyState icon={<Trash2 size={40} />} title="The bin is empty">
        What you move to the bin from the review shows here, and can be put back while your cloud keeps it.
      </EmptyState>
    );
  const restore = async (keys: string[]) => {
    setBusy(true);
    try {
      const outcomes = await restoreItems(makeBinDeps(), keys);
      const done = outcomes.filter((o) => o.ok).length;
      const failed = outcomes.find((o) => !o.ok);
      setSelected(new Set());
      if (done > 0) ui.toast({ text: `Restored ${plural(done, 'item')}` });
      if (failed && !failed.ok) ui.toast({ tone: 'error', text: `Not restored: ${failed.message}` });
    } finally {
      setBusy(false);
    }
  };
  const restorable = bin.filter((b) => b.where === 'bin');
  return (
    <div className="hk-review" data-testid="hk-bin">
      <div className="hk-hero">
        <div>
          <p className="hk-hero-count">{plural(bin.length, 'item')} in the bin</p>
          <p className="muted">
            {formatBytes(bin.reduce((sum, b) => sum + (b.item.bytes ?? 0), 0))} · removed from the library and from
            every share. Restore puts a photo back where it was, with its tags.
          </p>
        </div>
        {restorable.length > 0 && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void restore(selected.size > 0 ? [...selected] : restorable.map((b) => b.key))}
          >
            <RotateCcw size={16} aria-hidden="true" />{' '}
            {selected.size > 0 ? `Restore ${plural(selected.size, 'item')}` : 'Restore all'}
          </button>
        )}
      </div>
      <div className="hk-grid">
        {bin.map((b) => (
          <Tile
            key={b.key}
            item={b.item}
            selected={selected.has(b.key)}
            focused={false}
            caption={
              <>
                <span className="hk-reason">{b.where === 'bin' ? WHERE[b.item.sourceKind] : WHERE.azblob}</span>
                <span className="hk-size">{formatAgo(b.binnedAt)}</span>
              </>
            }
            onToggle={() =>
              b.where === 'bin' &&
              setSelected((s) => {
                const next = new Set(s);
                if (!next.delete(b.key)) next.add(b.key);
                return next;
              })
            }
            onFocus={() => undefined}
          />
        ))}
      </div>
    </div>
  );
}
