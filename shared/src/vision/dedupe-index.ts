import {
  type DuplicateGroup,
  exactGroups,
  exactRepresentatives,
  type HashedItem,
  NEAR_DUPLICATE_MAX_DISTANCE,
  ROTATED_MAX_DISTANCE,
  UnionFind,
} from './dedupe';
import { type Hash64, HammingIndex, parseHash64, suggestedBlocks } from './hamming-index';

/**
 * Near-duplicate grouping without comparing all pairs, and kept up to date item by item.
 *
 * The matching rule is `isNearDuplicate` in dedupe.ts; this finds the same pairs through four Hamming indexes:
 * plain pHashes, flip/turn variants, centre squares and turned centre squares. A new item asks each index for what
 * lies within the threshold of its own hashes in both directions (its variants against others' plain hashes, and
 * others' variants against its plain hash), because the rule takes the best of both. The near pairs found are kept,
 * so adding k items costs k lookups instead of recomputing all n² pairs, and grouping is linear in items + pairs.
 */

interface Entry {
  id: number;
  item: HashedItem;
  /** Keys of items this one is a near-duplicate of. */
  near: Set<string>;
}

function parseAll(hashes: readonly string[]): Hash64[] | null {
  const out: Hash64[] = [];
  for (const h of hashes) {
    const p = parseHash64(h);
    if (!p) return null;
    out.push(p);
  }
  return out;
}

/** How often `addAll` reports progress, in items: often enough for a moving bar, rare enough to cost nothing. */
export const PROGRESS_EVERY = 500;

export interface NearDuplicateIndexOptions {
  maxDistance?: number;
  /** Blocks per Hamming index; see hamming-index.ts. Changes speed only. */
  blocks?: number;
  /** Items the index is expected to hold, to size its blocks when `blocks` is not given. Changes speed only. */
  expectedItems?: number;
}

/** Parsed hashes of one item, or why it takes part in exact matching only. */
interface Parsed {
  plain: Hash64;
  /** Flip/turn variants other than the plain hash itself. */
  variants: Hash64[];
  centre: Hash64 | null;
  rotations: Hash64[];
}

export class NearDuplicateIndex {
  readonly maxDistance: number;
  readonly rotatedMaxDistance: number;
  private readonly plain: HammingIndex;
  private readonly variants: HammingIndex;
  private readonly centres: HammingIndex;
  private readonly turned: HammingIndex;
  private readonly byKey = new Map<string, Entry>();
  private readonly byId: (Entry | undefined)[] = [];
  private readonly badHashes = new Set<string>();

  constructor(options: NearDuplicateIndexOptions = {}) {
    this.maxDistance = options.maxDistance ?? NEAR_DUPLICATE_MAX_DISTANCE;
    if (!(Number.isInteger(this.maxDistance) && this.maxDistance >= 0 && this.maxDistance <= 64))
      throw new Error(`maxDistance must be an integer from 0 to 64, got ${this.maxDistance}`);
    this.rotatedMaxDistance = Math.min(this.maxDistance, ROTATED_MAX_DISTANCE);
    const n = Math.max(1, options.expectedItems ?? 10_000);
    const sized = (entries: number, radius: number) =>
      new HammingIndex({ blocks: options.blocks ?? suggestedBlocks(entries, radius) });
    this.plain = sized(n, this.maxDistance);
    this.variants = sized(7 * n, this.maxDistance);
    this.centres = sized(n, this.rotatedMaxDistance);
    this.turned = sized(18 * n, this.rotatedMaxDistance);
  }

