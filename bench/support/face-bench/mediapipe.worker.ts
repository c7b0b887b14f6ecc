import { FaceDetector, FilesetResolver } from '@mediapipe/tasks-vision';
import { type Face, keepFaces, loadPadded, serve } from './protocol';

/** MediaPipe Tasks face detector (BlazeFace short range) in a module worker; one task per worker, as MediaPipe needs. */

let detector: FaceDetector | null = null;

serve({
  async init(args: { wasm: string; model: string }) {
    const t0 = performance.now();
    // true: the ES module build of the loader, the only one a module worker can load (no importScripts).
    const files = await FilesetResolver.forVisionTasks(args.wasm, true);
    detector = await FaceDetector.createFromOptions(files, {
      baseOptions: { modelAssetPath: args.model, delegate: 'CPU' },
      runningMode: 'IMAGE',
      // Same floor as Human's detector (human-config.ts); the product's 0.5 rule is applied after, for both.
      minDetectionConfidence: 0.3,
      minSuppressionThreshold: 0.3,
    });
    return performance.now() - t0;
  },

  async detect(args: { url: string; pad?: boolean }) {
    if (!detector) throw new Error('mediapipe worker used before init');
    const { img, padded } = await loadPadded(args.url, args.pad ?? true);
    const rgba = new Uint8ClampedArray(padded.width * padded.height * 4);
    for (let i = 0, j = 0; i < padded.rgb.length; i += 3, j += 4) {
      rgba[j] = padded.rgb[i] as number;
      rgba[j + 1] = padded.rgb[i + 1] as number;
      rgba[j + 2] = padded.rgb[i + 2] as number;
      rgba[j + 3] = 255;
    }
    const image = new ImageData(rgba, padded.width, padded.height);
    const t0 = performance.now();
    const result = detector.detect(image);
    const ms = performance.now() - t0;
    const raw: Face[] = result.detections.flatMap((d) =>
      d.boundingBox
        ? [
            {
              box: [d.boundingBox.originX, d.boundingBox.originY, d.boundingBox.width, d.boundingBox.height],
              score: d.categories[0]?.score ?? 0,
            },
          ]
        : [],
    );
    return {
      ms,
      faces: keepFaces(raw, img, padded.offsetX, padded.offsetY),
      padded: raw,
      offset: [padded.offsetX, padded.offsetY],
    };
  },
});
