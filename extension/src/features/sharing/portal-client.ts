import { TokenIssued } from '@hypomos/shared/api/account';
import {
  BulkItemsResponse,
  Collection,
  type ItemRef,
  OwnerItemPage,
  type PublishItemInput,
  type SourceBody,
} from '@hypomos/shared/api/collections';
import { ErrorBody } from '@hypomos/shared/api/common';
import {
  Activity,
  ApprovalResults,
  Contribution,
  ContributionItems,
  EventInfo,
  QueueEntry,
} from '@hypomos/shared/api/events';
import { PublicItemPage } from '@hypomos/shared/api/public';
import {
  type CreateShareBody,
  InboxEntry,
  Recipient,
  Share,
  ShareCreated,
  StatsResponse,
} from '@hypomos/shared/api/shares';
import { z } from 'zod';

/** A refusal from the portal, in its one error shape; `status` 0 means the portal could not be reached. */
export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PortalError';
  }
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * The portal API as the extension uses it: Bearer API token from pairing, zod on every answer. Plain fetch
 * rather than `hc<AppType>` keeps the worker's types out of the browser build; the schemas are the contract.
 */
export class PortalClient {
  constructor(
    readonly origin: string,
    private readonly token: string,
    private readonly fetch: Fetch,
  ) {}

  private async call<S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<z.infer<S>> {
    let res: Response;
    try {
      res = await this.fetch(`${this.origin}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new PortalError(
        0,
        'unreachable',
        `The portal ${this.origin} cannot be reached: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const text = await res.text();
    const json: unknown = text ? safeJson(text) : null;
    if (!res.ok) {
      const err = ErrorBody.safeParse(json);
      throw new PortalError(
        res.status,
        err.success ? err.data.error.code : 'http_error',
        err.success ? err.data.error.message : `${method} ${path} answered ${res.status}`,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new PortalError(
        res.status,
        'bad_response',
        `${method} ${path}: unexpected answer (${parsed.error.issues[0]?.message})`,
      );
    return parsed.data;
  }

  putSource(id: string, body: SourceBody) {
    return this.call(z.unknown(), 'PUT', `/api/sources/${encodeURIComponent(id)}`, body);
  }
  createCollection(title: string, kind: 'static' | 'dynamic', filterSummary: string | null) {
    return this.call(Collection, 'POST', '/api/collections', {
      title: title.slice(0, 200),
      kind,
      filterSummary: filterSummary?.slice(0, 500) ?? null,
    });
  }
  deleteCollection(id: string) {
    return this.call(z.unknown(), 'DELETE', `/api/collections/${id}`);
  }
  publish(collectionId: string, items: PublishItemInput[]) {
    return this.call(BulkItemsResponse, 'POST', `/api/collections/${collectionId}/items`, { items });
  }
  remove(collectionId: string, items: ItemRef[]) {
    return this.call(BulkItemsResponse, 'POST', `/api/collections/${collectionId}/items/remove`, { items });
  }
  items(collectionId: string, cursor: string | null) {
    return this.call(
      OwnerItemPage,
      'GET',
      `/api/collections/${collectionId}/items?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
  }
  createShare(collectionId: string, body: CreateShareBody) {
    return this.call(ShareCreated, 'POST', `/api/collections/${collectionId}/shares`, body);
  }
  /** The owner's share links with their status (revoked or expired ones included). */
  listShares() {
    return this.call(z.object({ shares: z.array(Share) }), 'GET', '/api/shares');
  }

  /** Per item of a share: how many viewers opened it (counted once per network address), liked, skipped it. */
  shareStats(shareId: string) {
    return this.call(StatsResponse, 'GET', `/api/shares/${encodeURIComponent(shareId)}/stats`);
  }
  revokeShare(shareId: string) {
    return this.call(z.unknown(), 'DELETE', `/api/shares/${shareId}`);
  }
  addRecipient(collectionId: string, email: string) {
    return this.call(Recipient, 'POST', `/api/collections/${collectionId}/recipients`, { email });
  }
  contribute(eventToken: string, collectionId: string) {
    return this.call(Contribution, 'POST', '/api/contributions', { eventToken, collectionId });
  }
  contributionItems(contributionId: string) {
    return this.call(ContributionItems, 'GET', `/api/contributions/${contributionId}/items`);
  }
  inbox() {
    return this.call(z.object({ entries: z.array(InboxEntry) }), 'GET', '/api/inbox');
  }
  acceptInbox(id: string) {
    return this.call(z.unknown(), 'POST', `/api/inbox/${id}/accept`, {});
  }
  inboxItems(id: string, cursor: string | null) {
    return this.call(
      PublicItemPage,
      'GET',
      `/api/inbox/${id}/items${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
  }
  events() {
    return this.call(z.object({ events: z.array(EventInfo) }), 'GET', '/api/events');
  }
  /** Guests' items waiting for this organizer's decision, per open event (issue 23). */
  activity() {
    return this.call(Activity, 'GET', '/api/activity');
  }
  eventQueue(eventId: string, state: 'pending', cursor: string | null = null) {
    return this.call(
      z.object({ entries: z.array(QueueEntry), nextCursor: z.string().nullable() }),
      'GET',
      `/api/events/${eventId}/queue?state=${state}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
  }
  decide(eventId: string, decisions: { itemId: string; decision: 'approve' | 'reject' }[]) {
    return this.call(ApprovalResults, 'POST', `/api/events/${eventId}/decisions`, { decisions });
  }
  exchange(code: string, name: string) {
    return this.call(TokenIssued, 'POST', '/api/tokens/exchange', { code, name });
  }
  revokeToken(id: string) {
    return this.call(z.unknown(), 'DELETE', `/api/tokens/${id}`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
