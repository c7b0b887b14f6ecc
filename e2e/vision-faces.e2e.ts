import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairwiseScores, purityAndRecall } from '../shared/src/vision/metrics';
import { corpora, mimeOf, openVisionCheck, readTsv, serveFolder, type VisionSession } from './vision-support';

/**
 * Faces → people in the built extension: real BlazeFace + faceres models in module workers, the Dexie queue, and the
 * incremental clustering, on the face-api.js set (8 people × 5 crops, identity = folder; internal testing only, read
 * from ../shared/corpora). Runs the full labelled set (40 images): 20–40 s on 2 cores.
 */
const root = `${corpora}/faces-face-api-js`;

describe('vision: faces and people in Chromium', () => {
  let session: VisionSession;
  let server: Awaited<ReturnType<typeof serveFolder>>;

  beforeAll(async () => {
    server = await serveFolder(root);
    session = await openVisionCheck();
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('groups the face-api.js crops into people with pairwise F1 ≥ 0.9', async () => {
    const labelled = (await readTsv(`${root}/labels.tsv`)).filter((r) => r.person);
    const personOf = new Map(labelled.map((r) => [r.path as string, r.person as string]));
    const result = await session.check(
      labelled.map((r) => ({
        id: r.path as string,
        url: `${server.url}/${r.path}`,
        name: r.path as string,
        mimeType: mimeOf(r.path as string),
      })),
    );

    expect(result.failed).toEqual([]);
    // Every crop holds one face; the largest face per image is the labelled person.
    const largest = new Map<string, { personId: string | null; area: number }>();
    for (const f of result.faces) {
      const area = f.box[2] * f.box[3];
      if ((largest.get(f.id)?.area ?? -1) < area) largest.set(f.id, { personId: f.personId, area });
    }
    expect(largest.size).toBe(labelled.length);

    const clusters = new Map<string, string[]>();
    for (const [id, f] of largest) clusters.set(f.personId ?? id, [...(clusters.get(f.personId ?? id) ?? []), id]);
    const truth = new Map<string, string[]>();
    for (const [path, person] of personOf) truth.set(person, [...(truth.get(person) ?? []), path]);
    const scores = pairwiseScores([...clusters.values()], [...truth.values()]);
    const { purity, recall } = purityAndRecall([...clusters.values()], (id) => personOf.get(id) as string);
    console.log(
      `faces: ${labelled.length} images, ${clusters.size} people found (8 true); pairwise P=${scores.precision.toFixed(3)} R=${scores.recall.toFixed(3)} F1=${scores.f1.toFixed(3)}; purity=${purity.toFixed(3)} recall=${recall.toFixed(3)}; ${result.workers} workers`,
    );
    expect(scores.f1).toBeGreaterThanOrEqual(0.9);
    expect(purity).toBeGreaterThanOrEqual(0.9);

    // items.people carries the person ids, so `person:<id>` search and dynamic collections see them.
    for (const item of result.items) {
      const face = largest.get(item.id);
      expect(item.people).toContain(face?.personId);
    }
  }, 300_000);
});
