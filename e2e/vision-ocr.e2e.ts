import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVisionCheck, serveFolder, type VisionSession } from './vision-support';

/**
 * OCR in the built extension: tesseract.js with its worker, SIMD core and English model loaded from the extension's
 * own files (no network), on a real document image (e2e/fixtures/vision/bill.png, Apache-2.0, see NOTICE.md).
 */
describe('vision: OCR of a document in Chromium', () => {
  let session: VisionSession;
  let server: Awaited<ReturnType<typeof serveFolder>>;

  beforeAll(async () => {
    server = await serveFolder(`${import.meta.dirname}/fixtures/vision`);
    session = await openVisionCheck();
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('reads the statement into searchable text and labels it a document', async () => {
    const result = await session.check([
      { id: 'bill.png', url: `${server.url}/bill.png`, name: 'bill.png', mimeType: 'image/png' },
    ]);
    expect(result.failed).toEqual([]);
    const item = result.items[0];
    const text = item?.ocrText ?? '';
    // Every word printed on the page, as a person reads it.
    const expected =
      'FIRST CHEQUING Line of Credit 100,000.00 Rate 4.2000 Date Description Number Debits Credits Balance 31Jul2018 Balance Forward 99,878.08 01Aug2018 Clearing Cheque 4987 36.07 99,914.15 Incoming Interac e-Transfer 14.54 101,583.92 400.00 Assisted Deposit 32,414.50 68,769.42 Transfer out to loan 7 1,500.00 70,269.42 02Aug2018 4984 48.08 70,317.50 4985 70.51 70,388.01 4992 500.00 70,888.01'.split(
        ' ',
      );
    const found = expected.filter((w) => text.includes(w));
    console.log(`ocr: ${found.length}/${expected.length} expected words found; ${result.times.ocrMs.toFixed(0)} ms`);
    expect(found.length / expected.length).toBeGreaterThanOrEqual(0.85);
    expect(text).toContain('Clearing Cheque');
    expect(item?.labels).toContain('document');
    expect(item?.labels).not.toContain('panorama');
  });
});
