/** Thumbnails larger than this are scaled down before analysis: faces and labels gain nothing above it. */
export const ANALYSIS_MAX_SIDE = 1024;

/** How much room around the detected box a face crop shows (Google Photos' crops show the whole head). */
const MARGIN = 1.8;

/**
 * The square around a detected face that a crop shows, in the pixels of an image of size `natural`: `box` is
 * [x, y, w, h] in the analysed image, which is that image scaled to ANALYSIS_MAX_SIDE. The square is the face's
 * longer side × MARGIN, centred on it, kept inside the image.
 */
export function faceCropSquare(
  box: readonly [number, number, number, number],
  natural: { width: number; height: number },
): { left: number; top: number; side: number } {
  const analysed = Math.min(1, ANALYSIS_MAX_SIDE / Math.max(natural.width, natural.height));
  const [x, y, w, h] = box.map((v) => v / analysed) as [number, number, number, number];
  const side = Math.min(Math.max(w, h) * MARGIN, natural.width, natural.height);
  // Keep the square inside the image so no empty band shows at an edge.
  const left = Math.min(Math.max(x + w / 2 - side / 2, 0), natural.width - side);
  const top = Math.min(Math.max(y + h / 2 - side / 2, 0), natural.height - side);
  return { left, top, side };
}

/**
 * CSS background placement that shows one detected face, centred, in a `size`×`size` square. `box` is [x, y, w, h]
 * in the analysed image, which is the thumbnail scaled to ANALYSIS_MAX_SIDE; `natural` is the thumbnail's own size.
 */
export function faceCropStyle(
  box: readonly [number, number, number, number],
  natural: { width: number; height: number },
  size: number,
): { backgroundSize: string; backgroundPosition: string } {
  const { left, top, side } = faceCropSquare(box, natural);
  const k = size / side;
  const px = (n: number) => `${Math.round(n * 100) / 100}px`;
  return {
    backgroundSize: `${px(natural.width * k)} ${px(natural.height * k)}`,
    backgroundPosition: `${px(-left * k)} ${px(-top * k)}`,
  };
}
