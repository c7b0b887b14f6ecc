import { type GrayImage, resizeGray } from './image';
import { pHashOfSquare } from './phash';

/**
 * Hashes of an image's centre turned by small angles, to find copies rotated by an arbitrary angle (a straightened
 * scan, a tilted re-shoot, the imagededup "rotation" variant at roughly 25°). The centre square fits inside the disc
 * every rotation keeps, so neither image's corners — black fill or cropped content — enter the hash.
 */

/** Angles tried, in degrees. pHash tolerates a few degrees, so a 5° step leaves no gap. */
export const ROTATION_ANGLES = [-45, -40, -35, -30, -25, -20, -15, -10, -5, 5, 10, 15, 20, 25, 30, 35, 40, 45];

const WORK_SIDE = 96;
const OUT = 32;

function bilinear(img: GrayImage, x: number, y: number): number {
  const x0 = Math.max(0, Math.min(img.width - 1, Math.floor(x)));
  const y0 = Math.max(0, Math.min(img.height - 1, Math.floor(y)));
  const x1 = Math.min(img.width - 1, x0 + 1);
  const y1 = Math.min(img.height - 1, y0 + 1);
  const fx = Math.max(0, Math.min(1, x - x0));
  const fy = Math.max(0, Math.min(1, y - y0));
  const d = img.data;
  const top = (d[y0 * img.width + x0] as number) * (1 - fx) + (d[y0 * img.width + x1] as number) * fx;
  const bottom = (d[y1 * img.width + x0] as number) * (1 - fx) + (d[y1 * img.width + x1] as number) * fx;
  return top * (1 - fy) + bottom * fy;
}

/** The centre square (side = shorter side / √2) turned by `degrees`, sampled to 32×32. */
export function centreSquare(gray: GrayImage, degrees: number): Float32Array {
  const scale = WORK_SIDE / Math.min(gray.width, gray.height);
  const work = resizeGray(
    gray,
    Math.max(1, Math.round(gray.width * scale)),
    Math.max(1, Math.round(gray.height * scale)),
  );
  const side = Math.min(work.width, work.height) / Math.SQRT2;
  const cx = work.width / 2;
  const cy = work.height / 2;
  const cos = Math.cos((degrees * Math.PI) / 180);
  const sin = Math.sin((degrees * Math.PI) / 180);
  const out = new Float32Array(OUT * OUT);
  const step = side / OUT;
  for (let j = 0; j < OUT; j++) {
    for (let i = 0; i < OUT; i++) {
      let sum = 0;
      // 2×2 samples per output pixel: the work image has about two pixels per output pixel.
      for (const [du, dv] of [
        [0.25, 0.25],
        [0.75, 0.25],
        [0.25, 0.75],
        [0.75, 0.75],
      ] as const) {
        const u = (i + du) * step - side / 2;
        const v = (j + dv) * step - side / 2;
        sum += bilinear(work, cx + u * cos - v * sin - 0.5, cy + u * sin + v * cos - 0.5);
      }
      out[j * OUT + i] = sum / 4;
    }
  }
  return out;
}

/** pHash of the unturned centre square: what rotated copies are compared against. */
export function centreHash(gray: GrayImage): string {
  return pHashOfSquare(centreSquare(gray, 0));
}

/** pHash of the centre square at each of ROTATION_ANGLES. */
export function rotationHashes(gray: GrayImage): string[] {
  return ROTATION_ANGLES.map((a) => pHashOfSquare(centreSquare(gray, a)));
}
