import { z } from 'zod';
import { defineProtocol, fromExtensionPage, type SenderPolicy } from '../messages';
import { fromOwnContentScript } from './background/senders';
import { HostKind, HostLocation } from './location';

/**
 * Messages of the in-Drive/OneDrive feature. Content scripts and the popup send `HostRequest`s to the
 * background (validated there, and accepted only from our own content scripts on the host pages or
 * our own extension pages); the background sends `TabRequest`s to a tab's content script.
 */

/** A provider item id as the host page shows it (Drive file id, Graph item id). */
export const ProviderItemId = z.string().regex(/^[\w!.-]{3,256}$/, 'not a provider item id');
export const ItemIds = z.array(ProviderItemId).min(1).max(1000);

export const FolderRef = z
  .object({ id: z.string().min(1).max(512).nullable(), path: z.string().max(2048).nullable() })
  .refine((f) => f.id !== null || f.path !== null, 'a folder needs an id or a path');
export type FolderRef = z.infer<typeof FolderRef>;

export const CollectionTarget = z.union([
  z.object({ collectionId: z.string().min(1).max(128) }),
  z.object({ newTitle: z.string().trim().min(1).max(200) }),
]);
export type CollectionTarget = z.infer<typeof CollectionTarget>;

/** A row's badge: indexed; shared by link; an event contribution pending, approved, rejected or withdrawn. */
export const RowStatus = z.enum(['indexed', 'shared', 'pending', 'approved', 'rejected', 'withdrawn']).nullable();
export type RowStatus = z.infer<typeof RowStatus>;

export const IndexSelection = z.object({ type: z.literal('hosts.indexSelection'), host: HostKind, itemIds: ItemIds });
export const IndexFolder = z.object({ type: z.literal('hosts.indexFolder'), host: HostKind, folder: FolderRef });
export const ListCollections = z.object({ type: z.literal('hosts.listCollections') });
export const AddToCollection = z.object({
  type: z.literal('hosts.addToCollection'),
  host: HostKind,
  itemIds: ItemIds,
  target: CollectionTarget,
});
export const ShareToEvent = z.object({
  type: z.literal('hosts.shareToEvent'),
  host: HostKind,
  itemIds: ItemIds,
  token: z.string().min(1).max(2048),
});
export const RowStatusRequest = z.object({
  type: z.literal('hosts.rowStatus'),
  host: HostKind,
  itemIds: z.array(ProviderItemId).max(5000),
});
export const PopupStatus = z.object({ type: z.literal('popup.status') });

/** One answer per item, with a reason when it failed (bulk calls answer per item). */
export const ItemOutcome = z.object({
  id: z.string(),
  ok: z.boolean(),
  reason: z.string().nullable(),
});
export type ItemOutcome = z.infer<typeof ItemOutcome>;

export const IndexReply = z.object({ sourceId: z.string(), outcomes: z.array(ItemOutcome) });
export const FolderReply = z.object({ sourceId: z.string(), queued: z.number().int().nonnegative() });
export const CollectionsReply = z.object({
  collections: z.array(z.object({ id: z.string(), title: z.string(), size: z.number() })),
});
export const AddToCollectionReply = z.object({
  collectionId: z.string(),
  title: z.string(),
  added: z.number(),
  outcomes: z.array(ItemOutcome),
});
export const ShareToEventReply = z.object({
  shareId: z.string(),
  collectionId: z.string(),
  pending: z.number(),
  outcomes: z.array(ItemOutcome),
});
export const RowStatusReply = z.object({ statuses: z.record(z.string(), RowStatus) });
export const PopupStatusReply = z.object({
  sources: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      name: z.string(),
      phase: z.string(),
      items: z.number(),
      indexed: z.number(),
      failed: z.number(),
      lastError: z.string().nullable(),
    }),
  ),
  items: z.number(),
  collections: z.number(),
});

const fromPageOrHost: SenderPolicy = (sender, own) =>
  fromExtensionPage(sender, own) || fromOwnContentScript(sender, own);

export const hostsProtocol = defineProtocol({
  'hosts.indexSelection': { request: IndexSelection, reply: IndexReply, allow: fromPageOrHost },
  'hosts.indexFolder': { request: IndexFolder, reply: FolderReply, allow: fromPageOrHost },
  'hosts.listCollections': { request: ListCollections, reply: CollectionsReply, allow: fromPageOrHost },
  'hosts.addToCollection': { request: AddToCollection, reply: AddToCollectionReply, allow: fromPageOrHost },
  'hosts.shareToEvent': { request: ShareToEvent, reply: ShareToEventReply, allow: fromPageOrHost },
  /** Row badges are the content script's alone. */
  'hosts.rowStatus': { request: RowStatusRequest, reply: RowStatusReply, allow: fromOwnContentScript },
  'popup.status': { request: PopupStatus, reply: PopupStatusReply, allow: fromExtensionPage },
});
export type HostReply<T extends keyof typeof hostsProtocol> = z.infer<(typeof hostsProtocol)[T]['reply']>;

/** Background → content script of one tab. */
export const PageAction = z.enum(['indexSelection', 'indexFolder', 'addToCollection', 'shareToEvent']);
export type PageAction = z.infer<typeof PageAction>;

export const PageState = z.object({
  location: HostLocation.nullable(),
  listFound: z.boolean(),
  selectedIds: z.array(z.string()),
  rowCount: z.number(),
});
export type PageState = z.infer<typeof PageState>;

/** The background and our pages (the popup); never a web page or another extension. */
const fromOwnExtension: SenderPolicy = (sender, own) => sender.id === own.id;

/** Background or popup → the content script of one tab (top frame). */
export const tabProtocol = defineProtocol({
  /** What the page shows: the popup asks before acting. */
  'hosts.pageState': {
    request: z.object({ type: z.literal('hosts.pageState') }),
    reply: PageState,
    allow: fromOwnExtension,
  },
  /** A browser context-menu entry was chosen on this page; `taken` is false when the page has nowhere to act. */
  'hosts.contextAction': {
    request: z.object({ type: z.literal('hosts.contextAction'), action: PageAction }),
    reply: z.object({ taken: z.boolean() }),
    allow: fromOwnExtension,
  },
});
