import type { Collection } from '@hypomos/shared/api/collections';
import type { ShareCreated } from '@hypomos/shared/api/shares';
import type { ShareDownloads } from '@hypomos/shared/sharing/download-sizes';
import { PASSCODE_MIN_LENGTH } from '@hypomos/shared/sharing/passcode';
import { type FormEvent, useState } from 'react';
import { client, messageOf, ok } from '../api/client';
import { DownloadsRadios } from './download-choices';
import { isoFromLocal } from './useLoad';

/** A new link (or photographer's gallery) for one collection: expiry, passcode, download permission, relay. */
export function CreateShareForm({
  collection,
  onCreated,
  onCancel,
}: {
  collection: Collection;
  onCreated: (created: ShareCreated) => void;
  onCancel: () => void;
}) {
  const [kind, setKind] = useState<'link' | 'gallery'>('link');
  const [title, setTitle] = useState('');
  const [expires, setExpires] = useState('');
  const [passcode, setPasscode] = useState('');
  const [downloads, setDownloads] = useState<ShareDownloads>('none');
  const [relay, setRelay] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const json = {
        kind,
        title: title || null,
        expiresAt: isoFromLocal(expires),
        passcode: passcode || null,
        downloads,
        relay,
      };
      onCreated(await ok(client.api.collections[':id'].shares.$post({ param: { id: collection.id }, json })));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label={`Share ${collection.title}`}>
      <div className="form-grid">
        <label className="field span-all">
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as 'link' | 'gallery')}>
            <option value="link">Link: guests view the collection</option>
            <option value="gallery">Photographer's gallery (download all until expiry)</option>
          </select>
        </label>
        <label className="field span-all">
          Title <span className="hint">Guests see this; the collection's name when empty.</span>
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder={collection.title}
            maxLength={200}
          />
        </label>
        <label className="field">
          Expires {kind === 'gallery' ? <span className="hint">Required for a gallery.</span> : null}
          <input
            type="datetime-local"
            name="expires"
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
            required={kind === 'gallery'}
          />
        </label>
        <label className="field">
          Passcode <span className="hint">Optional, {PASSCODE_MIN_LENGTH}+ characters.</span>
          <input
            name="passcode"
            value={passcode}
            onChange={(e) => setPasscode(e.target.value)}
            minLength={PASSCODE_MIN_LENGTH}
            maxLength={128}
            autoComplete="off"
          />
        </label>
        <DownloadsRadios value={downloads} onChange={setDownloads} />
        <label className="check span-all">
          <input type="checkbox" name="relay" checked={relay} onChange={(e) => setRelay(e.target.checked)} />
          Let the portal stream what guests cannot load straight from your storage (off: nothing passes through the
          portal)
        </label>
      </div>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Create link
        </button>
      </div>
    </form>
  );
}
