import { createWorker, OEM } from 'tesseract.js';
import type { VisionUrls } from './urls';

/** OCR with tesseract.js, fully offline: its worker, core and English model are files of the extension (urls.ts). */
export interface OcrResult {
  text: string;
  words: number;
  confidence: number;
}

export interface OcrEngine {
  recognize(image: Blob): Promise<OcrResult>;
  terminate(): Promise<void>;
}

export async function createOcr(urls: VisionUrls): Promise<OcrEngine> {
  const worker = await createWorker('eng', OEM.LSTM_ONLY, {
    workerPath: urls.tesseractWorker,
    corePath: urls.tesseractCore,
    langPath: urls.tesseractLang,
    // A blob: worker would need blob: in the extension's script-src; the packaged file needs nothing extra.
    workerBlobURL: false,
    gzip: true,
    // The model is already a file of the extension; caching it again in IndexedDB would only double it.
    cacheMethod: 'none',
  });
  return {
    async recognize(image) {
      const { data } = await worker.recognize(image);
      const text = data.text.replace(/[ \t]+\n/g, '\n').trim();
      return {
        text,
        words: text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length,
        confidence: Math.round(data.confidence),
      };
    },
    async terminate() {
      await worker.terminate();
    },
  };
}
