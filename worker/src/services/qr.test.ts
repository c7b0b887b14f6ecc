import { describe, expect, it } from 'vitest';
import { crc32, qrPng, qrSvg } from './qr';

describe('QR drawing', () => {
  it('computes the PNG chunk CRC (IEND has the well-known CRC AE426082)', () => {
    expect(crc32(new TextEncoder().encode('IEND')).toString(16)).toBe('ae426082');
  });

  it('draws the same module grid in SVG and PNG', async () => {
    const text = 'http://127.0.0.1:8787/e/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';
    const svg = qrSvg(text);
    const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
    const dark = new Set([...svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${m[1]},${m[2]}`));
    const png = await qrPng(text, 4);
    const view = new DataView(png.buffer);
    expect(view.getUint32(16)).toBe(size * 4);
    const idat = png.slice(41, 41 + view.getUint32(33));
    const raw = new Uint8Array(
      await new Response(new Response(idat).body!.pipeThrough(new DecompressionStream('deflate'))).arrayBuffer(),
    );
    const width = size * 4;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const pixel = raw[(y * 4 + 2) * (width + 1) + 1 + x * 4 + 2];
        expect(pixel === 0, `module ${x},${y}`).toBe(dark.has(`${x},${y}`));
      }
    }
    expect(dark.size).toBeGreaterThan(size * 2);
  });
});
