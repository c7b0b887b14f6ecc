import { z } from 'zod';
import { ImageQuality, measureQuality } from '../housekeeping/quality';
import { padToRgb, type RgbaImage, toGray } from './image';
import { pHashVariants } from './phash';
import { pixelStats } from './pixel-stats';
import { centreHash, rotationHashes } from './rotation-hash';

/**
 * One image through the models: faces with identity vectors, COCO objects, perceptual hashes, pixel statistics and
 * sharpness.
 * The same function runs in the extension's module workers and in the Node CLI; only the detector differs in how it
 * was loaded (see human-config.ts).
 */

/** Border added around the image before face detection, as a fraction of each side (see image.ts padToRgb). */
export const FACE_PADDING = 0.25;
/** Faces below this combined detector score are dropped; BlazeFace's own floor (0.3) lets through textures. */
export const MIN_FACE_SCORE = 0.5;
/** Faces smaller than this (pixels, shorter side, in the thumbnail) give identity vectors too noisy to cluster. */
export const MIN_FACE_SIDE = 20;
export const MIN_OBJECT_SCORE = 0.4;

export const Box = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type Box = z.infer<typeof Box>;

export const DetectedFace = z.object({ box: Box, score: z.number(), embedding: z.array(z.number()) });
export type DetectedFace = z.infer<typeof DetectedFace>;

export const DetectedObject = z.object({ label: z.string(), score: z.number(), box: Box });
export type DetectedObject = z.infer<typeof DetectedObject>;

export const PixelStats = z.object({
  /** Share of near-white pixels (luma > 200). */
  light: z.number(),
  /** Share of dark pixels (luma < 80). */
  dark: z.number(),
  /** Mean chroma spread (max − min channel), 0–255. */
  colourfulness: z.number(),
});
export type PixelStats = z.infer<typeof PixelStats>;

export const ImageAnalysis = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  faces: z.array(DetectedFace),
  objects: z.array(DetectedObject),
  phash: z.string(),
  phashVariants: z.array(z.string()),
  centreHash: z.string(),
  rotationHashes: z.array(z.string()),
  stats: PixelStats,
  /** Sharpness and exposure, for the housekeeping review (blurry, dark, best shot of a burst). */
  quality: ImageQuality,
});
export type ImageAnalysis = z.infer<typeof ImageAnalysis>;

/** What a face/object detector returns, in the shape of Human's result (only the fields used here). */
export interface RawDetections {
  face: { box: readonly number[]; score: number; embedding?: readonly number[] | undefined }[];
  object: { label: string; score: number; box: readonly number[] }[];
}

/** Runs the models on an RGB float image (values 0–255, row-major, 3 per pixel). */
export type Detector = (rgb: Float32Array, width: number, height: number) => Promise<RawDetections>;

const clampBox = (b: readonly number[], dx: number, dy: number, w: number, h: number): Box => {
  const x = Math.max(0, (b[0] ?? 0) - dx);
  const y = Math.max(0, (b[1] ?? 0) - dy);
  const right = Math.min(w, (b[0] ?? 0) - dx + (b[2] ?? 0));
  const bottom = Math.min(h, (b[1] ?? 0) - dy + (b[3] ?? 0));
  return [Math.round(x), Math.round(y), Math.max(0, Math.round(right - x)), Math.max(0, Math.round(bottom - y))];
};

/** Maps detections on the padded image back to the original, and drops weak or tiny faces and weak objects. */
export function cleanDetections(
  raw: RawDetections,
  img: { width: number; height: number },
  offsetX: number,
  offsetY: number,
) {
  const faces: DetectedFace[] = raw.face
    .filter((f) => f.score >= MIN_FACE_SCORE && f.embedding && f.embedding.length > 0)
    .map((f) => ({
      box: clampBox(f.box, offsetX, offsetY, img.width, img.height),
      score: round3(f.score),
      embedding: [...(f.embedding ?? [])],
    }))
    .filter((f) => Math.min(f.box[2], f.box[3]) >= MIN_FACE_SIDE)
    .sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]);
  const objects: DetectedObject[] = raw.object
    .filter((o) => o.score >= MIN_OBJECT_SCORE)
    .map((o) => ({
      label: o.label,
      score: round3(o.score),
      box: clampBox(o.box, offsetX, offsetY, img.width, img.height),
    }));
  return { faces, objects };
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export async function analyzeImage(img: RgbaImage, detect: Detector): Promise<ImageAnalysis> {
  const padded = padToRgb(img, FACE_PADDING);
  const raw = await detect(padded.rgb, padded.width, padded.height);
  const { faces, objects } = cleanDetections(raw, img, padded.offsetX, padded.offsetY);
  const gray = toGray(img);
  const variants = pHashVariants(gray);
  return {
    width: img.width,
    height: img.height,
    faces,
    objects,
    phash: variants[0] as string,
    phashVariants: variants,
    centreHash: centreHash(gray),
    rotationHashes: rotationHashes(gray),
    stats: pixelStats(img),
    quality: measureQuality(gray),
  };
}
