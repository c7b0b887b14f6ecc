import { elements, escapeXml, textOf } from './azure-xml';

/**
 * Container stored access policies ("Define a stored access policy", "Set Container ACL", learn.microsoft.com).
 * A service SAS that names a policy (`si=`) takes its permissions and expiry from it, so changing or deleting the
 * policy changes or revokes every SAS that names it at once (Azure applies it within 30 seconds). A container holds
 * at most five policies, so Hypomos keeps one per share and container, and only ever touches its own
 * (`hypomos-…`); the owner's other policies are kept as they are.
 */
export interface AccessPolicy {
  id: string;
  start: string | null;
  expiry: string | null;
  permission: string | null;
}

export const MAX_ACCESS_POLICIES = 5;
const PREFIX = 'hypomos-';

/**
 * The policy id of a share's links, per generation (ids are at most 64 characters, so the scope is cut to leave
 * room for `-v99999`). Withdrawing one item starts a new generation (planRotation): the links of the old one stop.
 */
export const policyIdFor = (scope: string, generation = 0) =>
  `${PREFIX}${scope.replace(/[^A-Za-z0-9-]/g, '').slice(0, 64 - PREFIX.length - 7)}${generation > 0 ? `-v${generation}` : ''}`;

/** The generation of a policy of this scope, or null when it is not one (share ids are UUIDs: no `-v` tail). */
export function generationOf(id: string, scope: string): number | null {
  const base = policyIdFor(scope);
  if (id === base) return 0;
  const m = id.startsWith(`${base}-v`) ? /^\d{1,5}$/.exec(id.slice(base.length + 2)) : null;
  return m ? Number(m[0]) : null;
}

/** The scope's policies, newest generation last. */
const ofScope = (policies: readonly AccessPolicy[], scope: string) =>
  policies
    .filter((p) => generationOf(p.id, scope) !== null)
    .sort((a, b) => (generationOf(a.id, scope) as number) - (generationOf(b.id, scope) as number));

/** Policy times as the documents write them: UTC with seven fractional digits. */
export const policyTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}.0000000Z`;

export function parseContainerAcl(xml: string): AccessPolicy[] {
  if (!/<SignedIdentifiers[\s>/]/.test(xml)) throw new Error('not a container ACL answer');
  return elements(xml, 'SignedIdentifier').map((s) => {
    const policy = elements(s, 'AccessPolicy')[0] ?? '';
    return {
      id: textOf(s, 'Id') ?? '',
      start: textOf(policy, 'Start') || null,
      expiry: textOf(policy, 'Expiry') || null,
      permission: textOf(policy, 'Permission') || null,
    };
  });
}

export function containerAclXml(policies: readonly AccessPolicy[]): string {
  const opt = (tag: string, v: string | null) => (v ? `<${tag}>${escapeXml(v)}</${tag}>` : '');
  const one = (p: AccessPolicy) =>
    `<SignedIdentifier><Id>${escapeXml(p.id)}</Id><AccessPolicy>${opt('Start', p.start)}${opt('Expiry', p.expiry)}${opt('Permission', p.permission)}</AccessPolicy></SignedIdentifier>`;
  return `<?xml version="1.0" encoding="utf-8"?><SignedIdentifiers>${policies.map(one).join('')}</SignedIdentifiers>`;
}

const expiryMs = (p: AccessPolicy) => (p.expiry ? Date.parse(p.expiry) : Number.POSITIVE_INFINITY);

export type PolicyPlan =
  /** The share's policy already reads blobs until `expiresAt`: nothing to write. */
  | { kind: 'ready'; id: string; expiresAt: number }
  /** Write `policies` (Set Container ACL), then links may name `id`. */
  | { kind: 'write'; id: string; expiresAt: number; policies: AccessPolicy[] }
  /** Five policies are taken by live shares or by the owner: links cannot be revoked through a policy. */
  | { kind: 'full'; taken: string[] };

/**
 * The share's read policy, valid until `expiresAt`. An existing one is kept while it lasts until `renewBefore`
 * (a share without an end date gets a rolling expiry, renewed at half-life rather than at every link); Hypomos's
 * expired policies are dropped first, since they no longer let anything through and each takes one of five slots.
 */
export function planPolicy(i: {
  policies: readonly AccessPolicy[];
  scope: string;
  expiresAt: number;
  renewBefore: number;
  now: number;
}): PolicyPlan {
  const live = i.policies.filter((p) => !(p.id.startsWith(PREFIX) && expiryMs(p) <= i.now));
  const current = ofScope(live, i.scope).at(-1);
  const id = current?.id ?? policyIdFor(i.scope);
  if (current?.permission === 'r' && expiryMs(current) >= i.renewBefore && expiryMs(current) !== Infinity)
    return { kind: 'ready', id, expiresAt: expiryMs(current) };
  const others = live.filter((p) => p.id !== id);
  if (others.length >= MAX_ACCESS_POLICIES) return { kind: 'full', taken: others.map((p) => p.id) };
  const policy: AccessPolicy = { id, start: null, expiry: policyTime(i.expiresAt), permission: 'r' };
  return { kind: 'write', id, expiresAt: Date.parse(policy.expiry as string), policies: [...others, policy] };
}

/** The policies without the share's (every generation), or null when it has none (nothing to write). */
export function withoutPolicy(policies: readonly AccessPolicy[], scope: string): AccessPolicy[] | null {
  const mine = new Set(ofScope(policies, scope));
  return mine.size > 0 ? policies.filter((p) => !mine.has(p)) : null;
}

export type RotationPlan =
  | { kind: 'none' }
  /** Write `policies`: they hold the new generation `id` (same expiry); `retired` are already gone when no slot was free. */
  | { kind: 'write'; id: string; expiresAt: number | null; policies: AccessPolicy[]; retired: string[] };

/**
 * One SAS cannot be revoked, and a container holds at most five policies, so a share cannot have a policy per item.
 * To end one item's link, the share's links move to a new policy generation: its other items get new links, then
 * the old generation is deleted (withoutStaleGenerations). Without a free slot the old generation goes in the same
 * write, and the other items' links fail until they are re-signed moments later.
 */
export function planRotation(policies: readonly AccessPolicy[], scope: string): RotationPlan {
  const mine = ofScope(policies, scope);
  const current = mine.at(-1);
  if (!current) return { kind: 'none' };
  const next: AccessPolicy = { ...current, id: policyIdFor(scope, (generationOf(current.id, scope) as number) + 1) };
  const full = policies.length + 1 > MAX_ACCESS_POLICIES;
  const retired = full ? mine.map((p) => p.id) : [];
  return {
    kind: 'write',
    id: next.id,
    expiresAt: current.expiry ? Date.parse(current.expiry) : null,
    policies: [...policies.filter((p) => !retired.includes(p.id)), next],
    retired,
  };
}

/** The policies without the scope's older generations, or null when there are none (nothing to write). */
export function withoutStaleGenerations(policies: readonly AccessPolicy[], scope: string): AccessPolicy[] | null {
  const stale = new Set(ofScope(policies, scope).slice(0, -1));
  return stale.size > 0 ? policies.filter((p) => !stale.has(p)) : null;
}
