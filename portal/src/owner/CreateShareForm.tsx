import type { Collection } from '@hypomos/shared/api/collections';
import type { ShareCreated } from '@hypomos/shared/api/shares';
import { PASSCODE_MIN_LENGTH } from '@hypomos/shared/sharing/passcode';
import { type FormEvent, useState } from 'react';
import { client, messageOf, ok } from '../api/client';
import { isoFromLocal } from './useLoad';

/** A new link (or photographer's gallery) for one collection: expiry, passcode, download permission, relay. */
export function CreateShareForm({
  collection,
  onCreated,
}: {
  collection: Collection;
  onCreated: (created: ShareCreated) => void;
}) {
  const [kind, setKind] = useState<'link' | 'gallery'>('link');
  const [title, setTitle] = useState('');
  const [expires, setExpires] = useState('');
  const [passcode, setPasscode] = useState('');
  const [allowDownload, setAllowDownload] = useState(false);
  const [relay, setRelay] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const json = {
        kind,
        title: title || null,
        expiresAt: isoFromLocal(expires),
        passcode: passcode || null,
        allowDownload,
        relay,
      };
      onCreated(await ok(client.api.collections[':id'].shares.$post({ param: { id: collection.id }, json })));
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <form className="card form" onSubmit={submit} aria-label={`Share ${collection.title}`}>
      <label>
        Kind{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as 'link' | 'gallery')}>
          <option value="link">Link</option>
          <option value="gallery">Photographer's gallery (download all until expiry)</option>
        </select>
      </label>
      <label>
        Title{' '}
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={collection.title}
          maxLength={200}
        />
      </label>
      <label>
        Expires{' '}
        <input
          type="datetime-local"
          name="expires"
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
          required={kind === 'gallery'}
        />
      </label>
      <label>
        Passcode{' '}
        <input
          name="passcode"
          value={passcode}
          onChange={(e) => setPasscode(e.target.value)}
          minLength={PASSCODE_MIN_LENGTH}
          maxLength={128}
          placeholder={`optional, ${PASSCODE_MIN_LENGTH}+ characters`}
          autoComplete="off"
        />
      </label>
      <label>
        <input
          type="checkbox"
          name="allow-download"
          checked={allowDownload}
          onChange={(e) => setAllowDownload(e.target.checked)}
        />{' '}
        Allow download
      </label>
      <label>
        <input type="checkbox" name="relay" checked={relay} onChange={(e) => setRelay(e.target.checked)} /> Let the
        portal stream what guests cannot load straight from your storage (off: nothing passes through the portal)
      </label>
      <button type="submit">Create link</button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
