import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../vision/image';
import { BLURRY_BELOW, DARK_BELOW } from './review';
import { measureQuality } from './quality';

/** A seeded scene of edges at several scales: rectangles of random grey on a gradient. */
function scene(width: number, height: number, seed = 7, gain = 1): GrayImage {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = 60 + (100 * x) / width;
  for (let r = 0; r < 60; r++) {
    const w = 4 + Math.floor(random() * width * 0.3);
    const h = 4 + Math.floor(random() * height * 0.3);
    const x0 = Math.floor(random() * (width - w));
    const y0 = Math.floor(random() * (height - h));
    const v = random() * 255;
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) data[y * width + x] = v;
  }
  for (let i = 0; i < data.length; i++) data[i] = Math.min(255, (data[i] as number) * gain);
  return { width, height, data };
}

/** Three passes of a (2r+1)² box blur: close to a Gaussian, as an out-of-focus or shaken shot. */
function blurred(g: GrayImage, r: number): GrayImage {
  let cur = g;
  for (let pass = 0; pass < 3; pass++) {
    const out = new Float32Array(cur.data.length);
    for (let y = 0; y < cur.height; y++)
      for (let x = 0; x < cur.width; x++) {
        let sum = 0;
        let n = 0;
        for (let dy = -r; dy <= r; dy++)
          for (let dx = -r; dx <= r; dx++) {
            const yy = y + dy;
            const xx = x + dx;
            if (yy < 0 || xx < 0 || yy >= cur.height || xx >= cur.width) continue;
            sum += cur.data[yy * cur.width + xx] as number;
            n++;
          }
        out[y * cur.width + x] = sum / n;
      }
    cur = { width: cur.width, height: cur.height, data: out };
  }
  return cur;
}

describe('measureQuality', () => {
  it('scores a sharp scene above the blur line and the same scene blurred below it', () => {
    const sharp = scene(512, 384);
    expect(measureQuality(sharp).sharpness).toBeGreaterThan(BLURRY_BELOW * 4);
    expect(measureQuality(blurred(sharp, 3)).sharpness).toBeLessThan(BLURRY_BELOW);
  });

  it('gives about the same figures for an image and its half-size copy (measured on one frame size)', () => {
    const big = scene(1024, 768, 3);
    const half = blurred(big, 0); // copy
    const small: GrayImage = { width: 512, height: 384, data: new Float32Array(512 * 384) };
    for (let y = 0; y < 384; y++)
      for (let x = 0; x < 512; x++) {
        const i = 2 * y * 1024 + 2 * x;
        small.data[y * 512 + x] =
          ((half.data[i] as number) +
            (half.data[i + 1] as number) +
            (half.data[i + 1024] as number) +
            (half.data[i + 1025] as number)) /
          4;
      }
    const a = measureQuality(big);
    const b = measureQuality(small);
    expect(Math.abs(a.brightness - b.brightness)).toBeLessThan(1);
    expect(b.sharpness / a.sharpness).toBeGreaterThan(0.8);
    expect(b.sharpness / a.sharpness).toBeLessThan(1.25);
  });

  it('measures brightness as mean luma: a dark exposure of the scene falls under the dark line', () => {
    expect(measureQuality(scene(300, 200, 5)).brightness).toBeGreaterThan(DARK_BELOW * 2);
    expect(measureQuality(scene(300, 200, 5, 0.15)).brightness).toBeLessThan(DARK_BELOW);
  });

  it('answers zero sharpness for frames too small to have a Laplacian', () => {
    expect(measureQuality({ width: 2, height: 2, data: new Float32Array([0, 255, 255, 0]) })).toEqual({
      sharpness: 0,
      brightness: 127.5,
    });
  });
});
