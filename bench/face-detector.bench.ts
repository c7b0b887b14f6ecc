// Face detector choice (issue #8): MediaPipe Tasks (BlazeFace short range, .tflite with metadata added at build time)
// against Human's BlazeFace as the product configures it (padding, score and size rules), in the same Debian
// Chromium run, each in its own module worker. Reports recall on the single-face sets, faces found on group and
// mixed photos and where the detectors agree, detection ms per image, clustering F1 with faceres vectors taken from
// each detector's boxes, and the bytes each option adds. Human's value is the baseline of each MediaPipe figure.
import { readdir, stat } from 'node:fs/promises';
import { corpora, readTsv } from '../e2e/vision-support';
import { MIN_FACE_SCORE } from '../shared/src/vision/analysis';
import { averageLinkage } from '../shared/src/vision/cluster';
import { pairwiseScores } from '../shared/src/vision/metrics';
import { type Figure, figure, quantile } from './figure';
import { agreement, largest } from './support/face-bench/compare';
import type { Box, Face } from './support/face-bench/protocol';
import { optionFiles } from './support/face-bench/server';
import { type FaceBenchSession, openFaceBench } from './support/face-bench/session';

interface Detection {
  ms: number;
  faces: Face[];
  /** Boxes on the padded image, before the product's rules: what faceres crops from. */
  padded: Face[];
}
type Kind = 'mediapipe' | 'human' | 'mediapipeUnpadded';
const KINDS: Kind[] = ['mediapipe', 'human', 'mediapipeUnpadded'];

/**
 * Visible faces in the face-api.js group photos, counted by hand for this bench (labels.tsv has no per-face counts):
 * bbt2 counts the two people in front and the partly cut-off man at the left edge; backs of heads do not count.
 */
const GROUP_FACES: Record<string, number> = {
  'bbt1.jpg': 4,
  'bbt2.jpg': 3,
  'bbt3.jpg': 5,
  'bbt4.jpg': 6,
  'bbt5.jpg': 5,
};

