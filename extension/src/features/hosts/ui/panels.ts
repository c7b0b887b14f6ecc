import { el, onTrusted } from './dom';

export interface CollectionChoice {
  id: string;
  title: string;
  size: number;
}

export type CollectionPick = { collectionId: string } | { newTitle: string };

/** "Add to collection…": the static collections as buttons, plus a field for a new one. */
export function collectionPanel(
  collections: CollectionChoice[],
  signal: AbortSignal,
  onPick: (pick: CollectionPick) => void,
): HTMLElement {
  const panel = el('div', { className: 'panel', attrs: { 'data-panel': 'collection' } });
  panel.append(el('div', { text: collections.length ? 'Add to a collection:' : 'No collections yet. Make one:' }));
  for (const c of collections) {
    const button = el('button', {
      text: `${c.title} (${c.size})`,
      attrs: { type: 'button', 'data-collection-id': c.id },
    });
    onTrusted(button, 'click', () => onPick({ collectionId: c.id }), signal);
    panel.append(button);
  }
  const input = el('input', {
    attrs: { type: 'text', placeholder: 'New collection name', 'aria-label': 'New collection name', maxlength: '200' },
  });
  const create = el('button', { text: 'Create and add', attrs: { type: 'button' } });
  onTrusted(
    create,
    'click',
    () => {
      const title = input.value.trim();
      if (title) onPick({ newTitle: title });
      else input.focus();
    },
    signal,
  );
  panel.append(el('div', { className: 'row' }, [input, create]));
  return panel;
}

/**
 * "Share to event…": paste the event's link or share-to token, or read it from a photo of its QR code.
 * `decodeQr` resolves to the QR's text, or null when the image holds none.
 */
export function eventPanel(
  signal: AbortSignal,
  decodeQr: (file: File) => Promise<string | null>,
  onShare: (token: string) => void,
): HTMLElement {
  const panel = el('div', { className: 'panel', attrs: { 'data-panel': 'event' } });
  const input = el('input', {
    attrs: { type: 'text', placeholder: 'Event link or share-to token', 'aria-label': 'Event link or share-to token' },
  });
  const share = el('button', { text: 'Share', attrs: { type: 'button' } });
  const file = el('input', { attrs: { type: 'file', accept: 'image/*', 'aria-label': 'QR code image' } });
  const note = el('div', { className: 'note' });
  onTrusted(
    share,
    'click',
    () => {
      if (input.value.trim()) onShare(input.value.trim());
      else input.focus();
    },
    signal,
  );
  file.addEventListener(
    'change',
    () => {
      const picked = file.files?.[0];
      if (!picked) return;
      note.textContent = 'Reading the QR code…';
      decodeQr(picked)
        .then((text) => {
          if (!text) {
            note.textContent = 'No QR code found in that image.';
            return;
          }
          input.value = text;
          note.textContent = 'QR code read. Press Share.';
        })
        .catch((error: unknown) => {
          note.textContent = `Could not read the image: ${error instanceof Error ? error.message : String(error)}`;
        });
    },
    { signal },
  );
  panel.append(
    el('div', { text: 'Share the selection to an event (the organizer approves it):' }),
    el('div', { className: 'row' }, [input, share]),
    el('label', { className: 'row', text: 'Or scan a QR code from an image: ' }, [file]),
    note,
  );
  return panel;
}
