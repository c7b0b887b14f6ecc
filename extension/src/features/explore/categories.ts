import type { IndexItem } from '@hypomos/shared/index/item';

export type Category = 'videos' | 'screenshots' | 'panoramas' | 'documents' | 'selfies';

export type CategorizableItem = Pick<
  IndexItem,
  'name' | 'mediaType' | 'mimeType' | 'make' | 'width' | 'height' | 'orientation' | 'labels' | 'lens' | 'ocrText'
>;

const SCREENSHOT_NAME = /screen ?shot|bildschirmfoto|capture d.écran|schermata/i;
const DOCUMENT_LABELS = new Set(['document', 'text', 'receipt', 'paper', 'menu', 'book']);

/** Which explore categories an item falls in, from metadata alone. Pure. */
export function categoriesOf(i: CategorizableItem): Category[] {
  const out: Category[] = [];
  if (i.mediaType === 'video') out.push('videos');
  // Screenshots carry no camera and are usually PNG, or are named so by the OS.
  if (SCREENSHOT_NAME.test(i.name) || (i.mimeType === 'image/png' && !i.make)) out.push('screenshots');
  if (i.width && i.height) {
    const long = Math.max(i.width, i.height);
    const short = Math.min(i.width, i.height);
    if (long / short >= 2.5 || /^pano/i.test(i.name)) out.push('panoramas');
  } else if (/^pano/i.test(i.name)) out.push('panoramas');
  const labels = i.labels.map((l) => l.toLowerCase());
  if (labels.some((l) => DOCUMENT_LABELS.has(l)) || (i.ocrText?.trim().length ?? 0) >= 80) out.push('documents');
  if (labels.includes('selfie') || /selfie/i.test(i.name) || /front camera/i.test(i.lens ?? '')) out.push('selfies');
  return out;
}

export const CATEGORY_TITLES: Record<Category, string> = {
  videos: 'Videos',
  screenshots: 'Screenshots',
  panoramas: 'Panoramas',
  documents: 'Documents',
  selfies: 'Selfies',
};