  get size(): number {
    return this.byKey.size;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get(key: string): HashedItem | undefined {
    return this.byKey.get(key)?.item;
  }

  /** Keys whose hashes are not 16 hex digits: they take part in exact matching only. */
  get malformed(): string[] {
    return [...this.badHashes].sort();
  }

  /** Malformed hashes are recorded; a bad plain hash leaves the item to exact matching, bad extras are dropped. */
  private parse(item: HashedItem): Parsed | null {
    if (!item.phash) return null;
    const plain = parseHash64(item.phash);
    let variants = parseAll(item.phashVariants ?? []);
    let centre = item.centreHash ? parseHash64(item.centreHash) : null;
    let rotations = centre ? parseAll(item.rotationHashes ?? []) : [];
    if (!plain || !variants || (item.centreHash && (!centre || !rotations))) this.badHashes.add(item.key);
    if (!plain) return null;
    variants ??= [];
    if (!rotations) {
      centre = null;
      rotations = [];
    }
    return { plain, variants: variants.filter((v) => v.hi !== plain.hi || v.lo !== plain.lo), centre, rotations };
  }

  private enter(item: HashedItem): { entry: Entry; parsed: Parsed | null } {
    this.remove(item.key);
    const entry: Entry = { id: this.byId.length, item, near: new Set() };
    this.byId.push(entry);
    this.byKey.set(item.key, entry);
    const parsed = this.parse(item);
    if (parsed) {
      this.plain.add(entry.id, parsed.plain);
      for (const v of parsed.variants) this.variants.add(entry.id, v);
      if (parsed.centre) {
        this.centres.add(entry.id, parsed.centre);
        for (const r of parsed.rotations) this.turned.add(entry.id, r);
      }
    }
    return { entry, parsed };
  }

  private linker(entry: Entry) {
    return (id: number) => {
      const other = this.byId[id];
      if (!other || other === entry) return;
      entry.near.add(other.item.key);
      other.near.add(entry.item.key);
    };
  }

  /**
   * Adds an item, or replaces the one with its key; only its own hashes are looked up, in both directions: its
   * variants against held plain hashes, and its plain hash against held variants (likewise for centre squares).
   */
  upsert(item: HashedItem): void {
    const { entry, parsed } = this.enter(item);
    if (!parsed) return;
    const link = this.linker(entry);
    for (const q of [parsed.plain, ...parsed.variants]) this.plain.search(q, this.maxDistance, link);
    this.variants.search(parsed.plain, this.maxDistance, link);
    if (!parsed.centre) return;
    for (const q of [parsed.centre, ...parsed.rotations]) this.centres.search(q, this.rotatedMaxDistance, link);
    this.turned.search(parsed.centre, this.rotatedMaxDistance, link);
  }

  /**
   * Adds many items at once. With all hashes held first, each pair needs looking up from one side only: every item's
   * plain hash and variants against the plain hashes, and its centre hash against the turned centre squares.
   * `onProgress` hears how many items have been looked up, every `PROGRESS_EVERY` items and at the end.
   */
  addAll(items: Iterable<HashedItem>, onProgress?: (lookedUp: number) => void): void {
    let done = 0;
    const step = () => {
      done++;
      if (onProgress && done % PROGRESS_EVERY === 0) onProgress(done);
    };
    if (this.byKey.size > 0) {
      // Held items' variants were never looked up against the new plain hashes: take the two-way path.
      for (const item of items) {
        this.upsert(item);
        step();
      }
      onProgress?.(done);
      return;
    }
    const added: { entry: Entry; parsed: Parsed }[] = [];
    let entered = 0;
    for (const item of items) {
      entered++;
      const { entry, parsed } = this.enter(item);
      if (parsed) added.push({ entry, parsed });
    }
    // Items without a usable pHash were done on entry.
    done = entered - added.length;
    for (const { entry, parsed } of added) {
      step();
      if (this.byId[entry.id] !== entry) continue; // replaced by a later item with the same key
      const link = this.linker(entry);
      // Variants against plain hashes rather than the reverse: the variant index is 7× larger and, on real pHashes,
      // its buckets are far fuller (measured 0.36 vs 1.8 ms per item at 100k, bench/dedup.bench.ts).
      for (const q of [parsed.plain, ...parsed.variants]) this.plain.search(q, this.maxDistance, link);
      if (!parsed.centre) continue;
      this.centres.search(parsed.centre, this.rotatedMaxDistance, link);
      this.turned.search(parsed.centre, this.rotatedMaxDistance, link);
    }
    onProgress?.(done);
  }

  remove(key: string): void {
    const entry = this.byKey.get(key);
    if (!entry) return;
    this.byKey.delete(key);
    this.byId[entry.id] = undefined;
    this.badHashes.delete(key);
    for (const index of [this.plain, this.variants, this.centres, this.turned]) index.remove(entry.id);
    for (const other of entry.near) this.byKey.get(other)?.near.delete(key);
  }

  /** Keys of items the rule calls near-duplicates of `key` (direct matches, not the whole group). */
  nearOf(key: string): string[] {
    return [...(this.byKey.get(key)?.near ?? [])].sort();
  }

  /**
   * The same groups as `duplicateGroupsBruteForce` (dedupe.ts) over the held items: exact groups, then near groups over one
   * representative per exact group (its smallest key with a pHash, see exactRepresentatives), each listing every copy. Groups are sorted by their first key.
   */
  groups(): DuplicateGroup[] {
    const items = [...this.byKey.values()].map((e) => e.item);
    const exact = exactGroups(items);
    const repOf = exactRepresentatives(exact, (k) => !!this.byKey.get(k)?.item.phash);
    const isRep = (key: string) => {
      const entry = this.byKey.get(key);
      return !!entry?.item.phash && (repOf.get(key) ?? key) === key;
    };
    const uf = new UnionFind();
    const linked = new Set<string>();
    for (const [key, entry] of this.byKey) {
      if (!isRep(key)) continue;
      for (const other of entry.near) {
        if (other > key && isRep(other)) {
          uf.union(key, other);
          linked.add(key).add(other);
        }
      }
    }
    const members = new Map<string, string[]>();
    for (const key of this.byKey.keys()) {
      const rep = repOf.get(key) ?? key;
      if (!linked.has(rep)) continue;
      const root = uf.find(rep);
      const list = members.get(root);
      if (list) list.push(key);
      else members.set(root, [key]);
    }
    const byFirst = (a: DuplicateGroup, b: DuplicateGroup) => ((a.keys[0] as string) < (b.keys[0] as string) ? -1 : 1);
    return [
      ...exact.map((keys): DuplicateGroup => ({ kind: 'exact', keys })).sort(byFirst),
      ...[...members.values()].map((keys): DuplicateGroup => ({ kind: 'near', keys: keys.sort() })).sort(byFirst),
    ];
  }
}

/** Exact and near-duplicate groups of `items`, found through the index (see NearDuplicateIndex.groups). */
export function duplicateGroups(
  items: readonly HashedItem[],
  maxDistance = NEAR_DUPLICATE_MAX_DISTANCE,
): DuplicateGroup[] {
  const index = new NearDuplicateIndex({ maxDistance, expectedItems: items.length });
  index.addAll(items);
  return index.groups();
}
