import { analyzeImage, type Detector, type ImageAnalysis } from '@hypomos/shared/vision/analysis';
import { humanConfig, humanDetector } from '@hypomos/shared/vision/human-config';
import type { RgbaImage } from '@hypomos/shared/vision/image';
import { Human } from '@vladmandic/human';
import * as Comlink from 'comlink';
import { ANALYSIS_MAX_SIDE } from './face-crop';

/**
 * One vision worker: one Human instance (TFJS wasm backend) doing one image at a time. The pool (pool.ts) runs as
 * many of these as the device has cores. Models come from the extension's own files (urls.ts), passed in by init.
 */

let detector: Promise<Detector> | null = null;

async function decode(blob: Blob): Promise<RgbaImage> {
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  try {
    const scale = Math.min(1, ANALYSIS_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D context in the vision worker');
    ctx.drawImage(bitmap, 0, 0, width, height);
    return ctx.getImageData(0, 0, width, height);
  } finally {
    bitmap.close();
  }
}

const api = {
  async init(humanModels: string, tfjsWasm: string): Promise<void> {
    detector ??= (async () => {
      const human = new Human(humanConfig(humanModels, tfjsWasm) as never);
      // The pool already runs one worker per core; wasm threads on top would oversubscribe them, and the threaded
      // binary is not shipped (it also needs cross-origin isolation, which extension pages do not have).
      human.tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      await human.init();
      if (human.tf.getBackend() !== 'wasm')
        throw new Error(`vision: TFJS wasm backend did not start (got ${human.tf.getBackend()})`);
      await human.load();
      return humanDetector(human as never);
    })();
    await detector;
  },

  /** Decodes and analyses one image. Throws with a readable message when the bytes are not a decodable image. */
  async analyze(blob: Blob): Promise<ImageAnalysis & { decodeMs: number; modelMs: number }> {
    if (!detector) throw new Error('vision worker used before init');
    const detect = await detector;
    const t0 = performance.now();
    let img: RgbaImage;
    try {
      img = await decode(blob);
    } catch (err) {
      throw new Error(
        `cannot decode image (${blob.type || 'unknown type'}, ${blob.size} bytes): ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const t1 = performance.now();
    const analysis = await analyzeImage(img, detect);
    return { ...analysis, decodeMs: t1 - t0, modelMs: performance.now() - t1 };
  },
};

export type VisionWorkerApi = typeof api;
Comlink.expose(api);
