import type { Candidate, CandidateReason, Review, ReviewGroup } from '@hypomos/shared/housekeeping/review';

/** The review's sections, in the order the page shows them; a candidate sits in the section of its first reason. */
export const SECTIONS = [
  { id: 'groups', title: 'Bursts and look-alikes', reasons: ['burst-sibling', 'duplicate'] },
  { id: 'blurry', title: 'Blurry', reasons: ['blurry'] },
  { id: 'dark', title: 'Very dark', reasons: ['dark'] },
  { id: 'screens', title: 'Old screenshots and documents', reasons: ['screenshot', 'document'] },
  { id: 'skipped', title: 'Often skipped in slideshows', reasons: ['skipped'] },
  { id: 'returned', title: 'Deleted before, came back', reasons: ['returned'] },
] as const satisfies readonly { id: string; title: string; reasons: readonly CandidateReason[] }[];
export type SectionId = (typeof SECTIONS)[number]['id'];

const sectionOfReason = new Map<CandidateReason, SectionId>(
  SECTIONS.flatMap((s) => s.reasons.map((r) => [r, s.id] as [CandidateReason, SectionId])),
);
const ORDER = SECTIONS.map((s) => s.id);

export function sectionOf(c: Candidate): SectionId {
  const ids = c.reasons.map((r) => sectionOfReason.get(r) as SectionId);
  return ids.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))[0] as SectionId;
}

export interface Laid {
  /** Groups with at least one candidate left, for the first section (the first `limit`). */
  groups: ReviewGroup[];
  /** Each other section's candidates (the first `limit`). */
  bySection: Map<SectionId, Candidate[]>;
  /** How many candidates each section holds in all (its chip's count). */
  totals: Map<SectionId, number>;
  /** How many groups there are in all: the page offers to show the rest. */
  groupTotal: number;
  /** Candidate keys in the order the page shows them: the keyboard walks this. */
  order: string[];
}

/**
 * The review laid out by section. Only the first `limit` groups and tiles of each section are laid out: a large
 * library can propose tens of thousands, and drawing them all at once would freeze the page.
 */
export function layOut(review: Review, only: SectionId | 'all', limit = Number.POSITIVE_INFINITY): Laid {
  const all = new Map<SectionId, Candidate[]>();
  for (const c of review.candidates) {
    const id = sectionOf(c);
    if (only !== 'all' && id !== only) continue;
    const list = all.get(id);
    if (list) list.push(c);
    else all.set(id, [c]);
  }
  const inGroups = new Set((all.get('groups') ?? []).map((c) => c.key));
  const allGroups = review.groups.filter((g) => g.members.some((k) => inGroups.has(k)));
  const totals = new Map([...all].map(([id, list]) => [id, list.length]));
  const groups = allGroups.slice(0, limit);
  const bySection = new Map([...all].map(([id, list]) => [id, list.slice(0, limit)]));
  const order = [
    ...groups.flatMap((g) => g.members.filter((k) => inGroups.has(k))),
    ...SECTIONS.filter((s) => s.id !== 'groups').flatMap((s) => (bySection.get(s.id) ?? []).map((c) => c.key)),
  ];
  return { groups, bySection, totals, groupTotal: allGroups.length, order };
}
