import { type GrayImage, resizeGray } from './image';

/**
 * Perceptual hashes over a grayscale pixel array: 64-bit values written as 16 hex digits.
 * pHash (DCT) is the one stored in `items.phash`; dHash is kept for comparison in the benchmark.
 */

const HASH_SIDE = 8;
const DCT_SIDE = 32;

function bitsToHex(bits: boolean[]): string {
  let hex = '';
  for (let i = 0; i < bits.length; i += 4) {
    const nibble = (bits[i] ? 8 : 0) | (bits[i + 1] ? 4 : 0) | (bits[i + 2] ? 2 : 0) | (bits[i + 3] ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}

/** Difference hash: is each pixel of a 9×8 thumbnail brighter than its right neighbour. */
export function dHash(gray: GrayImage): string {
  const small = resizeGray(gray, HASH_SIDE + 1, HASH_SIDE);
  const bits: boolean[] = [];
  for (let y = 0; y < HASH_SIDE; y++) {
    for (let x = 0; x < HASH_SIDE; x++) {
      const row = y * (HASH_SIDE + 1);
      bits.push((small.data[row + x] as number) > (small.data[row + x + 1] as number));
    }
  }
  return bitsToHex(bits);
}

const cosTable = (() => {
  const t = new Float64Array(DCT_SIDE * DCT_SIDE);
  for (let u = 0; u < DCT_SIDE; u++) {
    for (let x = 0; x < DCT_SIDE; x++) t[u * DCT_SIDE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * DCT_SIDE));
  }
  return t;
})();

/** The 8×8 lowest-frequency DCT-II coefficients of a 32×32 image, row-major (v * 8 + u). */
function lowDct(small: Float32Array): Float64Array {
  // Separable DCT: rows first (only the 8 lowest u are needed), then columns.
  const rows = new Float64Array(DCT_SIDE * HASH_SIDE);
  for (let y = 0; y < DCT_SIDE; y++) {
    for (let u = 0; u < HASH_SIDE; u++) {
      let s = 0;
      for (let x = 0; x < DCT_SIDE; x++)
        s += (small[y * DCT_SIDE + x] as number) * (cosTable[u * DCT_SIDE + x] as number);
      rows[y * HASH_SIDE + u] = s;
    }
  }
  const out = new Float64Array(HASH_SIDE * HASH_SIDE);
  for (let v = 0; v < HASH_SIDE; v++) {
    for (let u = 0; u < HASH_SIDE; u++) {
      let s = 0;
      for (let y = 0; y < DCT_SIDE; y++)
        s += (rows[y * HASH_SIDE + u] as number) * (cosTable[v * DCT_SIDE + y] as number);
      out[v * HASH_SIDE + u] = s;
    }
  }
  return out;
}

/** pHash of a 32×32 pixel array. */
export function pHashOfSquare(small: Float32Array): string {
  const coeffs = lowDct(small);
  // The DC term is the mean brightness; leaving it out of the median keeps the hash about structure.
  const ac = Array.from(coeffs.subarray(1)).sort((a, b) => a - b);
  const median = ((ac[31] as number) + (ac[32] as number)) / 2;
  return bitsToHex(Array.from(coeffs, (c) => c > median));
}

/** DCT perceptual hash of an image. */
export function pHash(gray: GrayImage): string {
  return pHashOfSquare(resizeGray(gray, DCT_SIDE, DCT_SIDE).data);
}

/** The 8 rotations/reflections of a square pixel array (identity first). */
export function dihedral(square: Float32Array, side: number): Float32Array[] {
  const at = (f: (x: number, y: number) => number) => {
    const out = new Float32Array(side * side);
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) out[y * side + x] = square[f(x, y)] as number;
    return out;
  };
  const m = side - 1;
  return [
    square,
    at((x, y) => y * side + (m - x)), // mirror left-right
    at((x, y) => (m - y) * side + x), // mirror top-bottom
    at((x, y) => (m - y) * side + (m - x)), // 180°
    at((x, y) => x * side + y), // transpose
    at((x, y) => (m - x) * side + y), // 90° one way
    at((x, y) => x * side + (m - y)), // 90° the other way
    at((x, y) => (m - x) * side + (m - y)), // anti-transpose
  ];
}

/**
 * pHash of the image and of its 7 rotations/reflections. Comparing one image's variants with another's plain hash
 * finds flipped and rotated copies, which a single hash cannot (the imagededup set has both).
 */
export function pHashVariants(gray: GrayImage): string[] {
  const small = resizeGray(gray, DCT_SIDE, DCT_SIDE).data;
  return dihedral(small, DCT_SIDE).map(pHashOfSquare);
}

const POPCOUNT = Array.from({ length: 16 }, (_, n) => (n & 1) + ((n >> 1) & 1) + ((n >> 2) & 1) + ((n >> 3) & 1));

/** Number of differing bits between two hex hashes of the same length. */
export function hamming(a: string, b: string): number {
  if (a.length !== b.length) throw new Error(`hash lengths differ: ${a.length} vs ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++)
    d += POPCOUNT[Number.parseInt(a[i] as string, 16) ^ Number.parseInt(b[i] as string, 16)] as number;
  return d;
}
