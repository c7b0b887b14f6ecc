import { describe, expect, it } from 'vitest';
import {
  type AccessPolicy,
  containerAclXml,
  parseContainerAcl,
  generationOf,
  planPolicy,
  planRotation,
  policyIdFor,
  policyTime,
  withoutPolicy,
  withoutStaleGenerations,
} from './azure-access-policy';

const now = Date.parse('2026-12-03T08:00:00Z');
const day = 24 * 3600_000;
const policy = (id: string, expiry: number | null, permission = 'r'): AccessPolicy => ({
  id,
  start: null,
  expiry: expiry === null ? null : policyTime(expiry),
  permission,
});
const plan = (policies: AccessPolicy[], scope = 'share-1', expiresAt = now + 30 * day, renewBefore = expiresAt) =>
  planPolicy({ policies, scope, expiresAt, renewBefore, now });

describe('stored access policies per share', () => {
  it('round-trips the container ACL XML with the documented time format', () => {
    const policies = [
      policy('hypomos-a', now + day),
      { id: 'owner&co', start: policyTime(now), expiry: null, permission: 'rl' },
    ];
    const xml = containerAclXml(policies);
    expect(xml).toContain('<Expiry>2026-12-04T08:00:00.0000000Z</Expiry>');
    expect(parseContainerAcl(xml)).toEqual(policies);
    expect(parseContainerAcl('<?xml version="1.0"?><SignedIdentifiers />')).toEqual([]);
  });

  it('names a share policy within the 64-character limit', () => {
    expect(policyIdFor('9b2f6c1e-3d4a-4f5e-8a7b-1c2d3e4f5a6b')).toBe('hypomos-9b2f6c1e-3d4a-4f5e-8a7b-1c2d3e4f5a6b');
    expect(policyIdFor('x'.repeat(100), 99_999)).toHaveLength(64);
    expect(generationOf(policyIdFor('x'.repeat(100), 99_999), 'x'.repeat(100))).toBe(99_999);
    expect(generationOf('hypomos-share-1-v2', 'share-1')).toBe(2);
    expect(generationOf('hypomos-share-1', 'share-1')).toBe(0);
    expect(generationOf('hypomos-share-10', 'share-1')).toBeNull();
    expect(generationOf('hypomos-share-1-vx', 'share-1')).toBeNull();
  });

  it("adds the share's read policy beside the owner's own policies", () => {
    const owner = policy('backup-job', null, 'rl');
    expect(plan([owner])).toEqual({
      kind: 'write',
      id: 'hypomos-share-1',
      expiresAt: now + 30 * day,
      policies: [owner, policy('hypomos-share-1', now + 30 * day)],
    });
  });

  it('keeps a policy that lasts long enough, and renews a rolling one at half-life or when the end date moves', () => {
    const current = policy('hypomos-share-1', now + 20 * day);
    expect(plan([current], 'share-1', now + 30 * day, now + 15 * day)).toEqual({
      kind: 'ready',
      id: 'hypomos-share-1',
      expiresAt: now + 20 * day,
    });
    expect(plan([current], 'share-1', now + 30 * day, now + 25 * day)).toMatchObject({
      kind: 'write',
      policies: [policy('hypomos-share-1', now + 30 * day)],
    });
    // A policy that was widened by hand (not read-only) is written back to read-only.
    expect(plan([policy('hypomos-share-1', now + 40 * day, 'rl')])).toMatchObject({ kind: 'write' });
  });

  it('reuses slots of its own expired policies, never the owner’s, and reports a full container honestly', () => {
    const expired = [1, 2].map((n) => policy(`hypomos-old${n}`, now - day));
    const live = [1, 2, 3].map((n) => policy(`hypomos-live${n}`, now + day));
    const owners = [1, 2].map((n) => policy(`owner${n}`, now - day));
    const p = plan([...expired, ...live, ...owners.slice(0, 1)]);
    expect(p).toMatchObject({ kind: 'write' });
    expect(p.kind === 'write' && p.policies.map((x) => x.id)).toEqual([
      'hypomos-live1',
      'hypomos-live2',
      'hypomos-live3',
      'owner1',
      'hypomos-share-1',
    ]);
    expect(plan([...live, ...owners])).toEqual({
      kind: 'full',
      taken: ['hypomos-live1', 'hypomos-live2', 'hypomos-live3', 'owner1', 'owner2'],
    });
    // The share's own policy never counts against it.
    expect(plan([...live, owners[0]!, policy('hypomos-share-1', now + 1000)])).toMatchObject({ kind: 'write' });
  });

  it('revokes by dropping only the share’s policy', () => {
    const others = [policy('owner1', null), policy('hypomos-share-2', now + day)];
    expect(withoutPolicy([...others, policy('hypomos-share-1', now + day)], 'share-1')).toEqual(others);
    expect(withoutPolicy(others, 'share-1')).toBeNull();
  });

  it('revokes every generation of the share, and only its own', () => {
    const others = [policy('owner1', null), policy('hypomos-share-2', now + day)];
    const mine = [policy('hypomos-share-1', now + day), policy('hypomos-share-1-v3', now + day)];
    expect(withoutPolicy([...others, ...mine], 'share-1')).toEqual(others);
  });
});

describe('withdrawing one item: the share moves to a new policy generation', () => {
  const others = [policy('owner1', null), policy('hypomos-share-2', now + day)];

  it('adds the next generation with the same expiry beside the current one, which goes once links are re-signed', () => {
    const current = policy('hypomos-share-1', now + 9 * day);
    const rotation = planRotation([...others, current], 'share-1');
    expect(rotation).toEqual({
      kind: 'write',
      id: 'hypomos-share-1-v1',
      expiresAt: now + 9 * day,
      policies: [...others, current, policy('hypomos-share-1-v1', now + 9 * day)],
      retired: [],
    });
    const after = rotation.kind === 'write' ? rotation.policies : [];
    expect(withoutStaleGenerations(after, 'share-1')).toEqual([...others, policy('hypomos-share-1-v1', now + 9 * day)]);
    expect(withoutStaleGenerations([...others, current], 'share-1')).toBeNull();
    // New links name the newest generation.
    expect(plan(after, 'share-1', now + 9 * day)).toEqual({
      kind: 'ready',
      id: 'hypomos-share-1-v1',
      expiresAt: now + 9 * day,
    });
    expect(planRotation(after, 'share-1')).toMatchObject({ id: 'hypomos-share-1-v2' });
  });

  it('without a free slot, replaces the current generation in the same write', () => {
    const full = [...others, policy('owner2', null), policy('owner3', null), policy('hypomos-share-1-v4', now + day)];
    expect(planRotation(full, 'share-1')).toEqual({
      kind: 'write',
      id: 'hypomos-share-1-v5',
      expiresAt: now + day,
      policies: [...full.slice(0, 4), policy('hypomos-share-1-v5', now + day)],
      retired: ['hypomos-share-1-v4'],
    });
  });

  it('has nothing to rotate for a share whose links name no policy', () => {
    expect(planRotation(others, 'share-1')).toEqual({ kind: 'none' });
  });
});
