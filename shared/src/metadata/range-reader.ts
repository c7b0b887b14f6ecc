/**
 * Reads byte ranges of one file. The metadata pipeline only ever sees this, so the same code runs on a
 * provider's HTTP Range reads (extension) and on a local file handle (CLI). Implementations count bytes.
 */
export interface RangeReader {
  /** Total size in bytes when known. */
  readonly size: number | null;
  /** Bytes [start, end); may return fewer at end of file. */
  read(start: number, end: number): Promise<Uint8Array>;
}
