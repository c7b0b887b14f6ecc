import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { visionAssets } from '../../../build/vision-assets';

describe('vision build assets', () => {
  it('copies only existing model and wasm files, to the paths the loading code uses (urls.ts)', () => {
    const assets = visionAssets();
    for (const a of assets) {
      expect(existsSync(a.absoluteSrc), a.absoluteSrc).toBe(true);
      expect(statSync(a.absoluteSrc).size).toBeGreaterThan(0);
      expect(a.relativeDest).toMatch(/^vision\/(human|tfjs|tesseract)\//);
    }
    const dests = assets.map((a) => a.relativeDest);
    expect(dests).toEqual(
      expect.arrayContaining([
        'vision/human/faceres.bin',
        'vision/tfjs/tfjs-backend-wasm-simd.wasm',
        'vision/tesseract/worker.min.js',
        'vision/tesseract/tesseract-core-simd-lstm.wasm.js',
        'vision/tesseract/lang/eng.traineddata.gz',
      ]),
    );
    // Nothing the pipeline does not load (no face mesh, no other Human models).
    expect(dests.filter((d) => d.startsWith('vision/human/'))).toHaveLength(6);
  });
});
