import { describe, expect, it } from 'vitest';
import type { LocalHashes } from './dedup-keys';
import { type ImportCandidate, type LibraryItem, libraryIndex, planCounts, planImport } from './plan';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const hashesOf = (n: number): LocalHashes => ({
  sha1: hex(n, 40),
  md5: hex(n, 32),
  sha256: hex(n, 64),
  quickXor: `qx${n}=`,
});
const candidate = (n: number, over: Partial<ImportCandidate> = {}): ImportCandidate => ({
  id: `f${n}`,
  name: `IMG_${n}.jpg`,
  size: 1000 + n,
  fileDateWall: Date.parse('2024-05-01T12:00:00Z'),
  takenAt: Date.parse('2019-08-10T09:00:00Z'),
  hashes: hashesOf(n),
  readError: null,
  ...over,
});
const item = (n: number, contentHashes: Record<string, string>, over: Partial<LibraryItem> = {}): LibraryItem => ({
  key: `s:${n}`,
  sourceId: 's',
  folder: 'Photos',
  name: `IMG_${n}.jpg`,
  contentHashes,
  sha256: null,
  unwanted: false,
  ...over,
});

describe('planImport', () => {
  const library = libraryIndex(
    [
      item(2, { sha1: hex(2, 40), quickxor: 'qx2=' }, { sourceId: 'onedrive1' }),
      item(3, { md5: hex(3, 32) }, { sourceId: 'blob1', folder: '2019' }),
      item(4, { md5: hex(4, 32), sha256: hex(4, 64) }, { sourceId: 'drive1' }),
      item(5, {}, { sha256: hex(5, 64), unwanted: true }),
    ],
    [{ sha256: hex(6, 64) }, { sha256: null }],
  );

  it('sorts every picked file into what happens to it, before anything is sent', () => {
    const plan = planImport(
      [
        candidate(1),
        candidate(2),
        candidate(3),
        candidate(4),
        candidate(5),
        candidate(6),
        candidate(7, { hashes: null, readError: 'NotReadableError' }),
        candidate(8, { size: 0 }),
        candidate(9, { id: 'again', hashes: hashesOf(1) }),
        candidate(10, { takenAt: null }),
      ],
      library,
      { pattern: 'Pictures/{yyyy}/{yyyy-MM-dd}' },
    );
    expect(plan).toEqual([
      {
        kind: 'new',
        id: 'f1',
        folder: 'Pictures/2019/2019-08-10',
        name: 'IMG_1.jpg',
        dateFrom: 'capture',
        renamed: null,
        forced: false,
      },
      {
        kind: 'duplicate',
        id: 'f2',
        where: [{ key: 's:2', sourceId: 'onedrive1', folder: 'Photos', name: 'IMG_2.jpg' }],
      },
      { kind: 'duplicate', id: 'f3', where: [{ key: 's:3', sourceId: 'blob1', folder: '2019', name: 'IMG_3.jpg' }] },
      { kind: 'duplicate', id: 'f4', where: [{ key: 's:4', sourceId: 'drive1', folder: 'Photos', name: 'IMG_4.jpg' }] },
      { kind: 'unwanted', id: 'f5', why: 'marked-unwanted' },
      { kind: 'unwanted', id: 'f6', why: 'deleted' },
      { kind: 'unreadable', id: 'f7', reason: 'NotReadableError' },
      { kind: 'empty', id: 'f8' },
      { kind: 'repeat', id: 'again', sameAs: 'f1' },
      {
        kind: 'new',
        id: 'f10',
        folder: 'Pictures/2024/2024-05-01',
        name: 'IMG_10.jpg',
        dateFrom: 'file-date',
        renamed: null,
        forced: false,
      },
    ]);
    expect(planCounts(plan)).toEqual({ new: 2, duplicate: 3, repeat: 1, unwanted: 2, unreadable: 1, empty: 1 });
  });

  it('sends a skipped file the user forced through', () => {
    const plan = planImport([candidate(2), candidate(6)], library, { pattern: 'x', forced: new Set(['f2']) });
    expect(plan.map((e) => [e.kind, e.kind === 'new' && e.forced])).toEqual([
      ['new', true],
      ['unwanted', false],
    ]);
  });

  it('renames files that would collide in one folder, and names a provider refuses', () => {
    const plan = planImport(
      [candidate(1, { name: 'a.jpg' }), candidate(2, { name: 'A.jpg' }), candidate(3, { name: 'b:c.jpg' })],
      libraryIndex([], []),
      { pattern: 'p' },
    );
    expect(plan.map((e) => (e.kind === 'new' ? [e.name, e.renamed] : null))).toEqual([
      ['a.jpg', null],
      ['A (2).jpg', 'another file of this import has the same name there'],
      ['b_c.jpg', 'characters or a name the destination refuses were replaced'],
    ]);
  });
});
