import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, type AzuriteContainer, startAzurite } from '../dev-services/src/azurite';
import { demoPhotosDir, loadSeedFiles } from '../dev-services/src/seed/index';
import { type ExtensionBrowser, launchChromium } from './harness/chromium';
import { ExtensionClient } from './sources-support';

/**
 * Azure Blob end to end: the built extension in Chromium connects a container of the real azurite
 * through a container SAS, scans it fully, then follows adds, changes and deletions at the next sync.
 */
describe('sources: Azure Blob (azurite) in Chromium', () => {
  let azurite: Azurite;
  let container: AzuriteContainer;
  let browser: ExtensionBrowser;
  let client: ExtensionClient;
  /** Blob name → content type: what the container holds, as the index must after each sync. */
  const blobs = new Map<string, string>();

  beforeAll(async () => {
    azurite = await startAzurite();
    container = await azurite.createContainer('photos');
    for (const file of await loadSeedFiles(demoPhotosDir)) {
      await container.addFile(file);
      blobs.set(file.path, file.mimeType);
    }
    await container.upload('Notes/readme.txt', new TextEncoder().encode('not a photo'), 'text/plain');
    browser = await launchChromium();
    client = await ExtensionClient.open(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await azurite?.close();
  });

  const expected = () =>
    [...blobs.keys()]
      .map((path) => ({ id: path, name: path.split('/').pop()!, folder: path.split('/').slice(0, -1).join('/') }))
      .sort((a, b) => a.id.localeCompare(b.id));

  let sourceId = '';

  it('connects with a container SAS and indexes every photo and video, reading only heads of files', async () => {
    const sas = await container.sas('rl', new Date(Date.now() + 24 * 3600_000));
    const { ids } = await client.send<{ ids: string[] }>({
      type: 'sources.connectDemo',
      blobSasUrl: `${container.url}?${sas}`,
    });
    expect(ids).toHaveLength(1);
    sourceId = ids[0]!;
    const [status] = await client.waitIdle([sourceId]);
    const index = await client.indexOf(sourceId);
    expect(index.map(({ id, name, folder }) => ({ id, name, folder }))).toEqual(expected());
    expect(status).toMatchObject({ items: blobs.size, failed: 0, seen: blobs.size, indexed: blobs.size });
    // Metadata came from the files' heads: EXIF capture times and camera makes are there.
    const iphone = index.find((i) => i.name === 'Apple iPhone 4.jpg');
    // GPS → place, looked up offline inside the service worker.
    expect(iphone).toMatchObject({
      make: 'Apple',
      takenAtUtc: expect.stringMatching(/^2011-01-13T/),
      placeName: expect.stringMatching(/Italy$/),
    });
    const bytes = index.map((i) => i.bytesRead).sort((a, b) => a - b);
    expect(bytes[Math.floor(bytes.length / 2)]).toBeLessThanOrEqual(64 * 1024);
  });

  it('after adds, changes and deletions in the container, the next sync matches it again', async () => {
    const before = new Map((await client.indexOf(sourceId)).map((i) => [i.id, i]));
    const falcon = await readFile(join(demoPhotosDir, 'Pictures/Nature/prairie_falcon.jpg'));
    await container.upload('Pictures/New/falcon copy.jpg', falcon, 'image/jpeg');
    blobs.set('Pictures/New/falcon copy.jpg', 'image/jpeg');
    await container.upload('Pictures/Nature/wood_anemones.jpg', falcon, 'image/jpeg'); // same name, new content
    await container.remove('Pictures/Nature/el_torcal_rocks.jpg');
    blobs.delete('Pictures/Nature/el_torcal_rocks.jpg');

    await client.send({ type: 'sources.sync', sourceId });
    await client.waitIdle([sourceId]);
    const after = await client.indexOf(sourceId);
    expect(after.map(({ id, name, folder }) => ({ id, name, folder }))).toEqual(expected());
    const anemones = after.find((i) => i.id === 'Pictures/Nature/wood_anemones.jpg');
    expect(anemones?.etag).not.toBe(before.get('Pictures/Nature/wood_anemones.jpg')?.etag);
    expect(anemones?.width).toBe(before.get('Pictures/Nature/prairie_falcon.jpg')?.width);
    // Unchanged blobs kept their entries (same eTag, not read again).
    const unchanged = after.find((i) => i.id === 'Pictures/Travel/thompson-springs.jpg');
    expect(unchanged?.etag).toBe(before.get('Pictures/Travel/thompson-springs.jpg')?.etag);
    expect(await client.tableCount('failed', sourceId)).toBe(0);
  });
});
