import { isWellFormedToken } from '@hypomos/shared/sharing/tokens';
import { type Expirable, type LinkStatus, linkStatus } from '@hypomos/shared/sharing/visibility';
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import type { CollectionRow } from '../repositories/collections';
import type { ContributionRow, EventRow } from '../repositories/events';
import type { ShareState } from '../repositories/public-reads';
import type { RecipientRow, ShareRow } from '../repositories/shares';

/**
 * The one place that decides who may touch what. Every route asks here before it reads or writes.
 * Resources that exist but belong to someone else answer 404 like missing ones, so ids leak nothing.
 */
export interface Actor {
  userId: string;
  displayName: string;
  email: string | null;
  via: 'session' | 'token';
  csrfToken: string | null;
}

type C = Context<AppEnv>;

const notFound = (what: string) => new ApiError(404, 'not_found', `No such ${what}.`);

export function requireActor(c: C): Actor {
  const actor = c.get('actor');
  if (!actor) throw new ApiError(401, 'unauthenticated', 'Sign in first.');
  return actor;
}

export async function ownCollection(c: C, id: string): Promise<{ actor: Actor; collection: CollectionRow }> {
  const actor = requireActor(c);
  const collection = await c.get('repos').collections.get(id);
  if (!collection || collection.ownerId !== actor.userId) throw notFound('collection');
  return { actor, collection };
}

export async function ownShare(c: C, id: string): Promise<{ actor: Actor; share: ShareRow }> {
  const actor = requireActor(c);
  const share = await c.get('repos').shares.get(id);
  if (!share || share.ownerId !== actor.userId) throw notFound('share');
  return { actor, share };
}

export async function organizedEvent(c: C, id: string): Promise<{ actor: Actor; event: EventRow }> {
  const actor = requireActor(c);
  const event = await c.get('repos').events.get(id);
  if (!event || event.organizerId !== actor.userId) throw notFound('event');
  return { actor, event };
}

export async function ownContribution(c: C, id: string): Promise<{ actor: Actor; contribution: ContributionRow }> {
  const actor = requireActor(c);
  const contribution = await c.get('repos').events.contribution(id);
  if (!contribution || contribution.contributorId !== actor.userId) throw notFound('contribution');
  return { actor, contribution };
}

export async function inboxEntry(c: C, id: string): Promise<{ actor: Actor; recipient: RecipientRow }> {
  const actor = requireActor(c);
  await c.get('repos').shares.bindInvitations(actor.userId, actor.email);
  const recipient = await c.get('repos').shares.recipient(id);
  if (!recipient || recipient.userId !== actor.userId) throw notFound('share');
  return { actor, recipient };
}

/** A recipient reads a direct share only after accepting it. */
export async function acceptedInboxEntry(c: C, id: string) {
  const found = await inboxEntry(c, id);
  if (found.recipient.status !== 'accepted') throw new ApiError(403, 'not_accepted', 'Accept the share first.');
  return found;
}

function gone(status: Exclude<LinkStatus, 'active'>) {
  return status === 'revoked'
    ? new ApiError(410, 'revoked', 'This link was revoked by its owner.')
    : new ApiError(410, 'expired', 'This link has expired.');
}

/** Resolves a share token: malformed or unknown → 404, revoked or expired → 410. */
export async function shareByToken(c: C, token: string): Promise<ShareRow> {
  const share = isWellFormedToken(token) ? await c.get('repos').shares.byToken(token) : undefined;
  if (!share) throw notFound('share');
  const status = linkStatus(share, c.get('deps').now());
  if (status !== 'active') throw gone(status);
  return share;
}

export async function eventByToken(c: C, token: string): Promise<EventRow> {
  const event = isWellFormedToken(token) ? await c.get('repos').events.byToken(token) : undefined;
  if (!event) throw notFound('event');
  const status = linkStatus(event, c.get('deps').now());
  if (status !== 'active') throw gone(status);
  return event;
}

/** A share or event as the viewer's one-batch read found it: unknown → 404, revoked or expired → 410. */
export function activeLink<T extends Expirable>(c: C, link: T | undefined, what: 'share' | 'event'): T {
  if (!link) throw notFound(what);
  const status = linkStatus(link, c.get('deps').now());
  if (status !== 'active') throw gone(status);
  return link;
}

/** The passcode grant, as the same read found it. */
export function requireUnlockedState(share: ShareState): ShareState {
  if (share.passcodeHash && !share.unlocked)
    throw new ApiError(401, 'passcode_required', 'This share needs its passcode.');
  return share;
}
