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

/** The policy id of a share (ids are at most 64 characters). */
export const policyIdFor = (scope: string) =>
  `${PREFIX}${scope.replace(/[^A-Za-z0-9-]/g, '').slice(0, 64 - PREFIX.length)}`;

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
  const id = policyIdFor(i.scope);
  const live = i.policies.filter((p) => !(p.id.startsWith(PREFIX) && expiryMs(p) <= i.now));
  const current = live.find((p) => p.id === id);
  if (current?.permission === 'r' && expiryMs(current) >= i.renewBefore && expiryMs(current) !== Infinity)
    return { kind: 'ready', id, expiresAt: expiryMs(current) };
  const others = live.filter((p) => p.id !== id);
  if (others.length >= MAX_ACCESS_POLICIES) return { kind: 'full', taken: others.map((p) => p.id) };
  const policy: AccessPolicy = { id, start: null, expiry: policyTime(i.expiresAt), permission: 'r' };
  return { kind: 'write', id, expiresAt: Date.parse(policy.expiry as string), policies: [...others, policy] };
}

/** The policies without the share's, or null when it has none (nothing to write). */
export function withoutPolicy(policies: readonly AccessPolicy[], scope: string): AccessPolicy[] | null {
  const id = policyIdFor(scope);
  return policies.some((p) => p.id === id) ? policies.filter((p) => p.id !== id) : null;
}
