import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeImage } from '@hypomos/shared/vision/analysis';
import { averageLinkage, SAME_PERSON_SIMILARITY } from '@hypomos/shared/vision/cluster';
import { type Command, folderWithOption } from '../command';
import { decodeImage, listImages, loadDetector } from './vision-node';

interface FaceLine {
  path: string;
  faces: { box: [number, number, number, number]; score: number; personId: string }[];
  error?: string;
}

/**
 * `hypomos faces <folder> [--json] [--threshold 0.55]`: detects faces in every image, clusters all of them with the
 * extension's clustering (average linkage on cosine similarity) and prints one NDJSON line per image. personIds are
 * consistent within one run.
 */
async function runFaces(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(`usage: ${command.usage}`);
    return 0;
  }
  const parsed = folderWithOption(args, '--threshold');
  if ('error' in parsed) {
    console.error(`usage: ${command.usage}`);
    return 2;
  }
  const { folder } = parsed;
  const threshold = parsed.value ?? SAME_PERSON_SIMILARITY;
  if (!(threshold > 0 && threshold < 1)) {
    console.error('hypomos faces: --threshold must be a number between 0 and 1');
    return 2;
  }
  const json = args.includes('--json');
  const detect = await loadDetector();
  const lines: FaceLine[] = [];
  const vectors: { line: number; face: number; embedding: number[] }[] = [];
  for (const path of await listImages(folder)) {
    try {
      const analysis = await analyzeImage(decodeImage(await readFile(join(folder, path))), detect);
      const line: FaceLine = { path, faces: analysis.faces.map((f) => ({ box: f.box, score: f.score, personId: '' })) };
      for (const [i, f] of analysis.faces.entries())
        vectors.push({ line: lines.length, face: i, embedding: f.embedding });
      lines.push(line);
    } catch (err) {
      // A bad file is reported on its own line; the rest of the folder goes on.
      lines.push({ path, faces: [], error: err instanceof Error ? err.message : String(err) });
    }
  }
  const groups = averageLinkage(
    vectors.map((v) => v.embedding),
    threshold,
    vectors.map((v) => v.line),
  );
  groups.forEach((group, k) => {
    for (const g of group) {
      const v = vectors[g];
      const face = v && lines[v.line]?.faces[v.face];
      if (face) face.personId = `p${k + 1}`;
    }
  });
  for (const line of lines) {
    if (json) console.log(JSON.stringify(line));
    else
      console.log(
        `${line.path}\t${line.error ? `error: ${line.error}` : line.faces.map((f) => f.personId).join(',') || '-'}`,
      );
  }
  return 0;
}

export const command: Command = {
  summary: 'detect faces and group them into people (NDJSON with --json)',
  usage: 'hypomos faces <folder> [--json] [--threshold <similarity 0–1>]',
  run: runFaces,
};
