import type { PublicItem } from '@hypomos/shared/api/public';
import type { StatKind } from '@hypomos/shared/api/shares';
import { useState } from 'react';
import { messageOf } from '../api/client';
import type { RelayUrlOf } from './delivery-path';
import { saveBlob } from './files';
import { type ZipProgress, zipOriginals } from './zip';

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** "Download all" for galleries that allow it: the ZIP is built here, from the delegated links, with progress. */
export function DownloadAll({
  items,
  title,
  record,
  disabled,
  relayUrlOf,
}: {
  items: PublicItem[];
  title: string;
  record: (itemId: string, kind: StatKind) => void;
  disabled: boolean;
  relayUrlOf: RelayUrlOf;
}) {
  const [progress, setProgress] = useState<ZipProgress | null>(null);
  const [state, setState] = useState<'idle' | 'working' | 'done' | 'error'>('idle');
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setState('working');
    setError(null);
    try {
      const { blob, progress: final } = await zipOriginals(items, relayUrlOf, setProgress, (id) =>
        record(id, 'downloaded'),
      );
      setProgress(final);
      saveBlob(
        blob,
        `${
          title
            .replace(/[^\p{L}\p{N} _-]+/gu, '')
            .trim()
            .slice(0, 80) || 'photos'
        }.zip`,
      );
      setState('done');
    } catch (err) {
      setError(messageOf(err));
      setState('error');
    }
  };
  return (
    <div className="download-all">
      <button type="button" onClick={start} disabled={disabled || state === 'working' || items.length === 0}>
        Download all ({items.length})
      </button>
      {progress && (
        <span className="zip-progress" data-testid="zip-progress" data-state={state}>
          <progress max={progress.filesTotal} value={progress.filesDone} /> {progress.filesDone} / {progress.filesTotal}{' '}
          files, {mb(progress.bytes)}
          {state === 'done' && ' — ZIP ready'}
        </span>
      )}
      {progress && progress.failed.length > 0 && (
        <span className="error">{progress.failed.length} could not be fetched and were left out.</span>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
