/** Plain pixel arrays, so the same hashing and geometry run in a browser worker and in the Node CLI. */

/** RGBA, 4 bytes per pixel, row-major (the layout of ImageData and of jpeg-js/pngjs output). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** A single-channel image with values 0–255. */
export interface GrayImage {
  width: number;
  height: number;
  data: Float32Array;
}

export function toGray(img: RgbaImage): GrayImage {
  const data = new Float32Array(img.width * img.height);
  for (let i = 0, p = 0; i < data.length; i++, p += 4) {
    // ITU-R BT.601 luma, the weighting most perceptual-hash implementations use.
    data[i] =
      0.299 * (img.data[p] as number) + 0.587 * (img.data[p + 1] as number) + 0.114 * (img.data[p + 2] as number);
  }
  return { width: img.width, height: img.height, data };
}

/**
 * Area-average downscale (box filter with fractional edges). Unlike nearest-neighbour sampling it gives the same
 * small image whatever the source size, which is what makes a resized copy hash like its original.
 */
export function resizeGray(src: GrayImage, outW: number, outH: number): GrayImage {
  const out = new Float32Array(outW * outH);
  const sx = src.width / outW;
  const sy = src.height / outH;
  for (let oy = 0; oy < outH; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(y0); y < Math.min(Math.ceil(y1), src.height); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(Math.ceil(x1), src.width); x++) {
          const w = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          sum += w * (src.data[y * src.width + x] as number);
          area += w;
        }
      }
      out[oy * outW + ox] = area > 0 ? sum / area : 0;
    }
  }
  return { width: outW, height: outH, data: out };
}

/**
 * Copies an image onto a larger canvas with a mid-grey border of `fraction` of each side, as RGB floats.
 * BlazeFace misses faces that fill a tight crop; the border gives it the context it was trained with.
 */
export function padToRgb(
  img: RgbaImage,
  fraction: number,
): { width: number; height: number; rgb: Float32Array; offsetX: number; offsetY: number } {
  const offsetX = Math.round(img.width * fraction);
  const offsetY = Math.round(img.height * fraction);
  const width = img.width + 2 * offsetX;
  const height = img.height + 2 * offsetY;
  const rgb = new Float32Array(width * height * 3).fill(128);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const s = (y * img.width + x) * 4;
      const d = ((y + offsetY) * width + x + offsetX) * 3;
      rgb[d] = img.data[s] as number;
      rgb[d + 1] = img.data[s + 1] as number;
      rgb[d + 2] = img.data[s + 2] as number;
    }
  }
  return { width, height, rgb, offsetX, offsetY };
}
