import { browser } from 'wxt/browser';

/** Where the build put the vision files (build/vision-assets.ts): always inside the extension, never a CDN. */
export interface VisionUrls {
  humanModels: string;
  tfjsWasm: string;
  tesseractWorker: string;
  tesseractCore: string;
  tesseractLang: string;
}

export function visionUrls(): VisionUrls {
  // WXT types getURL with the public paths it knows of; these files are added by a build hook, so it cannot know them.
  const url = (path: string) => (browser.runtime as unknown as { getURL(p: string): string }).getURL(path);
  return {
    humanModels: url('/vision/human/'),
    tfjsWasm: url('/vision/tfjs/'),
    tesseractWorker: url('/vision/tesseract/worker.min.js'),
    tesseractCore: url('/vision/tesseract/tesseract-core-simd-lstm.wasm.js'),
    tesseractLang: url('/vision/tesseract/lang'),
  };
}
