import { MIN_FACE_SCORE } from '../../../shared/src/vision/analysis';
import { humanConfig } from '../../../shared/src/vision/human-config';
import { Human } from '@vladmandic/human';
import { type Box, type Face, keepFaces, loadPadded, serve } from './protocol';

/**
 * Human in a module worker, configured as the product configures it (human-config.ts), with CenterNet off: only the
 * detector is timed, then `faceres` gives identity vectors either for Human's own faces or for boxes from MediaPipe.
 */

let human: Human | null = null;
const detectorOnly = { face: { description: { enabled: false } }, object: { enabled: false } };
const withVectors = { face: { description: { enabled: true } }, object: { enabled: false } };

type Tensor = ReturnType<Human['tf']['tensor']>;

function ready(): Human {
  if (!human) throw new Error('human worker used before init');
  return human;
}

/** The padded image as the float tensor the product feeds Human (human-config.ts humanDetector). */
async function paddedTensor(url: string) {
  const { img, padded } = await loadPadded(url);
  const tensor = ready().tf.tensor(padded.rgb, [1, padded.height, padded.width, 3], 'float32') as Tensor;
  return { img, padded, tensor };
}

/**
 * faceres vector for a box given in padded-image pixels, cropped the way Human crops its own detections: the box
 * grown 1.4× about its centre and made square (blazeface.ts enlargeBox/squarifyBox), cut to the detector's input
 * size, then resized to faceres' input (faceres.ts enhance). Human's reported boxes are already grown, so they go
 * in with grow = false.
 */
function describeBox(h: Human, tensor: Tensor, width: number, height: number, box: Box, grow: boolean): number[] {
  const model = h.models.models.faceres;
  if (!model) throw new Error('faceres not loaded');
  const side = Math.max(box[2], box[3]) * (grow ? 1.4 : 1);
  const cx = box[0] + box[2] / 2;
  const cy = box[1] + box[3] / 2;
  const cut = [[(cy - side / 2) / height, (cx - side / 2) / width, (cy + side / 2) / height, (cx + side / 2) / width]];
  const shape = model.inputs[0]?.shape ?? [1, 224, 224, 3];
  const detectorSide = h.models.models.blazeface?.inputs[0]?.shape?.[2] ?? 128;
  return h.tf.tidy(() => {
    const crop = h.tf.image.cropAndResize(tensor as never, cut, [0], [detectorSide, detectorSide]);
    const input = h.tf.image.resizeBilinear(crop, [shape[2] as number, shape[1] as number], false);
    const outputs = model.execute(input) as { shape: number[]; dataSync(): Float32Array }[];
    const vector = outputs.find((t) => t.shape[1] === 1024);
    if (!vector) throw new Error('faceres gave no 1024-d output');
    return Array.from(vector.dataSync());
  });
}

serve({
  async init(args: { models: string; wasm: string }) {
    const t0 = performance.now();
    human = new Human(humanConfig(args.models, args.wasm) as never);
    human.tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    await human.init();
    if (human.tf.getBackend() !== 'wasm')
      throw new Error(`TFJS wasm backend did not start (got ${human.tf.getBackend()})`);
    await human.load({ object: { enabled: false } });
    return performance.now() - t0;
  },

  async detect(args: { url: string }) {
    const h = ready();
    const { img, padded, tensor } = await paddedTensor(args.url);
    try {
      const t0 = performance.now();
      const result = await h.detect(tensor as never, detectorOnly);
      const ms = performance.now() - t0;
      if (result.error) throw new Error(`human: ${result.error}`);
      const raw: Face[] = result.face.map((f) => ({ box: f.box as Box, score: f.score }));
      return {
        ms,
        faces: keepFaces(raw, img, padded.offsetX, padded.offsetY),
        padded: raw,
        offset: [padded.offsetX, padded.offsetY],
      };
    } finally {
      tensor.dispose();
    }
  },

  /** Identity vectors three ways for one image: Human's own pipeline, our crop of Human's boxes, and MediaPipe's boxes. */
  async vectors(args: { url: string; mediapipeBoxes: Box[] }) {
    const h = ready();
    const { padded, tensor } = await paddedTensor(args.url);
    try {
      const result = await h.detect(tensor as never, withVectors);
      const own = result.face.filter((f) => f.score >= MIN_FACE_SCORE);
      return {
        human: own.map((f) => ({ box: f.box as Box, vector: f.embedding ?? [] })),
        humanRecropped: own.map((f) => ({
          box: f.box as Box,
          vector: describeBox(h, tensor, padded.width, padded.height, f.box as Box, false),
        })),
        mediapipe: args.mediapipeBoxes.map((box) => ({
          box,
          vector: describeBox(h, tensor, padded.width, padded.height, box, true),
        })),
      };
    } finally {
      tensor.dispose();
    }
  },
});
