import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSources, startDemoSources } from '../dev-services/src/demo';
import { type FirefoxSession, type FirefoxTab, launchFirefox } from './harness/firefox';
import { ExtensionClient } from './sources-support';
import { corpora } from './vision-support';

type Kind = 'onedrive' | 'gdrive' | 'azblob';

/**
 * Import end to end in firefox-esr, which has no File System Access API: the dashboard's "Choose folder…" opens
 * `<input webkitdirectory>`, the user picks a camera card's folder in Firefox's file dialog and confirms Firefox's
 * "upload all files from …?" prompt; the photos go to "Demo Blob" (the real azurite), "Demo OneDrive" (Graph upload
 * sessions) and "Demo Google Drive" (resumable uploads) and enter the index from the local bytes. Only the native
 * dialog is answered by the test (harness/README.md says why that is sound).
 */
describe('Firefox: import camera folders picked with <input webkitdirectory> into Blob, OneDrive and Google Drive', () => {
  let demo: DemoSources;
  let ff: FirefoxSession;
  let client: ExtensionClient<FirefoxTab>;
  let page: FirefoxTab;
  let cards: string;
  const ids: Record<Kind, string> = { onedrive: '', gdrive: '', azblob: '' };

  /** A card of real corpus photos; `falcon.jpg` has the bytes of a demo photo every source already holds. */
  const makeCard = async (name: string, files: [string, string][], empty = false) => {
    const dir = join(cards, name);
    for (const [from, to] of files) {
      await mkdir(join(dir, to, '..'), { recursive: true });
      await copyFile(join(corpora, from), join(dir, to));
    }
    if (empty) await writeFile(join(dir, 'DCIM/100CANON/IMG_0002.JPG'), new Uint8Array(0));
    return dir;
  };
  let blobCard = '';
  let oneDriveCard = '';
  let driveCard = '';

  beforeAll(async () => {
    demo = await startDemoSources();
    cards = await mkdtemp(join(tmpdir(), 'hypomos-ff-cards-'));
    blobCard = await makeCard(
      'card-blob',
      [
        ['exifr-fixtures/canon-dslr.jpg', 'DCIM/100CANON/IMG_0001.JPG'],
        ['exifr-fixtures/img_1771.jpg', 'DCIM/100CANON/IMG_1771.JPG'],
        ['immich-test-assets/albums/nature/cyclamen_persicum.jpg', 'DCIM/101PHONE/cyclamen.jpg'],
        ['immich-test-assets/albums/nature/prairie_falcon.jpg', 'DCIM/101PHONE/falcon.jpg'],
      ],
      true,
    );
    oneDriveCard = await makeCard('card-onedrive', [
      ['immich-test-assets/albums/nature/notocactus_minimus.jpg', 'DCIM/cactus.jpg'],
      ['immich-test-assets/albums/nature/prairie_falcon.jpg', 'DCIM/falcon.jpg'],
    ]);
    driveCard = await makeCard('card-gdrive', [
      ['exifr-fixtures/door-knocker.jpg', 'DCIM/door-knocker.jpg'],
      // A RAW (exiftool's Panasonic test file): its thumbnail can only come from the JPEG embedded in it.
      ['exiftool-t-images/images/Panasonic.rw2', 'DCIM/P1000001.RW2'],
      ['immich-test-assets/albums/nature/prairie_falcon.jpg', 'DCIM/falcon.jpg'],
    ]);
    ff = await launchFirefox();
    client = new ExtensionClient(await ff.openExtensionPage('dashboard.html#/sources'));
    const { ids: connected } = await client.send<{ ids: string[] }>({ type: 'sources.connectDemo', ...demo.config });
    const statuses = await client.statuses();
    for (const id of connected) ids[statuses.find((s) => s.id === id)?.kind as Kind] = id;
    await client.waitIdle(connected, 240_000);
    page = await ff.openExtensionPage('dashboard.html#/import');
  }, 360_000);
  afterAll(async () => {
    await ff?.close();
    await demo?.close();
    if (cards) await rm(cards, { recursive: true, force: true });
  });

  /** What a user does: choose the destination, "Choose folder…", pick the card's folder, confirm Firefox's prompt. */
  const pickCard = async (kind: Kind, dir: string) => {
    if (await page.count('[data-testid="import-plan"]')) await page.click('button', 'New import');
    await page.click(`[data-testid="import-source"] option[value="${ids[kind]}"]`);
    await ff.answerFileDialog(dir);
    const prompt = await page.clickAndAcceptPrompt('button', 'Choose folder…');
    expect(prompt).toContain(`upload all files from “${dir.split('/').pop()}”`);
    await page.waitFor('[data-testid="import-plan"]', undefined, 60_000);
  };
  const tile = (id: string) => page.text(`[data-testid="${id}"]`);
  const fileRow = (name: string) =>
    page.evaluate(
      (n: string) =>
        Array.from(document.querySelectorAll('[data-testid="import-file"]')).find((r) => r.textContent?.includes(n))
          ?.textContent ?? null,
      name,
    );
  const runImport = async () => {
    await page.click('[data-testid="import-start"]');
    await page.waitFor('[data-testid="import-summary"]', undefined, 180_000);
    expect(await page.text('[data-testid="import-state"]')).toBe('Finished');
  };
  const blobNames = async () => {
    const xml = await (await fetch(`${demo.config.blobSasUrl}&restype=container&comp=list`)).text();
    return [...xml.matchAll(/<Name>([^<]*)<\/Name>/g)].map((m) => m[1] as string);
  };

  it('Blob: the picked folder is read with its paths, and the plan shows before anything is sent', async () => {
    await expect.poll(() => page.count('[data-testid="import-source"] option'), { timeout: 30_000 }).toBe(3);
    await pickCard('azblob', blobCard);
    expect(await tile('plan-new')).toBe('3');
    expect(await tile('plan-duplicate')).toBe('1');
    expect(await tile('plan-unreadable')).toBe('1');
    // Firefox's webkitRelativePath (the folder's name first) is what the rows show.
    expect(await page.count('.import-file-path[title="card-blob/DCIM/100CANON/IMG_0001.JPG"]')).toBe(1);
    expect(await fileRow('falcon.jpg')).toMatch(
      /Already in your library \(Demo .*: Pictures\/Nature\/prairie_falcon\.jpg/,
    );
    expect(await fileRow('IMG_0002.JPG')).toContain('The file is empty');
    expect((await blobNames()).some((n) => n.includes('IMG_0001'))).toBe(false);
  }, 120_000);

  it('Blob: sends the new photos, verified, into dated folders, and indexes them from the local bytes', async () => {
    await runImport();
    const names = await blobNames();
    const imported = names.filter((n) => /^Pictures\/\d{4}\/\d{4}-\d\d-\d\d\//.test(n));
    expect(imported.map((n) => n.split('/').pop()).sort()).toEqual(
      ['IMG_0001.JPG', 'IMG_1771.JPG', 'cyclamen.jpg'].sort(),
    );
    expect(names.filter((n) => n.endsWith('falcon.jpg'))).toEqual(['Pictures/Nature/prairie_falcon.jpg']);
    expect(names.some((n) => n.endsWith('IMG_0002.JPG'))).toBe(false);

    const index = await client.rawItems(ids.azblob);
    for (const path of imported) expect(index.map((i) => i.providerItemId)).toContain(path);
    const canon = index.find((i) => i.name === 'IMG_0001.JPG');
    expect(canon).toMatchObject({
      make: 'Canon',
      bytesRead: 0,
      blurhash: expect.any(String),
      sha256: expect.any(String),
      phash: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const day = new Date(canon?.takenAt as number).toISOString().slice(0, 10);
    expect(canon?.folder).toBe(`Pictures/${day.slice(0, 4)}/${day}`);
  }, 240_000);

  it('Blob: the same card picked again plans every photo as already in the library', async () => {
    await pickCard('azblob', blobCard);
    expect(await tile('plan-new')).toBe('0');
    expect(await tile('plan-duplicate')).toBe('4');
  }, 120_000);

  for (const [kind, card, names] of [
    ['onedrive', () => oneDriveCard, ['cactus.jpg']],
    ['gdrive', () => driveCard, ['door-knocker.jpg', 'P1000001.RW2']],
  ] as const) {
    it(`${kind}: imports the new photos through the provider's resumable upload and skips the duplicate`, async () => {
      await pickCard(kind, card());
      expect(await tile('plan-new')).toBe(String(names.length));
      expect(await tile('plan-duplicate')).toBe('1');
      await runImport();
      const store = kind === 'onedrive' ? demo.graph.store : demo.drive.store;
      const index = await client.rawItems(ids[kind]);
      for (const name of names) {
        const item = index.find((i) => i.name === name);
        // The thumbnail (its blurhash) came from the local bytes; for the RAW, from its embedded preview.
        expect(item, name).toMatchObject({ bytesRead: 0, sha256: expect.any(String), blurhash: expect.any(String) });
        expect(store.findByPath(`${item?.folder}/${name}`)?.id, name).toBe(item?.providerItemId);
      }
      expect(store.live().filter((n) => n.name === 'falcon.jpg')).toEqual([]);
    }, 240_000);
  }
});
