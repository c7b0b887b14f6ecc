import { FACE_PADDING, MIN_FACE_SCORE, MIN_FACE_SIDE } from '../../../shared/src/vision/analysis';
import { padToRgb, type RgbaImage } from '../../../shared/src/vision/image';

/** Messages between the bench page and its two detector workers, and the steps both workers share. */

export type Box = [number, number, number, number];
export interface Face {
  box: Box;
  score: number;
}
export interface Request {
  id: number;
  op: string;
  args: unknown;
}
export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** The extension's vision worker scales thumbnails to this longest side before the models (vision.worker.ts). */
const MAX_SIDE = 1024;

/** Fetches and decodes one image as the extension's worker does, then adds the product's detection border (or none). */
export async function loadPadded(url: string, pad = true) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const bitmap = await createImageBitmap(await res.blob(), { imageOrientation: 'from-image' });
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D context in the bench worker');
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const img: RgbaImage = ctx.getImageData(0, 0, width, height);
  return { img, padded: padToRgb(img, pad ? FACE_PADDING : 0) };
}

/** The product's face rules (analysis.ts cleanDetections): map back from the padded image, drop weak or tiny faces. */
export function keepFaces(faces: Face[], img: { width: number; height: number }, dx: number, dy: number): Face[] {
  return faces
    .filter((f) => f.score >= MIN_FACE_SCORE)
    .map((f) => {
      const x = Math.max(0, f.box[0] - dx);
      const y = Math.max(0, f.box[1] - dy);
      const w = Math.min(img.width, f.box[0] - dx + f.box[2]) - x;
      const h = Math.min(img.height, f.box[1] - dy + f.box[3]) - y;
      return {
        box: [Math.round(x), Math.round(y), Math.round(w), Math.round(h)] as Box,
        score: Math.round(f.score * 1000) / 1000,
      };
    })
    .filter((f) => Math.min(f.box[2], f.box[3]) >= MIN_FACE_SIDE);
}

/** Answers page requests with the given handlers; errors go back as text so one bad image never stops a run. */
export function serve(handlers: Record<string, (args: never) => Promise<unknown>>): void {
  // What the CSP blocked from inside the worker (MediaPipe's telemetry would show up here).
  const blocked: string[] = [];
  self.addEventListener('securitypolicyviolation', (e) => blocked.push(`${e.violatedDirective} ${e.blockedURI}`));
  handlers.violations = async () => [...blocked];
  self.addEventListener('message', async (e: MessageEvent<Request>) => {
    const { id, op, args } = e.data;
    const post = (r: Reply) => (self as unknown as Worker).postMessage(r);
    try {
      const handler = handlers[op];
      if (!handler) throw new Error(`unknown op ${op}`);
      post({ id, ok: true, result: await handler(args as never) });
    } catch (err) {
      post({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
}
