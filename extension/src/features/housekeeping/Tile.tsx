import type { IndexItem } from '@hypomos/shared/index/item';
import { Check } from 'lucide-react';
import { type ReactNode, useMemo } from 'react';
import { Thumb, toCatalogItem } from '../library';

/**
 * A square photo tile as photo apps draw them: the picture edge to edge, a round check at the top left that shows on
 * hover, focus or selection, and a caption over a shade at the bottom.
 */
export function Tile({
  item,
  selected,
  focused,
  badge,
  caption,
  onToggle,
  onFocus,
}: {
  item: IndexItem;
  selected: boolean;
  focused: boolean;
  badge?: ReactNode;
  caption: ReactNode;
  onToggle: () => void;
  onFocus: () => void;
}) {
  // The review reloads its rows whenever vision writes: a new row object for the same picture must not restart the
  // thumbnail's loading, so the tile's catalog item changes only with what the thumbnail depends on.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the fields the thumbnail reads
  const catalogItem = useMemo(() => toCatalogItem(item), [item.key, item.etag, item.thumbnailUrl, item.blurhash]);
  return (
    <button
      type="button"
      className="hk-tile"
      aria-pressed={selected}
      aria-label={item.name}
      // Roving focus: the grid moves it with the arrow keys, Tab enters and leaves the grid once.
      tabIndex={focused ? 0 : -1}
      data-key={item.key}
      data-focused={focused ? '1' : '0'}
      data-testid="hk-tile"
      onFocus={onFocus}
      onClick={onToggle}
    >
      <Thumb item={catalogItem} size={320} />
      <span className="hk-check" aria-hidden="true">
        <Check size={14} strokeWidth={3} />
      </span>
      {badge && <span className="hk-badge">{badge}</span>}
      <span className="hk-caption">{caption}</span>
    </button>
  );
}
