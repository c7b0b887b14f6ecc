import { formatCaptureTime } from '@hypomos/shared/index/capture-date';
import type { IndexItem } from '@hypomos/shared/index/item';
import { useState } from 'react';
import type { HypomosDb } from '../../db';
import { tagFolder } from '../tags';
import { ProgressBar, useLibraryContext } from '../library';

/** Only http(s) links leave the extension: a stored `javascript:` URL must never become clickable. */
export function safeWebUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

export function exposureText(i: IndexItem): string | null {
  const parts: string[] = [];
  if (i.exposureTime) parts.push(i.exposureTime >= 1 ? `${i.exposureTime} s` : `1/${Math.round(1 / i.exposureTime)} s`);
  if (i.fNumber) parts.push(`ƒ/${i.fNumber}`);
  if (i.iso) parts.push(`ISO ${i.iso}`);
  if (i.focalLength) parts.push(`${i.focalLength} mm`);
  return parts.length ? parts.join(' · ') : null;
}

function placeText(i: IndexItem): string | null {
  const named = i.placeName ?? [i.place?.city, i.place?.country].filter(Boolean).join(', ');
  const coords = i.lat !== null && i.lon !== null ? `${i.lat.toFixed(5)}, ${i.lon.toFixed(5)}` : '';
  return [named, coords].filter(Boolean).join(' — ') || null;
}

function Row({ label, value, testId }: { label: string; value: string | null; testId: string }) {
  if (!value) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </>
  );
}

/** Everything the index knows about one item. All values render as text, never as HTML. */
export function MetadataPanel({ item, db }: { item: IndexItem; db: HypomosDb }) {
  const { store } = useLibraryContext();
  const [folderTag, setFolderTag] = useState('');
  const [busy, setBusy] = useState<{ done: number; total: number } | null>(null);
  const [note, setNote] = useState('');
  const web = safeWebUrl(item.webUrl);
  const taken = formatCaptureTime(item.takenAt);
  return (
    <aside className="meta" data-testid="metadata-panel">
      <h2 data-testid="meta-name">{item.name}</h2>
      <dl>
        <Row label="Taken" value={`${taken}${item.timeZone ? ` (${item.timeZone})` : ''}`} testId="meta-taken" />
        <Row label="Camera" value={[item.make, item.model].filter(Boolean).join(' ') || null} testId="meta-camera" />
        <Row label="Lens" value={item.lens} testId="meta-lens" />
        <Row label="Exposure" value={exposureText(item)} testId="meta-exposure" />
        <Row
          label="Size"
          value={item.width && item.height ? `${item.width} × ${item.height}` : null}
          testId="meta-size"
        />
        <Row label="Place" value={placeText(item)} testId="meta-place" />
        <Row label="People" value={item.people.join(', ') || null} testId="meta-people" />
        <Row label="Things" value={item.labels.join(', ') || null} testId="meta-labels" />
        <Row label="Tags" value={item.tags.join(', ') || null} testId="meta-tags" />
        <Row label="Source" value={`${item.sourceKind} · ${item.sourceId}`} testId="meta-source" />
        <Row label="Path" value={`/${item.folder ? `${item.folder}/` : ''}${item.name}`} testId="meta-path" />
      </dl>
      {web && (
        <a href={web} target="_blank" rel="noopener noreferrer" data-testid="open-in-source">
          Open in source ↗
        </a>
      )}
      <div className="folder-tag">
        <input
          aria-label="Tag for this folder"
          placeholder="tag"
          value={folderTag}
          onChange={(e) => setFolderTag(e.target.value)}
        />
        <button
          type="button"
          disabled={folderTag.trim() === '' || busy !== null}
          onClick={async () => {
            setBusy({ done: 0, total: 1 });
            const keys = await tagFolder(db, item.sourceId, item.folder, [folderTag], (done, total) =>
              setBusy({ done, total }),
            );
            await store.refresh(keys);
            setBusy(null);
            setNote(`Tagged ${keys.length} items in /${item.folder}`);
          }}
        >
          Tag this folder
        </button>
        {busy && <ProgressBar label="Tagging folder" {...busy} />}
        {note && <span role="status">{note}</span>}
      </div>
    </aside>
  );
}
