import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { type HostAdapter, readPage, rowFromTarget, selectedFileIds } from './adapter';
import { driveAdapter } from './drive/adapter';
import { driveExpectations } from './drive/selectors';
import { onedriveAdapter } from './onedrive/adapter';
import { onedriveExpectations } from './onedrive/selectors';
import type { SelectorExpectations, SelectorName } from './selectors';

const fixture = (name: string) => parseHTML(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')).document;

const hosts: [string, HostAdapter, SelectorExpectations][] = [
  ['Google Drive', driveAdapter, driveExpectations],
  ['OneDrive', onedriveAdapter, onedriveExpectations],
];

describe.each(hosts)('%s selectors match the saved pages', (_name, adapter, expectations) => {
  for (const [file, counts] of Object.entries(expectations)) {
    it.each(Object.entries(counts) as [SelectorName, number][])(`${file}: %s matches %i`, (selector, expected) => {
      expect(fixture(file).querySelectorAll(adapter.selectors[selector]).length).toBe(expected);
    });
  }
});

describe('reading a page', () => {
  it('Drive: lists rows with ids, leaves the selected folder out of the selection', () => {
    const doc = fixture('drive-my-drive.html');
    const snapshot = readPage(doc, driveAdapter);
    expect(snapshot.listFound).toBe(true);
    expect(snapshot.rows.map((r) => r.id)).toHaveLength(6);
    expect(snapshot.rows.filter((r) => r.folder).map((r) => r.id)).toEqual(['1k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU']);
    doc.querySelector('[data-id="1k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU"]')?.setAttribute('aria-selected', 'true');
    expect(selectedFileIds(readPage(doc, driveAdapter))).toEqual([
      '1-ydUF3MTplzoINzW9CrAbyvcQNVWXLq-',
      '1gx2Ym4Fl55Wj28M0kyI5-wccpGUyG5QG',
    ]);
  });

  it('OneDrive: finds the row under a click inside a cell', () => {
    const doc = fixture('onedrive-folder.html');
    const name = [...doc.querySelectorAll('[data-automationid="FieldRenderer-name"]')].find(
      (b) => b.textContent === 'DSC_2043.jpg',
    );
    expect(rowFromTarget(name ?? null, onedriveAdapter)).toMatchObject({
      id: 'A1B2C3D4E5F60718!123',
      selected: false,
      folder: false,
    });
    expect(selectedFileIds(readPage(doc, onedriveAdapter))).toEqual(['A1B2C3D4E5F60718!121', 'A1B2C3D4E5F60718!122']);
  });

  it('changed markup: no list found, nothing selected', () => {
    for (const [file, adapter] of [
      ['drive-changed-markup.html', driveAdapter],
      ['onedrive-changed-markup.html', onedriveAdapter],
    ] as const) {
      const snapshot = readPage(fixture(file), adapter);
      expect(snapshot).toMatchObject({ listFound: false, rows: [] });
    }
  });

  it('ignores data-id values that are not Drive ids', () => {
    const { document } = parseHTML(
      '<div role="main"><div role="grid"><div data-id="x y" aria-selected="true"></div></div></div>',
    );
    expect(readPage(document, driveAdapter).rows).toEqual([]);
  });
});
