import { describe, expect, it } from 'vitest';
import { type GrayImage, resizeGray } from './image';
import { dHash, dihedral, hamming, pHash, pHashVariants } from './phash';
import { centreHash, rotationHashes } from './rotation-hash';

/** A structured test picture: blobs and stripes, so hashes have something to describe. */
function picture(width: number, height: number, seed = 1): GrayImage {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      data[y * width + x] =
        128 + 60 * Math.sin(6 * u * seed + 2 * v) + 50 * Math.cos(9 * v - 3 * u * seed) + (u > 0.6 && v < 0.3 ? 40 : 0);
    }
  }
  return { width, height, data };
}

function transform(
  img: GrayImage,
  f: (x: number, y: number) => [number, number],
  w = img.width,
  h = img.height,
): GrayImage {
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [sx, sy] = f(x, y);
      data[y * w + x] =
        sx >= 0 && sy >= 0 && sx < img.width && sy < img.height
          ? (img.data[Math.floor(sy) * img.width + Math.floor(sx)] as number)
          : 0;
    }
  }
  return { width: w, height: h, data };
}

describe('perceptual hashes', () => {
  const img = picture(320, 240);

  it('are 64-bit hex and stable under resizing', () => {
    expect(pHash(img)).toMatch(/^[0-9a-f]{16}$/);
    expect(dHash(img)).toMatch(/^[0-9a-f]{16}$/);
    expect(hamming(pHash(img), pHash(resizeGray(img, 200, 150)))).toBeLessThanOrEqual(4);
  });

  it('tell different pictures apart', () => {
    expect(hamming(pHash(img), pHash(picture(320, 240, 3)))).toBeGreaterThan(16);
  });

  it('find a mirrored copy through the variants, not the plain hash', () => {
    const mirrored = transform(img, (x, y) => [img.width - 1 - x, y]);
    const plain = pHash(mirrored);
    expect(hamming(plain, pHash(img))).toBeGreaterThan(10);
    expect(Math.min(...pHashVariants(img).map((v) => hamming(v, plain)))).toBeLessThanOrEqual(2);
  });

  it('find a copy turned by 20° through the centre-square rotation hashes', () => {
    const a = (20 * Math.PI) / 180;
    const [cx, cy] = [img.width / 2, img.height / 2];
    const turned = transform(img, (x, y) => [
      cx + (x - cx) * Math.cos(a) - (y - cy) * Math.sin(a),
      cy + (x - cx) * Math.sin(a) + (y - cy) * Math.cos(a),
    ]);
    const best = Math.min(...rotationHashes(img).map((h) => hamming(h, centreHash(turned))));
    expect(best).toBeLessThanOrEqual(6);
    expect(hamming(pHash(img), pHash(turned))).toBeGreaterThan(10);
  });

  it('dihedral gives 8 distinct arrangements of an asymmetric square', () => {
    const sq = Float32Array.from({ length: 9 }, (_, i) => i);
    const keys = new Set(dihedral(sq, 3).map((a) => a.join(',')));
    expect(keys.size).toBe(8);
  });

  it('hamming counts differing bits and rejects mismatched lengths', () => {
    expect(hamming('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hamming('f0', '0f')).toBe(8);
    expect(() => hamming('ff', 'fff')).toThrow(/lengths differ/);
  });
});
