import { useState } from 'react';
import { useUi } from '../../ui';
import type { Act } from './SharePanel';
import { ask } from '../../protocol';

type Kind = 'link' | 'gallery' | 'family' | 'event';

const KINDS: { kind: Kind; label: string; hint: string }[] = [
  { kind: 'link', label: 'Link', hint: 'Anyone with the link can view.' },
  { kind: 'gallery', label: 'Gallery', hint: 'A delivery with an end date; guests can download everything.' },
  { kind: 'family', label: 'Named people', hint: 'Only the accounts you name can open it, after signing in.' },
  { kind: 'event', label: 'Event', hint: "Contribute these photos to someone's event link." },
];

/**
 * A new share as a form: the kind first (each with one line saying who can see it), then only the fields that kind
 * uses. "Allow download" is on by default for a gallery, the photographer's delivery. The form empties after use.
 */
export function NewShareForm({ collectionId, title, act }: { collectionId: string; title: string; act: Act }) {
  const ui = useUi();
  const [kind, setKind] = useState<Kind>('link');
  const [expires, setExpires] = useState('');
  const [includePlace, setIncludePlace] = useState(false);
  const [review, setReview] = useState(false);
  const [allowDownload, setAllowDownload] = useState(false);
  const [recipients, setRecipients] = useState('');
  const [eventLink, setEventLink] = useState('');
  const reset = () => {
    setExpires('');
    setIncludePlace(false);
    setReview(false);
    setAllowDownload(kind === 'gallery');
    setRecipients('');
    setEventLink('');
  };
  const pick = (k: Kind) => {
    setKind(k);
    setAllowDownload(k === 'gallery');
  };
  const needsExpiry = kind === 'gallery';
  const ready =
    kind === 'event'
      ? eventLink.trim().length > 0
      : (!needsExpiry || !!expires) && (kind !== 'family' || !!recipients.trim());
  const submit = act(async () => {
    if (kind === 'event') await ask('sharing.joinEvent', { input: eventLink.trim(), collectionId });
    else
      await ask('sharing.create', {
        collectionId,
        kind,
        title,
        includePlace,
        review,
        allowDownload,
        expiresAt: expires ? Date.parse(`${expires}T23:59:59`) : null,
        recipients: kind === 'family' ? recipients.split(/[\s,;]+/).filter(Boolean) : [],
      });
    reset();
    ui.toast({ text: kind === 'event' ? 'Contributed to the event' : `Shared “${title}”` });
  });
  return (
    <form
      className="panel share-form"
      data-testid="new-share"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) void submit();
      }}
    >
      <h2>Share “{title}”</h2>
      <fieldset className="segmented" aria-label="Kind of share">
        {KINDS.map((k) => (
          <label key={k.kind} data-checked={kind === k.kind ? '1' : '0'}>
            <input type="radio" name="kind" value={k.kind} checked={kind === k.kind} onChange={() => pick(k.kind)} />
            {k.label}
          </label>
        ))}
      </fieldset>
      <p className="muted small">{KINDS.find((k) => k.kind === kind)?.hint}</p>
      {kind === 'event' ? (
        <label className="field">
          Event link
          <input value={eventLink} onChange={(e) => setEventLink(e.target.value)} placeholder="https://…/e/…" />
        </label>
      ) : (
        <>
          {kind === 'family' && (
            <label className="field">
              Accounts (e-mail addresses, separated by commas)
              <input
                value={recipients}
                onChange={(e) => setRecipients(e.target.value)}
                placeholder="ann@example.com, bo@example.com"
              />
            </label>
          )}
          <label className="field">
            {needsExpiry ? 'Available until (required)' : 'Available until (optional)'}
            <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} required={needsExpiry} />
          </label>
          <div className="checks">
            <label className="check">
              <input type="checkbox" checked={allowDownload} onChange={(e) => setAllowDownload(e.target.checked)} />
              Allow download (originals, and “Download all” as a ZIP)
            </label>
            <label className="check">
              <input type="checkbox" checked={includePlace} onChange={(e) => setIncludePlace(e.target.checked)} />
              Include place names
            </label>
            <label className="check">
              <input type="checkbox" checked={review} onChange={(e) => setReview(e.target.checked)} />
              Let me review new matches before they go out
            </label>
          </div>
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!ready}>
          {kind === 'event' ? 'Contribute to event' : 'Create share'}
        </button>
      </div>
    </form>
  );
}
