import { describe, expect, it } from 'vitest';
import { type CategoryInput, derivedCategories, itemLabels, wantsOcr } from './categories';

const photo = (over: Partial<CategoryInput> = {}): CategoryInput => ({
  name: 'IMG_0001.JPG',
  mimeType: 'image/jpeg',
  make: 'Canon',
  lens: null,
  width: 4000,
  height: 3000,
  faces: [],
  objects: [],
  thumbWidth: 400,
  thumbHeight: 300,
  stats: { light: 0.2, dark: 0.3, colourfulness: 60 },
  ...over,
});

describe('derived categories', () => {
  it('calls a camera photo nothing special and keeps object labels', () => {
    expect(itemLabels(photo({ objects: [{ label: 'dog' }, { label: 'dog' }, { label: 'car' }] }))).toEqual([
      'car',
      'dog',
    ]);
  });

  it('finds screenshots by name or by a camera-less PNG, and OCRs them', () => {
    const shot = photo({ name: 'Screenshot 2024-01-01 at 10.00.00.png', mimeType: 'image/png', make: null });
    expect(derivedCategories(shot)).toContain('screenshot');
    expect(wantsOcr(shot)).toBe(true);
    expect(derivedCategories(photo({ name: 'Bildschirmfoto.jpg' }))).toContain('screenshot');
    expect(derivedCategories(photo({ mimeType: 'image/png', make: null, width: 1170, height: 2532 }))).toContain(
      'screenshot',
    );
    // A PNG face crop has no screen's shape.
    expect(derivedCategories(photo({ mimeType: 'image/png', make: null, width: 150, height: 150 }))).not.toContain(
      'screenshot',
    );
  });

  it('calls paper with readable text a document, and not without the text', () => {
    const paper = photo({ stats: { light: 0.85, dark: 0.05, colourfulness: 8 } });
    expect(wantsOcr(paper)).toBe(true);
    expect(derivedCategories({ ...paper, ocr: { words: 120, confidence: 85 } })).toContain('document');
    expect(derivedCategories({ ...paper, ocr: { words: 2, confidence: 40 } })).not.toContain('document');
    expect(wantsOcr(photo())).toBe(false);
  });

  it('finds panoramas by aspect ratio', () => {
    expect(derivedCategories(photo({ width: 12000, height: 3000 }))).toContain('panorama');
    expect(derivedCategories(photo({ width: 3000, height: 4000 }))).not.toContain('panorama');
    // A bank statement strip is paper, not a panorama.
    const strip = photo({
      width: 957,
      height: 307,
      stats: { light: 0.9, dark: 0.05, colourfulness: 2 },
      ocr: { words: 90, confidence: 88 },
    });
    expect(derivedCategories(strip)).toEqual(['document']);
  });

  it('finds selfies by one large face, more readily from a front camera', () => {
    const big = photo({ faces: [{ box: [100, 50, 140, 160] }] });
    expect(derivedCategories(big)).toContain('selfie');
    const medium = photo({ faces: [{ box: [100, 50, 80, 80] }] });
    expect(derivedCategories(medium)).not.toContain('selfie');
    expect(derivedCategories({ ...medium, lens: 'iPhone 12 front camera 2.71mm f/2.2' })).toContain('selfie');
    const crowd = photo({
      faces: [0, 1, 2].map(() => ({ box: [0, 0, 150, 150] as [number, number, number, number] })),
    });
    expect(derivedCategories(crowd)).not.toContain('selfie');
  });
});
