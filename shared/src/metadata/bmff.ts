import { type ByteSource, MetadataError, ascii, view } from './byte-source';

/** One ISO BMFF / QuickTime box: `start` is the header, `dataStart` the payload. */
export interface Box {
  type: string;
  start: number;
  dataStart: number;
  end: number;
}

/** Reads the box header at `pos` (inside [.., limit)); null at the end or on padding. */
export async function readBoxHeader(src: ByteSource, pos: number, limit: number): Promise<Box | null> {
  if (pos + 8 > limit) return null;
  const h = await src.get(pos, Math.min(limit, pos + 16));
  if (h.byteLength < 8) return null;
  const dv = view(h);
  let size = dv.getUint32(0);
  const type = ascii(h, 4, 8);
  let headerSize = 8;
  if (size === 1) {
    if (h.byteLength < 16) throw new MetadataError(`truncated ${type} box header`);
    size = dv.getUint32(8) * 2 ** 32 + dv.getUint32(12);
    headerSize = 16;
  } else if (size === 0) {
    size = limit - pos;
  }
  if (size < headerSize) {
    if (size === 0 || dv.getUint32(0) === 0) return null; // QuickTime allows a zero terminator
    throw new MetadataError(`corrupt box ${JSON.stringify(type)} at ${pos}`);
  }
  return { type, start: pos, dataStart: pos + headerSize, end: Math.min(pos + size, limit) };
}

/** Lists the child boxes in [start, end). Each header costs a read only when it is not cached already. */
export async function children(src: ByteSource, start: number, end: number, max = 4096): Promise<Box[]> {
  const out: Box[] = [];
  let pos = start;
  while (out.length < max) {
    const box = await readBoxHeader(src, pos, end);
    if (!box) break;
    out.push(box);
    if (box.end <= pos) break;
    pos = box.end;
  }
  return out;
}

/** Full boxes start with version (1 byte) and flags (3 bytes). */
export async function fullBoxPayload(
  src: ByteSource,
  box: Box,
): Promise<{ version: number; flags: number; body: Uint8Array }> {
  const b = await src.need(box.dataStart, box.end);
  if (b.byteLength < 4) throw new MetadataError(`truncated ${box.type} box`);
  return {
    version: b[0] as number,
    flags: ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number),
    body: b.subarray(4),
  };
}

/** Reads an unsigned integer of 0, 4 or 8 bytes (iloc field sizes). */
export function readUint(dv: DataView, at: number, size: number): number {
  if (size === 0) return 0;
  if (size === 4) return dv.getUint32(at);
  if (size === 8) return dv.getUint32(at) * 2 ** 32 + dv.getUint32(at + 4);
  if (size === 2) return dv.getUint16(at);
  throw new MetadataError(`unsupported field size ${size}`);
}
