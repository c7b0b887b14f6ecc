import type { IndexItem } from '../index/item';

/** The fields grouping reads; an IndexItem satisfies it. */
export type StackableItem = { key: string } & Pick<
  IndexItem,
  'name' | 'sourceId' | 'folder' | 'make' | 'model' | 'takenAt' | 'mediaType' | 'burstId' | 'rating' | 'liked'
>;

export type StackKind = 'single' | 'raw+jpeg' | 'burst';

/** Items shown as one tile; `members[0]` is on top. */
export interface Stack {
  kind: StackKind;
  top: string;
  members: string[];
}

const RAW_EXTENSIONS = new Set([
  'nef',
  'nrw',
  'cr2',
  'cr3',
  'crw',
  'arw',
  'srf',
  'sr2',
  'dng',
  'raf',
  'rw2',
  'rwl',
  'orf',
  'pef',
  'srw',
  'x3f',
  'iiq',
  'mrw',
  '3fr',
  'erf',
  'kdc',
  'mef',
  'mos',
]);
/** The developed image that goes on top of a RAW. */
const DEVELOPED_EXTENSIONS = new Set(['jpg', 'jpeg', 'heic', 'heif']);

const PAIR_WINDOW_MS = 1000;
const BURST_GAP_MS = 1000;

const extension = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase();
const baseName = (name: string) => {
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).toLowerCase();
};
export const isRaw = (name: string) => RAW_EXTENSIONS.has(extension(name));
const isDeveloped = (name: string) => DEVELOPED_EXTENSIONS.has(extension(name));
/** Empty when the camera is unknown: unknown cameras never count as "the same camera". */
const cameraOf = (i: StackableItem) => (i.make || i.model ? `${i.make ?? ''}\u0000${i.model ?? ''}`.toLowerCase() : '');

/**
 * Pairs each RAW with one JPEG/HEIC of the same camera: same folder and base name first,
 * else the nearest capture time within 1 s. Returns RAW key → JPEG key.
 */
function pairRaws(items: StackableItem[]): Map<string, string> {
  const developed = items.filter((i) => isDeveloped(i.name) && cameraOf(i) !== '');
  const byName = new Map<string, StackableItem>();
  for (const d of developed)
    byName.set(`${d.sourceId}\u0000${d.folder}\u0000${baseName(d.name)}\u0000${cameraOf(d)}`, d);
  const byTime = [...developed].sort((a, b) => a.takenAt - b.takenAt);
  const taken = new Set<string>();
  const pairs = new Map<string, string>();
  const raws = items.filter((i) => isRaw(i.name) && cameraOf(i) !== '');
  // Name matches first, so a time-near neighbour never steals a JPEG that has its RAW by name.
  for (const raw of raws) {
    const d = byName.get(`${raw.sourceId}\u0000${raw.folder}\u0000${baseName(raw.name)}\u0000${cameraOf(raw)}`);
    if (d && !taken.has(d.key)) {
      pairs.set(raw.key, d.key);
      taken.add(d.key);
    }
  }
  for (const raw of raws) {
    if (pairs.has(raw.key)) continue;
    let best: StackableItem | null = null;
    for (let i = lowerBound(byTime, raw.takenAt - PAIR_WINDOW_MS); i < byTime.length; i++) {
      const d = byTime[i]!;
      if (d.takenAt > raw.takenAt + PAIR_WINDOW_MS) break;
      if (taken.has(d.key) || cameraOf(d) !== cameraOf(raw)) continue;
      if (best === null || Math.abs(d.takenAt - raw.takenAt) < Math.abs(best.takenAt - raw.takenAt)) best = d;
    }
    if (best) {
      pairs.set(raw.key, best.key);
      taken.add(best.key);
    }
  }
  return pairs;
}

function lowerBound(sorted: StackableItem[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.takenAt < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Unit {
  top: StackableItem;
  members: StackableItem[];
}

/** Liked beats rating beats order: "the best shot" when a person has said which one it is. */
const score = (i: StackableItem) => (i.liked ? 10 : 0) + i.rating;

function closeBurst(run: Unit[], out: Stack[]) {
  if (run.length === 1) {
    const u = run[0]!;
    out.push({
      kind: u.members.length > 1 ? 'raw+jpeg' : 'single',
      top: u.top.key,
      members: u.members.map((m) => m.key),
    });
    return;
  }
  let best = run[0]!;
  for (const u of run) if (score(u.top) > score(best.top)) best = u;
  const ordered = [best, ...run.filter((u) => u !== best)];
  out.push({ kind: 'burst', top: best.top.key, members: ordered.flatMap((u) => u.members.map((m) => m.key)) });
}

/**
 * Groups items into stacks: RAW+JPEG pairs (JPEG on top), then bursts — photos of the same camera
 * taken ≤ 1 s after the previous one, or sharing a burst id — with the first or best shot on top.
 * Returns stacks in capture order. Pure.
 */
export function buildStacks(items: StackableItem[]): Stack[] {
  const pairs = pairRaws(items);
  const byKey = new Map<string, StackableItem>(items.map((i) => [i.key, i]));
  const pairedJpegs = new Set(pairs.values());
  const rawOf = new Map([...pairs].map(([raw, jpeg]) => [jpeg, raw]));
  const units: Unit[] = [];
  for (const i of items) {
    if (pairs.has(i.key)) continue; // the RAW rides under its JPEG
    const raw = rawOf.get(i.key);
    units.push({ top: i, members: pairedJpegs.has(i.key) && raw ? [i, byKey.get(raw)!] : [i] });
  }
  units.sort((a, b) => a.top.takenAt - b.top.takenAt || (a.top.key < b.top.key ? -1 : 1));

  const out: Stack[] = [];
  const openByBurstId = new Map<string, Unit[]>();
  let run: Unit[] = [];
  for (const u of units) {
    if (u.top.burstId) {
      const group = openByBurstId.get(u.top.burstId) ?? [];
      group.push(u);
      openByBurstId.set(u.top.burstId, group);
      continue;
    }
    const prev = run.at(-1);
    const joins =
      prev !== undefined &&
      u.top.mediaType !== 'video' &&
      prev.top.mediaType !== 'video' &&
      cameraOf(u.top) !== '' &&
      cameraOf(u.top) === cameraOf(prev.top) &&
      u.top.takenAt - prev.top.takenAt <= BURST_GAP_MS;
    if (!joins && run.length > 0) {
      closeBurst(run, out);
      run = [];
    }
    run.push(u);
  }
  if (run.length > 0) closeBurst(run, out);
  for (const group of openByBurstId.values()) closeBurst(group, out);
  const timeOf = (s: Stack) => Math.min(...s.members.map((k) => byKey.get(k)!.takenAt));
  return out.sort((a, b) => timeOf(a) - timeOf(b));
}
