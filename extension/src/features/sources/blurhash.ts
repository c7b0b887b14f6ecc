import { encode } from 'blurhash';

/**
 * Blurhash of a provider's small thumbnail, decoded with createImageBitmap and drawn on an
 * OffscreenCanvas (both exist in the MV3 service worker, where there is no DOM).
 * 4×3 components over a 32 px image: enough for a placeholder, cheap to compute.
 */
export async function blurhashOfThumbnail(bytes: Uint8Array): Promise<string | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), {
      resizeWidth: 32,
      resizeHeight: 32,
      resizeQuality: 'medium',
    });
  } catch {
    return null;
  }
  const canvas = new OffscreenCanvas(32, 32);
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.drawImage(bitmap, 0, 0, 32, 32);
  bitmap.close();
  const { data } = context.getImageData(0, 0, 32, 32);
  return encode(data, 32, 32, 4, 3);
}
