/**
 * OneDrive's QuickXorHash (160-bit, shift 11, length XORed into the tail), ported from Microsoft's
 * reference C# implementation. Returned base64-encoded, as `file.hashes.quickXorHash` is.
 */
const WIDTH = 160;
const SHIFT = 11;
const CELLS = 3;
const MASK = (1n << 64n) - 1n;

export function quickXorHash(bytes: Uint8Array): string {
  const data = [0n, 0n, 0n];
  let vectorIndex = 0;
  let vectorOffset = 0;
  const iterations = Math.min(bytes.length, WIDTH);
  for (let i = 0; i < iterations; i++) {
    const isLastCell = vectorIndex === CELLS - 1;
    const bitsInCell = isLastCell ? WIDTH % 64 : 64;
    let xored = 0;
    for (let j = i; j < bytes.length; j += WIDTH) xored ^= bytes[j] as number;
    const value = BigInt(xored);
    if (vectorOffset <= bitsInCell - 8) {
      data[vectorIndex] = ((data[vectorIndex] as bigint) ^ (value << BigInt(vectorOffset))) & MASK;
    } else {
      const next = isLastCell ? 0 : vectorIndex + 1;
      data[vectorIndex] = ((data[vectorIndex] as bigint) ^ (value << BigInt(vectorOffset))) & MASK;
      data[next] = ((data[next] as bigint) ^ (value >> BigInt(bitsInCell - vectorOffset))) & MASK;
    }
    vectorOffset += SHIFT;
    while (vectorOffset >= bitsInCell) {
      vectorIndex = isLastCell ? 0 : vectorIndex + 1;
      vectorOffset -= bitsInCell;
    }
  }
  const out = Buffer.alloc(20);
  out.writeBigUInt64LE(data[0] as bigint, 0);
  out.writeBigUInt64LE(data[1] as bigint, 8);
  out.writeUInt32LE(Number((data[2] as bigint) & 0xffffffffn), 16);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(bytes.length));
  for (let i = 0; i < 8; i++) out[12 + i] = (out[12 + i] as number) ^ (length[i] as number);
  return out.toString('base64');
}
