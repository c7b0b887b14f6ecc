import { heicTo } from 'heic-to/csp';
import * as Comlink from 'comlink';
import { encodeScaled } from './device-thumbnail';

/**
 * HEIC → JPEG thumbnail off the page's main thread, for browsers that cannot decode HEIC themselves
 * (Chromium, Firefox). heic-to's CSP build carries libheif as wasm (no eval, no blob: worker), which the
 * extension's `wasm-unsafe-eval` allows.
 */
const api = {
  async thumbnail(bytes: Uint8Array, longEdge: number): Promise<Uint8Array | null> {
    const bitmap = await heicTo({ blob: new Blob([bytes as BlobPart]), type: 'bitmap' });
    try {
      const out = await encodeScaled(bitmap, bitmap.width, bitmap.height, longEdge);
      return out ? Comlink.transfer(out, [out.buffer]) : null;
    } finally {
      bitmap.close();
    }
  },
};
export type HeicWorkerApi = typeof api;
Comlink.expose(api);
