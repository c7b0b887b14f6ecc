import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const run = promisify(execFile);
const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = resolve(cliRoot, '../../shared/corpora');
const bin = join(cliRoot, 'bin/hypomos.mjs');

const FaceLine = z.object({
  path: z.string(),
  faces: z.array(
    z.object({
      box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      score: z.number(),
      personId: z.string().min(1),
    }),
  ),
  error: z.string().optional(),
});
const DupeLine = z.object({ kind: z.enum(['exact', 'near']), paths: z.array(z.string()).min(2) });

let dir: string;

/** Three crops each of two people (face-api.js set, internal testing only: copied to a temp folder, not the repo). */
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hypomos-faces-'));
  for (const person of ['amy', 'sheldon']) {
    mkdirSync(join(dir, person));
    for (const n of [1, 2, 3])
      copyFileSync(resolve(corpora, `faces-face-api-js/${person}/${person}${n}.png`), join(dir, person, `${n}.png`));
  }
  writeFileSync(join(dir, 'broken.jpg'), 'not an image');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hypomos faces / dupes (Human node-wasm, real models)', () => {
  it('faces prints one NDJSON line per image with consistent person ids, and an error line for a bad file', {
    timeout: 180_000,
  }, async () => {
    const { stdout } = await run(process.execPath, [bin, 'faces', dir, '--json'], { cwd: cliRoot });
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => FaceLine.parse(JSON.parse(l)));
    expect(lines.map((l) => l.path)).toEqual([
      'amy/1.png',
      'amy/2.png',
      'amy/3.png',
      'broken.jpg',
      'sheldon/1.png',
      'sheldon/2.png',
      'sheldon/3.png',
    ]);
    expect(lines.find((l) => l.path === 'broken.jpg')?.error).toMatch(/unsupported image format/);
    const personOf = (p: string) => lines.find((l) => l.path === p)?.faces[0]?.personId;
    expect(new Set(['amy/1.png', 'amy/2.png', 'amy/3.png'].map(personOf)).size).toBe(1);
    expect(new Set(['sheldon/1.png', 'sheldon/2.png', 'sheldon/3.png'].map(personOf)).size).toBe(1);
    expect(personOf('amy/1.png')).not.toBe(personOf('sheldon/1.png'));
  });

  it('dupes groups near-duplicates of the imagededup set', { timeout: 120_000 }, async () => {
    const { stdout } = await run(
      process.execPath,
      [bin, 'dupes', resolve(corpora, 'dedup-imagededup/mixed_images'), '--json'],
      { cwd: cliRoot },
    );
    const groups = stdout
      .trim()
      .split('\n')
      .map((l) => DupeLine.parse(JSON.parse(l)));
    // The mirrored, resized and ~30°-turned copies join their original; the corrupt file matches nothing.
    expect(groups).toEqual([
      {
        kind: 'near',
        paths: ['ukbench00120.jpg', 'ukbench00120_hflip.jpg', 'ukbench00120_resize.jpg', 'ukbench00120_rotation.jpg'],
      },
    ]);
  });
});
