/** HEIF brands of Apple's and others' still images (ISO/IEC 23008-12): the files Chromium cannot decode. */
export const isHeif = (mimeType: string | null, name: string) =>
  mimeType === 'image/heic' || mimeType === 'image/heif' || /\.(heic|heif)$/i.test(name);
