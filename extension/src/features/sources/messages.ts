import { SourceKind } from '@hypomos/shared/index/item';
import { StorageQuota } from '@hypomos/shared/providers/provider';
import { z } from 'zod';
import { defineProtocol, fromExtensionPage } from '../messages';

/** Messages of the sources feature between the extension's pages (dashboard, popup) and the background. */
const SourceId = z.string().regex(/^[\w-]{1,64}$/, 'not a source id');
const HttpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

/** Non-secret per-source settings: base URLs and the Blob container's address (never a SAS token). */
export const SourceConfig = z.record(z.string().regex(/^\w{1,40}$/), z.string().max(2048));

export const SyncSources = z.object({ type: z.literal('sources.sync'), sourceId: SourceId.optional() });
export const AddSource = z.object({
  type: z.literal('sources.add'),
  kind: SourceKind,
  name: z.string().trim().min(1).max(120),
  config: SourceConfig,
  /** Start a full scan right away. */
  sync: z.boolean().default(true),
  /** Azure Blob only: the container SAS (query string) and/or account key, kept in extension storage. */
  secrets: z.object({ sas: z.string().max(4096).optional(), accountKey: z.string().max(200).optional() }).optional(),
});
/** OneDrive / Google Drive: add the source, sign in through the browser, then scan. */
export const ConnectSource = z.object({
  type: z.literal('sources.connect'),
  kind: z.enum(['onedrive', 'gdrive']),
  name: z.string().trim().min(1).max(120),
  config: SourceConfig.default({}),
});
export const RemoveSource = z.object({ type: z.literal('sources.remove'), sourceId: SourceId });
export const SourcesStatus = z.object({ type: z.literal('sources.status') });
export const ConnectDemo = z.object({
  type: z.literal('sources.connectDemo'),
  /** Base URLs of the local contract servers; omitted → the ones in demo-config.json. */
  graphUrl: HttpUrl.optional(),
  graphBusinessUrl: HttpUrl.optional(),
  driveUrl: HttpUrl.optional(),
  blobSasUrl: HttpUrl.optional(),
  blobAccountKey: z.string().min(1).max(200).optional(),
});

/** Pages ask the background to put an item's large provider thumbnail into the shared thumbnail cache. */
export const CacheThumbnail = z.object({ type: z.literal('sources.cacheThumbnail'), key: z.string().min(3).max(600) });

/** A Blob source's CORS rule for the paired portal: checked (and set, with the account key); `refresh` asks again. */
export const BlobCors = z.object({
  type: z.literal('sources.blobCors'),
  sourceId: SourceId,
  refresh: z.boolean().default(false),
});

/** The page's CORS Test result (it runs in the page: only a page can frame the portal), kept for link making. */
export const BlobCorsTested = z.object({
  type: z.literal('sources.blobCorsTested'),
  sourceId: SourceId,
  origin: z.url({ protocol: /^https?$/ }),
  ok: z.boolean(),
});
/** Each source's storage quota as its provider reports it (Insights page). */
export const SourcesStorage = z.object({ type: z.literal('sources.storage') });

export const SourceStatus = z.object({
  id: z.string(),
  kind: SourceKind,
  name: z.string(),
  phase: z.enum(['idle', 'full', 'delta']),
  running: z.boolean(),
  items: z.number(),
  pending: z.number(),
  failed: z.number(),
  seen: z.number(),
  indexed: z.number(),
  bytesRead: z.number(),
  etaMs: z.number().nullable(),
  lastError: z.string().nullable(),
  finishedAt: z.number().nullable(),
});
export type SourceStatus = z.infer<typeof SourceStatus>;

export const BlobCorsReply = z.object({
  portalOrigin: z.string().nullable(),
  /** `no-portal`: no portal address yet, so there is no origin to allow. Else as BlobCorsStatus (azblob-owner.ts). */
  state: z.enum(['set', 'present', 'missing', 'full', 'unknown', 'tested', 'no-portal']),
  allows: z.boolean(),
  why: z.string().nullable(),
  /** The rule to add, field by field as the Azure portal's CORS blade names them, and as one CLI command. */
  rule: z.array(z.object({ field: z.string(), value: z.string() })),
  cli: z.string().nullable(),
  /** A read URL of one of the container's blobs (minutes long with the key), for "Test"; null when none is indexed. */
  testUrl: z.string().nullable(),
  testBlob: z.string().nullable(),
});
export type BlobCorsReply = z.infer<typeof BlobCorsReply>;

export const SourceStorageReply = z.object({
  sourceId: z.string(),
  /** null: the provider has no quota API (Blob, local folders), or the call failed (`error` says why). */
  quota: StorageQuota.nullable(),
  error: z.string().nullable(),
});
export type SourceStorageReply = z.infer<typeof SourceStorageReply>;

/** Only the extension's own pages may drive sources. */
const page = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, reply: Res) => ({
  request,
  reply,
  allow: fromExtensionPage,
});

export const sourcesProtocol = defineProtocol({
  'sources.storage': page(SourcesStorage, z.object({ sources: z.array(SourceStorageReply) })),
  'sources.blobCors': page(BlobCors, BlobCorsReply),
  'sources.blobCorsTested': page(BlobCorsTested, z.object({ kept: z.boolean() })),
  'sources.sync': page(SyncSources, z.object({ started: z.array(z.string()) })),
  'sources.add': page(AddSource, z.object({ id: z.string() })),
  'sources.connect': page(ConnectSource, z.object({ id: z.string() })),
  'sources.remove': page(RemoveSource, z.object({ removed: z.number() })),
  'sources.status': page(SourcesStatus, z.object({ sources: z.array(SourceStatus) })),
  'sources.connectDemo': page(ConnectDemo, z.object({ ids: z.array(z.string()) })),
  'sources.cacheThumbnail': page(CacheThumbnail, z.object({ cached: z.boolean() })),
});
