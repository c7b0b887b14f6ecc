import type { RgbaImage } from './image';

/** Brightness and colour statistics used by the derived categories (document, screenshot). */
export function pixelStats(img: RgbaImage): { light: number; dark: number; colourfulness: number } {
  const n = img.width * img.height;
  if (n === 0) return { light: 0, dark: 0, colourfulness: 0 };
  // Every pixel of a thumbnail is cheap enough; a stride keeps large inputs (CLI originals) fast.
  const stride = Math.max(1, Math.floor(n / 250_000));
  let light = 0;
  let dark = 0;
  let chroma = 0;
  let seen = 0;
  for (let i = 0; i < n; i += stride) {
    const p = i * 4;
    const r = img.data[p] as number;
    const g = img.data[p + 1] as number;
    const b = img.data[p + 2] as number;
    const luma = 0.299 * r + 0.587 * g + 0.114 * b;
    if (luma > 200) light++;
    else if (luma < 80) dark++;
    chroma += Math.max(r, g, b) - Math.min(r, g, b);
    seen++;
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { light: r3(light / seen), dark: r3(dark / seen), colourfulness: r3(chroma / seen) };
}
