import { resolve } from 'node:path';
import exifr from 'exifr';
import { describe, expect, it } from 'vitest';
import type { IndexItem } from '../index/item';
import { makeIndexItem } from '../filter/item-factory';
import { buildStacks } from './stacks';

const corpora = resolve(import.meta.dirname, '../../../../shared/corpora');

/** Reads make, model and capture time from a real corpus file, the way the metadata pipeline would. */
async function fromCorpus(path: string, id: string, name: string, extra: Partial<IndexItem> = {}): Promise<IndexItem> {
  const tags = await exifr.parse(resolve(corpora, path), {
    pick: ['Make', 'Model', 'DateTimeOriginal', 'SubSecTimeOriginal'],
    reviveValues: false,
  });
  expect(tags?.Make, path).toBeTruthy();
  const [date, time] = String(tags.DateTimeOriginal).split(' ');
  const sub = tags.SubSecTimeOriginal === undefined ? 0 : Number(`0.${tags.SubSecTimeOriginal}`) * 1000;
  const takenAt = Date.parse(`${date!.replaceAll(':', '-')}T${time}Z`) + Math.round(sub);
  return makeIndexItem({
    providerItemId: id,
    name,
    folder: 'DCIM/100NIKON',
    make: tags.Make,
    model: tags.Model,
    takenAt,
    mediaType: 'image',
    ...extra,
  });
}

describe('stacks from real corpus metadata', () => {
  it('pairs a NEF with the JPEG of the same base name, JPEG on top', async () => {
    // Assembled pair: exiftool's Nikon.nef (NIKON D70) and NikonD70.jpg (the same model, shot months
    // apart) renamed to one base name, as a camera writing RAW+JPEG would name them.
    const raw = await fromCorpus('exiftool-t-images/images/Nikon.nef', 'raw', 'DSC_0001.NEF');
    const jpeg = await fromCorpus('exiftool-t-images/images/NikonD70.jpg', 'jpg', 'DSC_0001.JPG');
    expect(raw.model).toBe('NIKON D70');
    expect(jpeg.model).toBe('NIKON D70');
    expect(buildStacks([raw, jpeg])).toEqual([{ kind: 'raw+jpeg', top: jpeg.key, members: [jpeg.key, raw.key] }]);
  });

  it('pairs by capture time within 1 s when names differ, but never across cameras', async () => {
    // Assembled: the real NEF, and the real D70 JPEG given a capture time 400 ms after the NEF's.
    const raw = await fromCorpus('exiftool-t-images/images/Nikon.nef', 'raw', 'RAW_7781.NEF');
    const jpeg = await fromCorpus('exiftool-t-images/images/NikonD70.jpg', 'jpg', 'JPG_0042.JPG', {
      takenAt: raw.takenAt + 400,
    });
    const otherCamera = await fromCorpus('metadata-extractor-images/jpg/Nikon D5000.jpg', 'd5000', 'X.JPG', {
      takenAt: raw.takenAt + 100,
    });
    const stacks = buildStacks([raw, jpeg, otherCamera]);
    expect(stacks).toContainEqual({ kind: 'raw+jpeg', top: jpeg.key, members: [jpeg.key, raw.key] });
    expect(stacks).toContainEqual({ kind: 'single', top: otherCamera.key, members: [otherCamera.key] });
    const far = { ...jpeg, takenAt: raw.takenAt + 1500 };
    expect(buildStacks([raw, far]).map((s) => s.kind)).toEqual(['single', 'single']);
  });

  it('collapses a burst of one camera ≤ 1 s apart, first shot on top unless one is rated better', async () => {
    // The four real D70s NEFs of metadata-extractor's "Issue 247" are 3–19 s apart: no burst as shot.
    const shots = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        fromCorpus(`metadata-extractor-images/nef/Issue 247-${n}.nef`, `s${n}`, `DSC_000${n}.NEF`),
      ),
    );
    expect(buildStacks(shots).map((s) => s.kind)).toEqual(['single', 'single', 'single', 'single']);
    // Assembled burst: the same files re-timed 300 ms apart (the camera's burst rate).
    const t0 = shots[0]!.takenAt;
    const burst = shots.map((s, i) => ({ ...s, takenAt: t0 + i * 300 }));
    expect(buildStacks(burst)).toEqual([{ kind: 'burst', top: burst[0]!.key, members: burst.map((s) => s.key) }]);
    burst[2] = { ...burst[2]!, rating: 5 };
    expect(buildStacks(burst)[0]!.top).toBe(burst[2]!.key);
    // A gap over 1 s splits the run.
    burst[3] = { ...burst[3]!, takenAt: t0 + 5000 };
    expect(buildStacks(burst).map((s) => s.members.length)).toEqual([3, 1]);
  });

  it('groups a shared burst id even when shots are further apart', async () => {
    const shots = await Promise.all(
      [1, 3].map((n) =>
        fromCorpus(`metadata-extractor-images/nef/Issue 247-${n}.nef`, `b${n}`, `B${n}.NEF`, { burstId: 'burst-A' }),
      ),
    );
    const loner = await fromCorpus('metadata-extractor-images/nef/Issue 247-2.nef', 'b2', 'B2.NEF');
    const stacks = buildStacks([...shots, loner]);
    expect(stacks.map((s) => s.kind).sort()).toEqual(['burst', 'single']);
    expect(stacks.find((s) => s.kind === 'burst')!.members).toEqual(shots.map((s) => s.key));
  });
});
