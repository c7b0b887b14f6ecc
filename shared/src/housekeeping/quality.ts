import { z } from 'zod';
import { type GrayImage, resizeGray } from '../vision/image';

/**
 * How sharp and how well exposed a picture is, measured on its thumbnail. Both are computed on the same small frame
 * (QUALITY_SIDE on the long side), so a 4000 px original and its 512 px thumbnail give comparable numbers.
 */
export const ImageQuality = z.object({
  /** Variance of the Laplacian (4-neighbour) of the luma: edges make it large, blur makes it small. */
  sharpness: z.number().nonnegative(),
  /** Mean luma, 0–255. */
  brightness: z.number().min(0).max(255),
});
export type ImageQuality = z.infer<typeof ImageQuality>;

/** Long side of the frame quality is measured on: thumbnails are at least this large, and it keeps the cost fixed. */
export const QUALITY_SIDE = 256;

export function measureQuality(gray: GrayImage): ImageQuality {
  const scale = Math.min(1, QUALITY_SIDE / Math.max(gray.width, gray.height));
  const g =
    scale < 1
      ? resizeGray(gray, Math.max(1, Math.round(gray.width * scale)), Math.max(1, Math.round(gray.height * scale)))
      : gray;
  const { width: w, height: h, data } = g;
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i] as number;
  const brightness = data.length ? sum / data.length : 0;
  if (w < 3 || h < 3) return { sharpness: 0, brightness: round1(brightness) };
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const lap =
        (data[i - 1] as number) +
        (data[i + 1] as number) +
        (data[i - w] as number) +
        (data[i + w] as number) -
        4 * (data[i] as number);
      // Welford: one pass, no overflow of a sum of squares on large frames.
      n++;
      const d = lap - mean;
      mean += d / n;
      m2 += d * (lap - mean);
    }
  }
  return { sharpness: round1(m2 / n), brightness: round1(brightness) };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
