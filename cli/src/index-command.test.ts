import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndexRecord, RECORD_FIELDS } from './index-folder';

const run = promisify(execFile);
const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = resolve(cliRoot, '../../shared/corpora');
const bin = join(cliRoot, 'bin/hypomos.mjs');

let dir: string;

/** A small library assembled in a temp folder from public-domain corpus files, plus the awkward cases. */
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hypomos-index-'));
  mkdirSync(join(dir, 'trip/day 1'), { recursive: true });
  mkdirSync(join(dir, '.thumbnails'));
  const copy = (from: string, to: string) => copyFileSync(resolve(corpora, from), join(dir, to));
  copy('immich-test-assets/metadata/gps-position/thompson-springs.jpg', 'trip/day 1/thompson-springs.jpg');
  copy('immich-test-assets/formats/heic/IMG_2682.heic', 'trip/IMG_2682.heic');
  copy('metadata-extractor-images/mov/with-gps.mov', 'trip/clip.mov');
  copy('immich-test-assets/formats/jpg/el_torcal_rocks.jpg', '-rf \n"quoted" ünïcode.jpg'); // hostile name
  copy('immich-test-assets/formats/jpg/el_torcal_rocks.jpg', 'really-a-jpeg.mp4'); // wrong extension
  copy('immich-test-assets/formats/jpg/el_torcal_rocks.jpg', '.thumbnails/skipped.jpg');
  const heic = readFileSync(resolve(corpora, 'immich-test-assets/formats/heic/IMG_2682.heic'));
  writeFileSync(join(dir, 'truncated.heic'), heic.subarray(0, 20));
  writeFileSync(join(dir, 'empty.jpg'), '');
  writeFileSync(join(dir, 'notes.txt'), 'not media');
  writeFileSync(join(dir, 'garbage.jpg'), 'definitely not a jpeg');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hypomos index', () => {
  it('prints one NDJSON object per media file with exactly the documented fields', { timeout: 120_000 }, async () => {
    const { stdout } = await run(process.execPath, [bin, 'index', dir, '--json'], { cwd: cliRoot });
    const records = stdout
      .trim()
      .split('\n')
      .map((line) => IndexRecord.parse(JSON.parse(line)));
    for (const line of stdout.trim().split('\n')) expect(Object.keys(JSON.parse(line))).toEqual([...RECORD_FIELDS]);
    const byPath = new Map(records.map((r) => [r.path, r]));
    expect([...byPath.keys()].sort()).toEqual(
      [
        '-rf \n"quoted" ünïcode.jpg',
        'empty.jpg',
        'garbage.jpg',
        'really-a-jpeg.mp4',
        'trip/IMG_2682.heic',
        'trip/clip.mov',
        'trip/day 1/thompson-springs.jpg',
        'truncated.heic',
      ].sort(),
    );
    expect(byPath.get('trip/day 1/thompson-springs.jpg')).toMatchObject({
      mediaType: 'image',
      mimeType: 'image/jpeg',
      takenAtLocal: '2022-01-10T15:15:44.310',
      timeZone: 'America/Denver',
      place: { country: 'United States', region: 'Colorado' }, // its GPS is near Palisade, CO despite the file name
      error: null,
    });
    expect(byPath.get('trip/clip.mov')).toMatchObject({
      mediaType: 'video',
      takenAtUtc: '2019-07-24T08:25:40Z',
      timeZone: 'Asia/Jerusalem',
    });
    expect(byPath.get('trip/clip.mov')?.durationSec).toBeCloseTo(4.0017, 3);
    const jpeg = byPath.get('really-a-jpeg.mp4');
    expect(jpeg).toMatchObject({ mediaType: 'image', mimeType: 'image/jpeg', error: null });
    expect(jpeg?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(jpeg?.sha256).toBe(byPath.get('-rf \n"quoted" ünïcode.jpg')?.sha256);
    expect(byPath.get('empty.jpg')?.error).toBe('empty file');
    expect(byPath.get('garbage.jpg')?.error).toMatch(/not a supported/);
    expect(byPath.get('truncated.heic')?.error).toMatch(/\w/);
  });

  it('prints a readable table and summary without --json', { timeout: 120_000 }, async () => {
    const { stdout } = await run(process.execPath, [bin, 'index', dir], { cwd: cliRoot });
    expect(stdout).toMatch(/thompson-springs\.jpg\s+image\s+2022-01-10T15:15:44/);
    expect(stdout).toContain('"-rf \\n\\"quoted\\" ünïcode.jpg"');
    expect(stdout).toMatch(/8 media files \(5 images, 1 videos\), 3 errors, 3 with GPS, 1 other files skipped/);
  });

  it('explains itself and rejects bad arguments', { timeout: 120_000 }, async () => {
    const help = await run(process.execPath, [bin, 'index', '--help'], { cwd: cliRoot });
    expect(help.stdout).toContain('usage: hypomos index <folder> [--json]');
    expect(help.stdout).toContain('takenAtUtc');
    const top = await run(process.execPath, [bin, '--help'], { cwd: cliRoot });
    expect(top.stdout).toMatch(/index\s+index the photos and videos/);
    await expect(run(process.execPath, [bin, 'index', join(dir, 'nope')], { cwd: cliRoot })).rejects.toMatchObject({
      code: 2,
    });
    await expect(run(process.execPath, [bin, 'frobnicate'], { cwd: cliRoot })).rejects.toMatchObject({ code: 2 });
  });
});
