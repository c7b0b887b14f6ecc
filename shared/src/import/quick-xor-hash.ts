/**
 * OneDrive's QuickXorHash (160-bit, shift 11, length XORed into the tail), after Microsoft's reference C#
 * implementation, streaming. Byte i lands at bit (11·i) mod 160 of a circular 160-bit register, and since
 * 11·160 ≡ 0 (mod 160) the position repeats every 160 bytes: XOR the bytes into 160 lanes by i mod 160,
 * then fold the lanes once at the end. Returned base64-encoded, as Graph's `file.hashes.quickXorHash` is.
 */
const WIDTH = 160;
const SHIFT = 11;

export class QuickXorHash {
  private readonly lanes = new Uint8Array(WIDTH);
  private length = 0;

  update(bytes: Uint8Array): this {
    const lanes = this.lanes;
    let lane = this.length % WIDTH;
    for (let i = 0; i < bytes.length; i++) {
      lanes[lane] = (lanes[lane] as number) ^ (bytes[i] as number);
      lane = lane === WIDTH - 1 ? 0 : lane + 1;
    }
    this.length += bytes.length;
    return this;
  }

  digest(): string {
    const out = new Uint8Array(WIDTH / 8);
    for (let lane = 0; lane < WIDTH; lane++) {
      const value = this.lanes[lane] as number;
      if (value === 0) continue;
      const bit = (lane * SHIFT) % WIDTH;
      const at = bit >> 3;
      const offset = bit & 7;
      out[at] = (out[at] as number) ^ ((value << offset) & 0xff);
      if (offset > 0) {
        const next = (at + 1) % out.length;
        out[next] = (out[next] as number) ^ (value >> (8 - offset));
      }
    }
    // The length, as a little-endian 64-bit integer, XORed into the last 8 bytes.
    let length = this.length;
    for (let i = 0; i < 8; i++) {
      out[12 + i] = (out[12 + i] as number) ^ (length % 256);
      length = Math.floor(length / 256);
    }
    let binary = '';
    for (const b of out) binary += String.fromCharCode(b);
    return btoa(binary);
  }
}

export const quickXorHash = (bytes: Uint8Array): string => new QuickXorHash().update(bytes).digest();