async function detectAll(s: FaceBenchSession, paths: string[]) {
  const out: Record<Kind, Map<string, Detection>> = {
    mediapipe: new Map(),
    human: new Map(),
    mediapipeUnpadded: new Map(),
  };
  const errors: string[] = [];
  for (const path of paths) {
    for (const kind of KINDS) {
      try {
        const worker = kind === 'human' ? 'human' : 'mediapipe';
        out[kind].set(
          path,
          await s.call<Detection>(worker, 'detect', {
            url: `${s.server.url}/corpus/${path}`,
            pad: kind !== 'mediapipeUnpadded',
          }),
        );
      } catch (err) {
        errors.push(`${kind} ${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  return { out, errors };
}

type Vectors = Record<'human' | 'humanRecropped' | 'mediapipe', { box: Box; vector: number[] }[]>;

/** Pairwise F1 of the product's clustering when each crop contributes the vector of its largest face. */
function clusterF1(vectors: Map<string, Vectors>, which: keyof Vectors, personOf: Map<string, string>): number {
  const ids: string[] = [];
  const vs: number[][] = [];
  for (const [path, v] of vectors) {
    const face = largest(v[which]);
    if (face && face.vector.length > 0) {
      ids.push(path);
      vs.push(face.vector);
    }
  }
  const groups = averageLinkage(vs).map((g) => g.map((i) => ids[i] as string));
  const truth = new Map<string, string[]>();
  for (const [path, person] of personOf) truth.set(person, [...(truth.get(person) ?? []), path]);
  return pairwiseScores(groups, [...truth.values()]).f1;
}

const mib = (bytes: number) => bytes / 2 ** 20;
const fileBytes = async (paths: string[]) =>
  (await Promise.all(paths.map(async (p) => (await stat(p)).size))).reduce((a, b) => a + b, 0);

export async function run(): Promise<Figure[]> {
  const faceSet = 'faces-face-api-js';
  const rows = await readTsv(`${corpora}/${faceSet}/labels.tsv`);
  const single = rows.filter((r) => r.expected_faces === '1').map((r) => `${faceSet}/${r.path}`);
  const groups = rows.filter((r) => r.expected_faces !== '1').map((r) => `${faceSet}/${r.path}`);
  const personOf = new Map(rows.filter((r) => r.person).map((r) => [`${faceSet}/${r.path}`, r.person as string]));
  const samples = (await readdir(`${corpora}/faces-human-samples`))
    .filter((f) => /\.jpe?g$/i.test(f))
    .map((f) => `faces-human-samples/${f}`);

  const s = await openFaceBench(corpora);
  try {
    const mpLoad = await s.call<number>('mediapipe', 'init', {
      wasm: `${s.server.url}/mediapipe/wasm`,
      model: `${s.server.url}/blazeface-short-range.tflite`,
    });
    const humanLoad = await s.call<number>('human', 'init', {
      models: `${s.server.url}/human/`,
      wasm: `${s.server.url}/tfjs/`,
    });
    const { out, errors } = await detectAll(s, [...single, ...groups, ...samples]);
    for (const e of errors) console.error(`  ${e}`);

    const vectors = new Map<string, Vectors>();
    for (const path of personOf.keys()) {
      const mp = out.mediapipe.get(path);
      const mediapipeBoxes = (mp?.padded ?? []).filter((f) => f.score >= MIN_FACE_SCORE).map((f) => f.box);
      vectors.set(
        path,
        await s.call<Vectors>('human', 'vectors', { url: `${s.server.url}/corpus/${path}`, mediapipeBoxes }),
      );
    }
    const blocked = [
      ...(await s.call<string[]>('mediapipe', 'violations')),
      ...(await s.call<string[]>('human', 'violations')),
    ];

    console.log(`  blocked by the CSP: ${blocked.join('; ') || 'nothing'}`);
    const figures: Figure[] = [];
    const per = (kind: Kind, paths: string[]) => paths.map((p) => out[kind].get(p));
    const recall = (kind: Kind) => per(kind, single).filter((d) => (d?.faces.length ?? 0) > 0).length / single.length;
    figures.push(
      figure(
        'faces.detector.mediapipe.recall',
        recall('mediapipe'),
        'share',
        recall('human'),
        '≥ Human',
        `${single.length} single-face photos (40 crops + 7 expressions); baseline: Human`,
      ),
      figure(
        'faces.detector.human.recall',
        recall('human'),
        'share',
        null,
        null,
        `${single.length} single-face photos`,
      ),
    );
    const exactlyOne = (kind: Kind) => per(kind, single).filter((d) => d?.faces.length === 1).length / single.length;
    figures.push(
      figure(
        'faces.detector.mediapipe.exactly_one',
        exactlyOne('mediapipe'),
        'share',
        exactlyOne('human'),
        null,
        'single-face photos with exactly one face',
      ),
      figure(
        'faces.detector.mediapipe_unpadded.recall',
        recall('mediapipeUnpadded'),
        'share',
        recall('human'),
        null,
        'MediaPipe without the 25 % border; baseline: Human padded',
      ),
    );

    // Group photos: faces found, capped per photo at the hand count (an upper bound on recall: boxes are not checked).
    const handTotal = Object.values(GROUP_FACES).reduce((a, b) => a + b, 0);
    const groupRecall = (kind: Kind) =>
      groups.reduce(
        (n, g) => n + Math.min(out[kind].get(g)?.faces.length ?? 0, GROUP_FACES[g.split('/').pop() as string] ?? 0),
        0,
      ) / handTotal;
    const counts = (g: string) =>
      `${g.split('/').pop()} ${KINDS.map((k) => out[k].get(g)?.faces.length ?? '–').join('/')} of ${GROUP_FACES[g.split('/').pop() as string]}`;
    figures.push(
      figure(
        'faces.detector.mediapipe.group_recall',
        groupRecall('mediapipe'),
        'share',
        groupRecall('human'),
        '≥ Human',
        `${handTotal} hand-counted faces in 5 group photos; MediaPipe/Human/MediaPipe unpadded: ${groups.map(counts).join(', ')}`,
      ),
      figure(
        'faces.detector.human.group_recall',
        groupRecall('human'),
        'share',
        null,
        null,
        'faces found, capped at the hand count per photo',
      ),
      figure(
        'faces.detector.mediapipe_unpadded.group_recall',
        groupRecall('mediapipeUnpadded'),
        'share',
        groupRecall('human'),
        null,
        'MediaPipe without the border',
      ),
    );

    const withFace = (kind: Kind) => per(kind, samples).filter((d) => (d?.faces.length ?? 0) > 0).length;
    const facesIn = (kind: Kind) => per(kind, samples).reduce((n, d) => n + (d?.faces.length ?? 0), 0);
    const agree = agreement(
      samples.map((p) => ({ a: out.mediapipe.get(p)?.faces ?? [], b: out.human.get(p)?.faces ?? [] })),
    );
    figures.push(
      figure(
        'faces.detector.mediapipe.samples_with_face',
        withFace('mediapipe'),
        'images',
        withFace('human'),
        null,
        `faces-human-samples, ${samples.length} images`,
      ),
      figure(
        'faces.detector.mediapipe.samples_faces',
        facesIn('mediapipe'),
        'faces',
        facesIn('human'),
        null,
        'faces-human-samples, all faces',
      ),
      figure(
        'faces.detector.mediapipe_unpadded.samples_faces',
        facesIn('mediapipeUnpadded'),
        'faces',
        facesIn('human'),
        null,
        'MediaPipe without the border',
      ),
      figure(
        'faces.detector.agreement_faces',
        agree.faceJaccard,
        'share',
        null,
        null,
        'faces-human-samples: faces both found / faces either found',
      ),
      figure(
        'faces.detector.agreement_count',
        agree.sameCount / agree.images,
        'share',
        null,
        null,
        'faces-human-samples: images with the same face count',
      ),
    );

    const differ = samples.filter((p) => out.mediapipe.get(p)?.faces.length !== out.human.get(p)?.faces.length);
    console.log(
      `  samples where the counts differ (MediaPipe/Human/MediaPipe unpadded): ${differ.map((p) => `${p.split('/').pop()} ${KINDS.map((k) => out[k].get(p)?.faces.length ?? '–').join('/')}`).join(', ')}`,
    );

    const all = [...single, ...groups, ...samples];
    const times = (kind: Kind) => per(kind, all).flatMap((d) => (d ? [d.ms] : []));
    for (const [q, label] of [
      [0.5, 'median'],
      [0.95, 'p95'],
    ] as const) {
      const h = quantile(times('human'), q);
      figures.push(
        figure(
          `faces.detector.mediapipe_ms_${label}`,
          quantile(times('mediapipe'), q),
          'ms',
          h,
          '< Human',
          `${all.length} photos, detection only, ≤ 1024 px + 25 % border; baseline: Human`,
        ),
        figure(`faces.detector.human_ms_${label}`, h, 'ms', null, null, 'BlazeFace, faceres and CenterNet off'),
        figure(
          `faces.detector.mediapipe_unpadded_ms_${label}`,
          quantile(times('mediapipeUnpadded'), q),
          'ms',
          h,
          null,
          'MediaPipe without the border',
        ),
      );
    }
    figures.push(
      figure(
        'faces.detector.mediapipe_load_ms',
        mpLoad,
        'ms',
        humanLoad,
        null,
        'worker init to ready; baseline: Human with faceres',
      ),
    );

    const humanF1 = clusterF1(vectors, 'human', personOf);
    figures.push(
      figure(
        'faces.detector.mediapipe_boxes.pairwise_f1',
        clusterF1(vectors, 'mediapipe', personOf),
        'F1',
        humanF1,
        '≥ 0.9',
        'faceres on MediaPipe boxes (grown 1.4×, squared, as Human crops); baseline: Human end to end',
      ),
      figure(
        'faces.detector.human_recropped.pairwise_f1',
        clusterF1(vectors, 'humanRecropped', personOf),
        'F1',
        humanF1,
        null,
        "control: Human's boxes through the bench's own crop",
      ),
    );

    const files = optionFiles();
    const mpBytes =
      (await fileBytes(Object.keys(files.mediapipe))) +
      s.server.modelBytes +
      (s.server.bundles['mediapipe.worker.js'] ?? 0);
    const humanBytes = await fileBytes(Object.keys(files.human));
    figures.push(
      figure(
        'faces.detector.mediapipe_added_mib',
        mib(mpBytes),
        'MiB',
        mib(humanBytes),
        null,
        'wasm loader + SIMD binary, patched model, worker bundle; Human stays for faceres and objects',
      ),
      figure(
        'faces.detector.human_added_mib',
        mib(humanBytes),
        'MiB',
        null,
        null,
        'blazeface.json + .bin; TFJS and Human ship anyway',
      ),
      figure('faces.detector.csp_blocked', blocked.length, 'requests', null, null, blocked.join('; ') || 'none'),
      figure('faces.detector.errors', errors.length, 'images', null, '0', errors.slice(0, 3).join('; ') || 'none'),
    );
    return figures;
  } finally {
    await s.close();
  }
}
