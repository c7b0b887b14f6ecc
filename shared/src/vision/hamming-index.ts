/**
 * Hamming-radius search over 64-bit hashes by multi-index hashing (Norouzi, Punjani & Fleet, 2012).
 *
 * The 64 bits are cut into `blocks` contiguous blocks. If two hashes differ in at most r bits, then by pigeonhole at
 * least one block differs in at most ⌊r / blocks⌋ bits. So a query looks up, in each block's table, every block value
 * within that small radius of its own block, and checks the full distance only for what it finds. With blocks of about
 * log2(n) bits each table bucket holds about one entry, so a query costs far less than a scan of all n hashes.
 */

/** A 64-bit hash as two unsigned 32-bit halves; bit 0 is the first hex digit's high bit. */
export interface Hash64 {
  hi: number;
  lo: number;
}

const HEX16 = /^[0-9a-f]{16}$/i;

/** The hash written as 16 hex digits, or null when it is not exactly that. */
export function parseHash64(hex: string): Hash64 | null {
  if (!HEX16.test(hex)) return null;
  return { hi: Number.parseInt(hex.slice(0, 8), 16) >>> 0, lo: Number.parseInt(hex.slice(8), 16) >>> 0 };
}

export function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function hamming64(a: Hash64, b: Hash64): number {
  return popcount32((a.hi ^ b.hi) >>> 0) + popcount32((a.lo ^ b.lo) >>> 0);
}

/** Bits [start, start + width) of the hash as an unsigned number (width ≤ 32). */
function bitsOf(hi: number, lo: number, start: number, width: number): number {
  const end = start + width;
  const mask = width === 32 ? 0xffffffff : (1 << width) - 1;
  if (end <= 32) return ((hi >>> (32 - end)) & mask) >>> 0;
  if (start >= 32) return ((lo >>> (64 - end)) & mask) >>> 0;
  // The block straddles the halves: the tail of `hi` followed by the head of `lo`.
  const loBits = end - 32;
  return (((hi << loBits) | (lo >>> (32 - loBits))) & mask) >>> 0;
}

/** Every XOR mask of `width` bits with at most `radius` bits set, smallest weight first. */
function flipMasks(width: number, radius: number): number[] {
  const out = [0];
  const extend = (mask: number, from: number, left: number) => {
    for (let b = from; b < width; b++) {
      const m = (mask | (1 << b)) >>> 0;
      out.push(m);
      if (left > 1) extend(m, b + 1, left - 1);
    }
  };
  if (radius > 0) extend(0, 0, radius);
  return out;
}

export interface HammingIndexOptions {
  /** Number of blocks the 64 bits are cut into (2–64, blocks ≤ 32 bits). Any value gives exact answers; it only changes speed. */
  blocks?: number;
}

/** Widest block kept as a flat array of bucket heads (2^16 × 4 bytes); wider blocks use a Map. */
const FLAT_WIDTH = 16;

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 0; i < k; i++) r = (r * (n - i)) / (i + 1);
  return r;
}

/**
 * Block count with the least expected work per query for `size` held hashes and searches up to `radius`: each block
 * enumerates V(width, ⌊radius/blocks⌋) block values and checks about size / 2^width entries for each. A Map lookup
 * (blocks wider than 16 bits) is counted as 8 array reads. Uniform hashes are assumed; any answer is exact.
 */
export function suggestedBlocks(size: number, radius: number): number {
  let best = 2;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let m = 2; m <= Math.min(radius + 1, 16); m++) {
    const width = Math.floor(64 / m);
    const s = Math.floor(radius / m);
    let values = 0;
    for (let k = 0; k <= s; k++) values += binomial(width, k);
    const cost = m * values * ((width <= FLAT_WIDTH ? 1 : 8) + size / 2 ** width);
    if (cost < bestCost) {
      best = m;
      bestCost = cost;
    }
  }
  return best;
}

/**
 * A multiset of (hash, owner) entries. Owners are the caller's small integer ids; one owner may hold several hashes
 * (the flips of one image). Removal is by owner. Buckets are doubly linked lists threaded through typed arrays, so
 * adding and removing are O(blocks) and a lookup is an array read.
 */
export class HammingIndex {
  readonly blocks: number;
  private readonly starts: number[] = [];
  private readonly widths: number[] = [];
  /** Per block: first entry of each bucket (+1, so 0 means empty), flat for narrow blocks. */
  private readonly heads: (Int32Array | Map<number, number>)[] = [];
  /** Per entry and block: next / previous entry in the bucket (+1). */
  private next: Int32Array;
  private prev: Int32Array;
  private hi: Uint32Array;
  private lo: Uint32Array;
  private owner: Int32Array;
  /** Query stamp per entry, so an entry found through several blocks is checked once. */
  private stamp: Uint32Array;
  private query = 0;
  private entries = 0;
  private held = 0;
  private readonly entriesOf = new Map<number, number[]>();
  private readonly masks = new Map<string, Uint32Array>();

