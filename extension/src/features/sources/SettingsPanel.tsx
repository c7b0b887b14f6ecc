import { useEffect, useState } from 'react';
import { readSourcesSettings, type SourcesSettings, updateSourcesSettings } from './settings';

type Field = {
  label: string;
  get: (s: SourcesSettings) => string | number | null;
  set: (s: SourcesSettings, v: string) => SourcesSettings;
  type?: 'number';
};

const FIELDS: Field[] = [
  {
    label: 'Minutes between background syncs (0 = off)',
    type: 'number',
    get: (s) => s.syncIntervalMinutes,
    set: (s, v) => ({ ...s, syncIntervalMinutes: Number(v) }),
  },
  {
    label: 'Reads in flight per source',
    type: 'number',
    get: (s) => s.concurrency,
    set: (s, v) => ({ ...s, concurrency: Number(v) }),
  },
  {
    label: 'Thumbnail cache (MiB)',
    type: 'number',
    get: (s) => s.thumbnailCacheMiB,
    set: (s, v) => ({ ...s, thumbnailCacheMiB: Number(v) }),
  },
  {
    label: 'Microsoft client id',
    get: (s) => s.clientIds.microsoft,
    set: (s, v) => ({ ...s, clientIds: { ...s.clientIds, microsoft: v.trim() } }),
  },
  {
    label: 'Google client id',
    get: (s) => s.clientIds.google,
    set: (s, v) => ({ ...s, clientIds: { ...s.clientIds, google: v.trim() } }),
  },
  {
    label: 'Microsoft Graph base URL',
    get: (s) => s.endpoints.graph,
    set: (s, v) => ({ ...s, endpoints: { ...s.endpoints, graph: v.trim() } }),
  },
  {
    label: 'Google Drive API base URL',
    get: (s) => s.endpoints.drive,
    set: (s, v) => ({ ...s, endpoints: { ...s.endpoints, drive: v.trim() } }),
  },
  {
    label: 'Demo OneDrive server',
    get: (s) => s.demo.graphUrl,
    set: (s, v) => ({ ...s, demo: { ...s.demo, graphUrl: v.trim() || null } }),
  },
  {
    label: 'Demo Google Drive server',
    get: (s) => s.demo.driveUrl,
    set: (s, v) => ({ ...s, demo: { ...s.demo, driveUrl: v.trim() || null } }),
  },
  {
    label: 'Demo Blob container SAS URL',
    get: (s) => s.demo.blobSasUrl,
    set: (s, v) => ({ ...s, demo: { ...s.demo, blobSasUrl: v.trim() || null } }),
  },
];

/** Run-time settings of the sources (stored versioned in extension storage; the background follows changes). */
export function SettingsPanel() {
  const [draft, setDraft] = useState<SourcesSettings | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    void readSourcesSettings().then(setDraft);
  }, []);
  if (!draft) return null;
  const save = async () => {
    try {
      setDraft(await updateSourcesSettings(() => draft));
      setMessage('Saved.');
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <form
      className="settings-panel"
      aria-label="Source settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {FIELDS.map((f) => (
        <label key={f.label} className="row">
          {f.label}
          <input
            type={f.type ?? 'text'}
            value={f.get(draft) ?? ''}
            onChange={(e) => setDraft(f.set(draft, e.target.value))}
            size={40}
          />
        </label>
      ))}
      <button type="submit">Save settings</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
