import type { ByteSource } from './byte-source';
import { type ContainerFacts, noFacts } from './facts';

/** H.264 SEI "user data unregistered" UUID that AVCHD camcorders (Sony, Panasonic, Canon) use for MDPM. */
const MDPM_UUID = [0x17, 0xee, 0x8c, 0x60, 0xf8, 0x4d, 0x11, 0xd9, 0x8c, 0xd6, 0x08, 0x00, 0x20, 0x0c, 0x9a, 0x66];
const bcd = (b: number) => (b >> 4) * 10 + (b & 15);
const pad = (n: number) => String(n).padStart(2, '0');

function findMdpm(b: Uint8Array): number {
  outer: for (let i = 0; i + 20 < b.byteLength; i++) {
    for (let k = 0; k < MDPM_UUID.length; k++) if (b[i + k] !== MDPM_UUID[k]) continue outer;
    if (b[i + 16] === 0x4d && b[i + 17] === 0x44 && b[i + 18] === 0x50 && b[i + 19] === 0x4d) return i + 20;
  }
  return -1;
}

/** Drops H.264 emulation-prevention bytes (00 00 03 → 00 00) so the SEI payload reads as written. */
function unescapeNal(b: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < b.byteLength; i++) {
    if (b[i] === 3 && i >= 2 && b[i - 1] === 0 && b[i - 2] === 0) continue;
    out.push(b[i] as number);
  }
  return new Uint8Array(out);
}

/**
 * MPEG-TS / AVCHD (.mts, .m2ts): the recording time sits in the first video frame's SEI as MDPM tags 0x18/0x19
 * (BCD date and time, with the zone in the first byte). We look for it only in the bytes already read.
 */
export async function parseMpegTs(src: ByteSource): Promise<ContainerFacts> {
  const facts = noFacts();
  const head = await src.get(0, 64 * 1024);
  const at = findMdpm(head);
  if (at < 0) return facts;
  const sei = unescapeNal(head.subarray(at, at + 1024));
  const count = sei[0] ?? 0;
  const tags = new Map<number, Uint8Array>();
  for (let i = 0; i < count && 1 + i * 5 + 5 <= sei.byteLength; i++) {
    const p = 1 + i * 5;
    tags.set(sei[p] as number, sei.subarray(p + 1, p + 5));
  }
  const date = tags.get(0x18);
  const time = tags.get(0x19);
  if (!date || !time) return facts;
  const [tz = 0, yHi = 0, yLo = 0, month = 0] = date;
  const [day = 0, hour = 0, minute = 0, second = 0] = time;
  const offset = `${tz & 0x20 ? '-' : '+'}${pad((tz >> 1) & 0x0f)}:${tz & 0x01 ? '30' : '00'}`;
  facts.containerDateTime = `${bcd(yHi)}${pad(bcd(yLo))}:${pad(bcd(month))}:${pad(bcd(day))} ${pad(bcd(hour))}:${pad(bcd(minute))}:${pad(bcd(second))}${offset}`;
  return facts;
}
