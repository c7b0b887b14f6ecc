/**
 * Thumbnails made on the device for sources whose provider makes none (Azure Blob, local folders) and for
 * files a provider cannot render. createImageBitmap + OffscreenCanvas exist in the MV3 service worker and in
 * workers, so decoding never blocks a page.
 */

/** Long edge of a device-made "large" thumbnail: sharp in a 180 px grid row at 2× and in most lightboxes. */
export const DEVICE_LARGE_EDGE = 1280;
/** Originals above this are not downloaded to make a thumbnail (the tile keeps its placeholder). */
export const DEVICE_THUMBNAIL_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Decodes an image and scales it to fit `longEdge` (never up), as JPEG. `orientation` is the EXIF value to
 * apply by hand: an embedded EXIF preview carries no EXIF of its own, while a full JPEG is turned by the
 * decoder (so pass null for it). Null when the browser cannot decode the bytes (e.g. HEIC in Chromium).
 */
export async function scaledJpeg(
  bytes: Uint8Array,
  longEdge: number,
  orientation: number | null = null,
): Promise<Uint8Array | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]));
  } catch {
    return null;
  }
  try {
    return await encodeScaled(bitmap, bitmap.width, bitmap.height, longEdge, orientation);
  } finally {
    bitmap.close();
  }
}

/** Draws a decoded image (or video frame) into a JPEG whose long edge is at most `longEdge`. */
export async function encodeScaled(
  source: CanvasImageSource,
  width: number,
  height: number,
  longEdge: number,
  orientation: number | null = null,
): Promise<Uint8Array | null> {
  if (!width || !height) return null;
  const scale = Math.min(1, longEdge / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  // EXIF orientations 5–8 swap the sides.
  const swap = orientation !== null && orientation >= 5 && orientation <= 8;
  const canvas = new OffscreenCanvas(swap ? h : w, swap ? w : h);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.imageSmoothingQuality = 'high';
  applyOrientation(ctx, orientation, w, h);
  ctx.drawImage(source, 0, 0, w, h);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
  return new Uint8Array(await blob.arrayBuffer());
}

/** The canvas transform that shows an image stored with EXIF `orientation` upright (CIPA DC-008, 4.6.4 A). */
function applyOrientation(ctx: OffscreenCanvasRenderingContext2D, orientation: number | null, w: number, h: number) {
  switch (orientation) {
    case 2:
      return ctx.setTransform(-1, 0, 0, 1, w, 0);
    case 3:
      return ctx.setTransform(-1, 0, 0, -1, w, h);
    case 4:
      return ctx.setTransform(1, 0, 0, -1, 0, h);
    case 5:
      return ctx.setTransform(0, 1, 1, 0, 0, 0);
    case 6:
      return ctx.setTransform(0, 1, -1, 0, h, 0);
    case 7:
      return ctx.setTransform(0, -1, -1, 0, h, w);
    case 8:
      return ctx.setTransform(0, -1, 1, 0, 0, w);
    default:
      return undefined;
  }
}
