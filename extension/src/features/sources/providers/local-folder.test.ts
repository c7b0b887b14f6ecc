import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPhotosDir } from '@hypomos/dev-services/seed/index';
import type { ProviderItem } from '@hypomos/shared/providers/provider';
import { getOriginPrivateDirectory } from 'native-file-system-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalFolderProvider } from './local-folder';

// The File System Access API over a real directory (native-file-system-adapter's Node adapter), so
// the provider walks real files with the same handle methods a browser gives it.
let dir: string;
let handle: FileSystemDirectoryHandle;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hypomos-local-'));
  await cp(demoPhotosDir, dir, { recursive: true });
  handle = (await getOriginPrivateDirectory(
    import('native-file-system-adapter/src/adapters/node.js'),
    dir,
  )) as unknown as FileSystemDirectoryHandle;
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const provider = (pageSize = 3) => createLocalFolderProvider({ getDirectory: async () => handle, pageSize });

async function listAll(p: ReturnType<typeof provider>, cursor: string | null = null) {
  const upserts: ProviderItem[] = [];
  let pages = 0;
  for (;;) {
    const page = await p.changes(cursor);
    pages++;
    upserts.push(...page.upserts);
    cursor = page.cursor;
    if (page.done) return { upserts, cursor, pages };
  }
}

describe('local folder provider (File System Access API)', () => {
  it('walks every folder with a resumable cursor, skipping non-media files', async () => {
    const { upserts, pages } = await listAll(provider());
    expect(upserts.map((u) => u.id).sort()).toEqual(
      expect.arrayContaining(['Pictures/Travel/Apple iPhone 4.jpg', 'Videos/with-gps.mp4']),
    );
    expect(upserts).toHaveLength(14);
    expect(upserts.some((u) => u.name === 'NOTICE.md')).toBe(false);
    expect(pages).toBeGreaterThan(5);
    expect(upserts.find((u) => u.id === 'Pictures/Nature/prairie_falcon.jpg')).toMatchObject({
      folder: 'Pictures/Nature',
      mimeType: 'image/jpeg',
    });
  });

  it('gives the same listing when resumed from every intermediate cursor by a fresh provider', async () => {
    const whole = (await listAll(provider())).upserts.map((u) => u.id);
    const resumed: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      // A new provider per page stands for a service worker stopped between pages.
      const page = await provider().changes(cursor);
      resumed.push(...page.upserts.map((u) => u.id));
      cursor = page.cursor;
      if (page.done) break;
    }
    expect(resumed).toEqual(whole);
  });

  it('answers reset after a finished listing and sees new and changed files on the next one', async () => {
    const first = await listAll(provider(50));
    expect((await provider().changes(first.cursor)).reset).toBe(true);
    await writeFile(
      join(dir, 'Pictures/Nature/new.jpg'),
      await readFile(join(dir, 'Pictures/Nature/prairie_falcon.jpg')),
    );
    const second = await listAll(provider(50));
    expect(second.upserts.map((u) => u.id)).toContain('Pictures/Nature/new.jpg');
  });

  it('reads byte ranges with file.slice and cannot make links', async () => {
    const p = provider();
    const path = 'Pictures/Cameras/Nikon D5000.jpg';
    const bytes = await p.readRange({ id: path, path }, 100, 1100);
    expect(Buffer.from(bytes)).toEqual((await readFile(join(dir, path))).subarray(100, 1100));
    expect(p.canLink).toBe(false);
    await expect(p.createLink({ id: path, path }, null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(p.readRange({ id: 'missing.jpg', path: 'missing.jpg' }, 0, 10)).rejects.toMatchObject({
      kind: 'not_found',
    });
  });
});
