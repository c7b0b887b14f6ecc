import { encode } from 'uqr';

/** A QR code of `text` as a PNG: `scale` px per module and the standard 4-module quiet zone, black on white. */
export async function qrPng(text: string, scale = 10): Promise<Blob> {
  const { data, size } = encode(text, { border: 4 });
  const canvas = new OffscreenCanvas(size * scale, size * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) ctx.fillRect(x * scale, y * scale, scale, scale);
    });
  });
  return canvas.convertToBlob({ type: 'image/png' });
}

/** Saves a blob under a file name through a temporary link (works in extension pages without the downloads API). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
