import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoPhotosDir, loadSeedFiles } from './index';

/** exiftool (the reference) on the demo photos, numeric values. */
function exiftool(paths: string[]): Record<string, Record<string, unknown>> {
  const out = JSON.parse(
    execFileSync(
      'exiftool',
      [
        '-json',
        '-n',
        '-ImageWidth',
        '-ImageHeight',
        '-GPSLatitude',
        '-GPSLongitude',
        '-Duration',
        '-Make',
        '-Model',
        ...paths,
      ],
      { encoding: 'utf8' },
    ),
  ) as Record<string, unknown>[];
  return Object.fromEntries(out.map((o) => [o.SourceFile as string, o]));
}

describe('seed facts (what the contract servers report as provider metadata)', () => {
  it('match exiftool on the demo photos: pixel size, GPS, camera, video duration', { timeout: 60_000 }, async () => {
    const files = await loadSeedFiles(demoPhotosDir);
    expect(files).toHaveLength(14);
    const ref = exiftool(files.map((f) => join(demoPhotosDir, f.path)));
    for (const f of files) {
      const e = ref[join(demoPhotosDir, f.path)] ?? {};
      const facts = f.facts;
      if (f.mimeType.startsWith('image/jpeg') || f.mimeType.startsWith('video/')) {
        expect([facts?.width, facts?.height], f.path).toEqual([e.ImageWidth, e.ImageHeight]);
      }
      if (typeof e.GPSLatitude === 'number') {
        expect(facts?.lat, f.path).toBeCloseTo(e.GPSLatitude, 3);
        expect(facts?.lon, f.path).toBeCloseTo(e.GPSLongitude as number, 3);
      }
      if (typeof e.Make === 'string' && f.mimeType === 'image/jpeg') expect(facts?.make, f.path).toBe(e.Make.trim());
      if (typeof e.Duration === 'number') expect((facts?.durationMs ?? 0) / 1000, f.path).toBeCloseTo(e.Duration, 1);
    }
  });

  it('gives JPEGs a real thumbnail: the embedded EXIF preview when there is one', { timeout: 30_000 }, async () => {
    const files = await loadSeedFiles(join(demoPhotosDir, 'Pictures/Cameras'));
    const nikon = files.find((f) => f.path === 'Nikon D5000.jpg');
    expect(nikon?.thumbnail?.bytes.length).toBeLessThan(nikon?.bytes.length ?? 0);
    expect(nikon?.thumbnail?.width).toBeLessThanOrEqual(160);
  });
});
