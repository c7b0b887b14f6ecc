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

/** What the caller already knows about the file before reading it (name, provider facts). */
export interface MetadataHints {
  name: string;
  mimeType?: string | null;
  bytes?: number | null;
  /** Provider-reported capture time (ISO string), used last in the precedence. */
  providerTakenAt?: string | null;
  /** Provider modified/created time (epoch ms), the final fallback. */
  providerModifiedAt?: number | null;
}
