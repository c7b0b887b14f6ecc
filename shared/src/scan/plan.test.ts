import { describe, expect, it } from 'vitest';
import { providerItem } from './factories';
import { mediaKind } from './media-kind';
import { decideUpsert, unseenKeys, versionOf } from './plan';

describe('mediaKind', () => {
  it('prefers the MIME type, then the extension, and ignores other files', () => {
    expect(mediaKind('x.bin', 'image/heic')).toBe('image');
    expect(mediaKind('clip.MOV', null)).toBe('video');
    expect(mediaKind('IMG_0001.CR3', 'application/octet-stream')).toBe('image');
    expect(mediaKind('notes.pdf', 'application/pdf')).toBeNull();
    expect(mediaKind('README', null)).toBeNull();
  });
});

describe('decideUpsert', () => {
  const item = providerItem({ id: 'a', name: 'a.jpg', folder: 'Trips', etag: 'e1' });

  it('reads new items', () => {
    expect(decideUpsert(item, undefined, undefined)).toEqual({ kind: 'read' });
  });
  it('skips items whose eTag did not change', () => {
    expect(decideUpsert(item, { etag: 'e1', name: 'a.jpg', folder: 'Trips' }, undefined)).toEqual({ kind: 'skip' });
  });
  it('moves without reading when only the place changed', () => {
    expect(decideUpsert(item, { etag: 'e1', name: 'a.jpg', folder: 'Old' }, undefined)).toEqual({ kind: 'move' });
  });
  it('reads again when the eTag changed', () => {
    expect(decideUpsert(item, { etag: 'e0', name: 'a.jpg', folder: 'Trips' }, undefined)).toEqual({ kind: 'read' });
  });
  it('does not retry a failure until the file changes', () => {
    expect(decideUpsert(item, undefined, 'e1')).toEqual({ kind: 'skip' });
    expect(decideUpsert(item, undefined, 'e0')).toEqual({ kind: 'read' });
  });
  it('drops files that are not photos or videos', () => {
    expect(
      decideUpsert(providerItem({ id: 'b', name: 'b.txt', mimeType: 'text/plain' }), undefined, undefined),
    ).toEqual({ kind: 'drop' });
  });
});

describe('versionOf', () => {
  it('falls back to size and modified time when there is no eTag', () => {
    expect(versionOf({ etag: null, bytes: 12, modifiedAt: 34 })).toBe('12:34');
    expect(versionOf({ etag: 'x', bytes: 12, modifiedAt: 34 })).toBe('x');
  });
});

describe('unseenKeys', () => {
  it('lists indexed keys a full listing did not mention', () => {
    expect(unseenKeys(['s:a', 's:b', 's:c'], new Set(['s:b']))).toEqual(['s:a', 's:c']);
  });
});
