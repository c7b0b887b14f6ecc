import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { readPage, rowFromTarget } from '../adapter';
import { driveAdapter } from '../drive/adapter';
import { parseHostLocation } from '../location';
import { summarize } from './summary';
import { folderTarget, indexTarget, itemsTarget } from './targets';

const page = (name: string) => parseHTML(readFileSync(join(import.meta.dirname, '../fixtures', name), 'utf8')).document;

describe('what an action applies to', () => {
  it('the selection, or the right-clicked row when it is outside the selection', () => {
    const doc = page('drive-my-drive.html');
    const snapshot = readPage(doc, driveAdapter);
    expect(itemsTarget(snapshot, null)).toEqual({
      kind: 'items',
      ids: ['1-ydUF3MTplzoINzW9CrAbyvcQNVWXLq-', '1gx2Ym4Fl55Wj28M0kyI5-wccpGUyG5QG'],
    });
    const other = rowFromTarget(doc.querySelector('[data-tooltip="IMG_0104.jpg"]'), driveAdapter);
    expect(itemsTarget(snapshot, other)).toEqual({ kind: 'items', ids: ['1ytIb2-j8DmVUsFOsemnf97idqkuH5_cr'] });
    const selected = rowFromTarget(doc.querySelector('[data-tooltip="IMG_0101.jpg"]'), driveAdapter);
    expect(itemsTarget(snapshot, selected)).toMatchObject({
      ids: expect.arrayContaining(['1gx2Ym4Fl55Wj28M0kyI5-wccpGUyG5QG']),
    });
    const folder = rowFromTarget(doc.querySelector('[data-tooltip="Holidays 2024"]'), driveAdapter);
    expect(indexTarget(snapshot, folder)).toMatchObject({
      kind: 'folder',
      folder: { id: '1k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU' },
    });
    expect(itemsTarget(snapshot, folder).kind).toBe('none');
  });

  it('nothing when the file list cannot be read; the folder from the URL still can', () => {
    const snapshot = readPage(page('drive-changed-markup.html'), driveAdapter);
    expect(itemsTarget(snapshot, null)).toMatchObject({
      kind: 'none',
      reason: expect.stringContaining("can't read this page's file list"),
    });
    expect(
      folderTarget(parseHostLocation('https://drive.google.com/drive/folders/1k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU')),
    ).toMatchObject({
      kind: 'folder',
      folder: { id: '1k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU', path: null },
    });
    expect(folderTarget(parseHostLocation('https://drive.google.com/drive/recent')).kind).toBe('none');
  });

  it('summarizes per-item outcomes with grouped reasons', () => {
    expect(
      summarize('Indexed', [
        { id: 'a', ok: true, reason: null },
        { id: 'b', ok: false, reason: 'not found' },
        { id: 'c', ok: false, reason: 'not found' },
      ]),
    ).toEqual({ text: 'Indexed 1 of 3.\n2 not: not found', ok: false });
  });
});
