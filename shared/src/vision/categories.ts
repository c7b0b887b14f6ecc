import type { DetectedFace, DetectedObject, PixelStats } from './analysis';

/**
 * Derived categories stored as labels beside the COCO object names, so search (`label:document`) and the explore
 * page find them. Heuristics on metadata and pixels; each rule says why it holds.
 */
export type DerivedCategory = 'screenshot' | 'document' | 'panorama' | 'selfie';

export interface CategoryInput {
  name: string;
  mimeType: string | null;
  make: string | null;
  lens: string | null;
  /** Original pixel size when the metadata gave it; the thumbnail's otherwise. */
  width: number;
  height: number;
  faces: readonly Pick<DetectedFace, 'box'>[];
  objects: readonly Pick<DetectedObject, 'label'>[];
  /** Size of the analysed thumbnail, the frame the face boxes are in. */
  thumbWidth: number;
  thumbHeight: number;
  stats: PixelStats;
  /** OCR result when OCR ran. */
  ocr?: { words: number; confidence: number } | null;
}

const SCREENSHOT_NAME = /screen ?shot|bildschirmfoto|capture d.écran|schermata|schermafbeelding/i;
const PANORAMA_ASPECT = 2.2;
/** A selfie's face fills much of the frame: an arm's length away. */
const SELFIE_FACE_SHARE = 0.08;

/** Phone and desktop screens: from 4:3 up to about 21:9, at least VGA on the short side. */
function screenShaped(width: number, height: number): boolean {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  return short >= 480 && long / short >= 1.3 && long / short <= 2.4;
}

export function isScreenshot(i: Pick<CategoryInput, 'name' | 'mimeType' | 'make' | 'width' | 'height'>): boolean {
  // The OS names screenshots so in most languages. Otherwise: captured losslessly, no camera make, and the shape of a
  // screen (a PNG face crop or a scanned receipt is none of those shapes).
  return SCREENSHOT_NAME.test(i.name) || (i.mimeType === 'image/png' && !i.make && screenShaped(i.width, i.height));
}

/** Paper with print: mostly light pixels, some dark ink, little colour, no people. */
export function looksLikePaper(i: Pick<CategoryInput, 'stats' | 'faces'>): boolean {
  return i.faces.length === 0 && i.stats.light >= 0.45 && i.stats.dark >= 0.01 && i.stats.colourfulness < 40;
}

/** OCR is slow (seconds per image), so it runs only where text is likely. */
export function wantsOcr(i: CategoryInput): boolean {
  return isScreenshot(i) || looksLikePaper(i) || i.objects.some((o) => o.label === 'book');
}

export function derivedCategories(i: CategoryInput): DerivedCategory[] {
  const out: DerivedCategory[] = [];
  if (isScreenshot(i)) out.push('screenshot');
  const readable = (i.ocr?.words ?? 0) >= 10 && (i.ocr?.confidence ?? 0) >= 60;
  if (readable && !isScreenshot(i) && (looksLikePaper(i) || (i.ocr?.words ?? 0) >= 40)) out.push('document');
  const long = Math.max(i.width, i.height);
  const short = Math.min(i.width, i.height);
  // Long strips of paper (receipts, statements) are not panoramas.
  if (short > 0 && long / short >= PANORAMA_ASPECT && !looksLikePaper(i)) out.push('panorama');
  const largest = i.faces[0];
  if (largest && i.faces.length <= 2 && i.thumbWidth > 0 && i.thumbHeight > 0) {
    const share = (largest.box[2] * largest.box[3]) / (i.thumbWidth * i.thumbHeight);
    const frontCamera = /front/i.test(i.lens ?? '') || /selfie/i.test(i.name);
    if (share >= SELFIE_FACE_SHARE * (frontCamera ? 0.5 : 1.5)) out.push('selfie');
  }
  return out;
}

/** COCO labels plus derived categories, deduplicated, in a stable order. */
export function itemLabels(i: CategoryInput): string[] {
  return [...new Set([...i.objects.map((o) => o.label), ...derivedCategories(i)])].sort();
}