  constructor(options: HammingIndexOptions = {}) {
    const blocks = options.blocks ?? 4;
    if (!(Number.isInteger(blocks) && blocks >= 2 && blocks <= 64))
      throw new Error(`HammingIndex: blocks must be an integer from 2 to 64, got ${blocks}`);
    this.blocks = blocks;
    let start = 0;
    for (let b = 0; b < blocks; b++) {
      // Widths differ by at most one bit; the wider blocks come first.
      const width = Math.floor(64 / blocks) + (b < 64 % blocks ? 1 : 0);
      this.starts.push(start);
      this.widths.push(width);
      this.heads.push(width <= FLAT_WIDTH ? new Int32Array(2 ** width) : new Map());
      start += width;
    }
    const capacity = 1024;
    this.next = new Int32Array(capacity * blocks);
    this.prev = new Int32Array(capacity * blocks);
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.owner = new Int32Array(capacity);
    this.stamp = new Uint32Array(capacity);
  }

  /** Number of hashes held. */
  get size(): number {
    return this.held;
  }

  private headOf(b: number, key: number): number {
    const heads = this.heads[b] as Int32Array | Map<number, number>;
    return heads instanceof Int32Array ? (heads[key] as number) : (heads.get(key) ?? 0);
  }

  private setHead(b: number, key: number, e1: number) {
    const heads = this.heads[b] as Int32Array | Map<number, number>;
    if (heads instanceof Int32Array) heads[key] = e1;
    else if (e1 === 0) heads.delete(key);
    else heads.set(key, e1);
  }

  add(owner: number, hash: Hash64): void {
    if (this.entries === this.hi.length) this.grow();
    const e = this.entries++;
    this.held++;
    this.hi[e] = hash.hi;
    this.lo[e] = hash.lo;
    this.owner[e] = owner;
    const m = this.blocks;
    for (let b = 0; b < m; b++) {
      const key = bitsOf(hash.hi, hash.lo, this.starts[b] as number, this.widths[b] as number);
      const first = this.headOf(b, key);
      this.next[e * m + b] = first;
      this.prev[e * m + b] = 0;
      if (first) this.prev[(first - 1) * m + b] = e + 1;
      this.setHead(b, key, e + 1);
    }
    const mine = this.entriesOf.get(owner);
    if (mine) mine.push(e);
    else this.entriesOf.set(owner, [e]);
  }

  /** Drops every hash of `owner`. Entry slots are not reused; memory is reclaimed only by building a new index. */
  remove(owner: number): void {
    const mine = this.entriesOf.get(owner);
    if (!mine) return;
    this.entriesOf.delete(owner);
    const m = this.blocks;
    for (const e of mine) {
      for (let b = 0; b < m; b++) {
        const next = this.next[e * m + b] as number;
        const prev = this.prev[e * m + b] as number;
        if (prev) this.next[(prev - 1) * m + b] = next;
        else
          this.setHead(
            b,
            bitsOf(this.hi[e] as number, this.lo[e] as number, this.starts[b] as number, this.widths[b] as number),
            next,
          );
        if (next) this.prev[(next - 1) * m + b] = prev;
      }
      this.owner[e] = -1;
      this.held--;
    }
  }

  /**
   * Calls `visit(owner, distance)` for every held hash within `radius` bits of `query`. An owner is visited once per
   * matching hash it holds; entries found through several blocks are reported once.
   */
  search(query: Hash64, radius: number, visit: (owner: number, distance: number) => void): void {
    if (radius < 0) return;
    const perBlock = Math.floor(radius / this.blocks);
    const stampNow = ++this.query;
    const { hi, lo, next, stamp, owner } = this;
    const m = this.blocks;
    for (let b = 0; b < m; b++) {
      const width = this.widths[b] as number;
      const own = bitsOf(query.hi, query.lo, this.starts[b] as number, width);
      const heads = this.heads[b] as Int32Array | Map<number, number>;
      const flat = heads instanceof Int32Array ? heads : null;
      const masks = this.masksFor(width, perBlock);
      for (let i = 0; i < masks.length; i++) {
        const key = (own ^ (masks[i] as number)) >>> 0;
        let e1 = flat ? (flat[key] as number) : ((heads as Map<number, number>).get(key) ?? 0);
        while (e1) {
          const e = e1 - 1;
          e1 = next[e * m + b] as number;
          if (stamp[e] === stampNow) continue;
          stamp[e] = stampNow;
          const d = popcount32(((hi[e] as number) ^ query.hi) >>> 0) + popcount32(((lo[e] as number) ^ query.lo) >>> 0);
          if (d <= radius) visit(owner[e] as number, d);
        }
      }
    }
  }

  private masksFor(width: number, radius: number): Uint32Array {
    const id = `${width}:${radius}`;
    let m = this.masks.get(id);
    if (!m) {
      m = Uint32Array.from(flipMasks(width, Math.min(width, radius)));
      this.masks.set(id, m);
    }
    return m;
  }

  private grow() {
    const n = this.hi.length * 2;
    const widen = <T extends Int32Array | Uint32Array>(old: T, make: (n: number) => T, size: number): T => {
      const out = make(size);
      out.set(old);
      return out;
    };
    this.next = widen(this.next, (k) => new Int32Array(k), n * this.blocks);
    this.prev = widen(this.prev, (k) => new Int32Array(k), n * this.blocks);
    this.hi = widen(this.hi, (k) => new Uint32Array(k), n);
    this.lo = widen(this.lo, (k) => new Uint32Array(k), n);
    this.owner = widen(this.owner, (k) => new Int32Array(k), n);
    this.stamp = widen(this.stamp, (k) => new Uint32Array(k), n);
  }
}
