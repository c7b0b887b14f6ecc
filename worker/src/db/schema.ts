import { index, integer, primaryKey, real, sqliteTable, text, unique, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Mirrors worker/migrations/*.sql; the SQL files are the source of truth for the database.
// Times are epoch milliseconds; every secret column holds a SHA-256 hex hash, never the secret.

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    displayName: text('display_name').notNull(),
    /** A verified email, held by one account at most (migration 0010). */
    email: text('email'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email)],
);

export const identities = sqliteTable(
  'identities',
  {
    provider: text('provider').notNull(),
    subject: text('subject').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    email: text('email'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.subject] }), index('identities_user').on(t.userId)],
);

export const sessions = sqliteTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull(),
  csrfToken: text('csrf_token').notNull(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

export const apiTokens = sqliteTable('api_tokens', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: integer('created_at').notNull(),
  lastUsedAt: integer('last_used_at'),
  revokedAt: integer('revoked_at'),
  /** 90 days after the last use (migration 0011). */
  expiresAt: integer('expires_at').notNull().default(0),
});

export const pairingCodes = sqliteTable(
  'pairing_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    userId: text('user_id').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('pairing_codes_expires').on(t.expiresAt)],
);

export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    stateHash: text('state_hash').primaryKey(),
    provider: text('provider').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    nonce: text('nonce').notNull(),
    returnTo: text('return_to').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('login_attempts_expires').on(t.expiresAt)],
);

export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowEnd: integer('window_end').notNull(),
});

export const sources = sqliteTable(
  'sources',
  {
    ownerId: text('owner_id').notNull(),
    id: text('id').notNull(),
    kind: text('kind', { enum: ['onedrive', 'gdrive', 'azblob', 'local'] }).notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.id] })],
);

export const collections = sqliteTable('collections', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').notNull(),
  title: text('title').notNull(),
  kind: text('kind', { enum: ['static', 'dynamic'] }).notNull(),
  filterSummary: text('filter_summary'),
  itemCount: integer('item_count').notNull().default(0),
  generation: integer('generation').notNull().default(1),
  /** Bumped by every change a viewer could see; keys the edge cache (migration 0006). */
  version: integer('version').notNull().default(0),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const items = sqliteTable(
  'items',
  {
    id: text('id').primaryKey(),
    collectionId: text('collection_id').notNull(),
    ownerId: text('owner_id').notNull(),
    sourceId: text('source_id').notNull(),
    sourceItemId: text('source_item_id').notNull(),
    mediaType: text('media_type', { enum: ['image', 'video'] }).notNull(),
    mimeType: text('mime_type'),
    capturedAt: integer('captured_at'),
    sortKey: integer('sort_key').notNull(),
    width: integer('width'),
    height: integer('height'),
    durationSec: real('duration_sec'),
    blurhash: text('blurhash'),
    placeLabel: text('place_label'),
    originalUrl: text('original_url').notNull(),
    thumbnailUrl: text('thumbnail_url'),
    linkExpiresAt: integer('link_expires_at'),
    contentHash: text('content_hash'),
    /** JSON DeliveryDescriptor (shared/src/sharing/delivery.ts); null for items published before it. */
    delivery: text('delivery'),
    /** Galleries only, for the photographer's proofing export; never shown to a viewer (migration 0017). */
    fileName: text('file_name'),
    generation: integer('generation').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    unique().on(t.collectionId, t.sourceId, t.sourceItemId),
    index('items_collection_page').on(t.collectionId, t.sortKey, t.id),
    index('items_collection_generation').on(t.collectionId, t.generation),
  ],
);

export const shares = sqliteTable('shares', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').notNull(),
  collectionId: text('collection_id').notNull(),
  kind: text('kind', { enum: ['link', 'gallery'] }).notNull(),
  title: text('title'),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: integer('expires_at'),
  passcodeHash: text('passcode_hash'),
  allowDownload: integer('allow_download', { mode: 'boolean' }).notNull().default(false),
  /** What guests may download: none, the web-size rendition, or it and the original (migration 0020). */
  downloads: text('downloads', { enum: ['none', 'web', 'original'] })
    .notNull()
    .default('none'),
  relayEnabled: integer('relay_enabled', { mode: 'boolean' }).notNull().default(true),
  revokedAt: integer('revoked_at'),
  createdAt: integer('created_at').notNull(),
  /** Wrong passcodes in a row, all of them, and until when no passcode is checked (migration 0009). */
  unlockStreak: integer('unlock_streak').notNull().default(0),
  unlockFailures: integer('unlock_failures').notNull().default(0),
  lastUnlockFailureAt: integer('last_unlock_failure_at'),
  unlockLockedUntil: integer('unlock_locked_until'),
  /** Client proofing on a gallery: favourites on, at most `proofingLimit` per client, locked at the deadline (0017). */
  proofing: integer('proofing', { mode: 'boolean' }).notNull().default(false),
  proofingLimit: integer('proofing_limit'),
  proofingDeadline: integer('proofing_deadline'),
  /** Viewers may comment on items, react to them (migration 0018). */
  commentsEnabled: integer('comments_enabled', { mode: 'boolean' }).notNull().default(false),
  reactionsEnabled: integer('reactions_enabled', { mode: 'boolean' }).notNull().default(false),
});

export const proofingClients = sqliteTable(
  'proofing_clients',
  {
    id: text('id').primaryKey(),
    shareId: text('share_id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('proofing_clients_share').on(t.shareId, t.createdAt)],
);

export const proofingPicks = sqliteTable(
  'proofing_picks',
  {
    clientId: text('client_id').notNull(),
    itemId: text('item_id').notNull(),
    pickedAt: integer('picked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.itemId] }), index('proofing_picks_item').on(t.itemId)],
);

export const shareUnlocks = sqliteTable('share_unlocks', {
  tokenHash: text('token_hash').primaryKey(),
  shareId: text('share_id').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

export const recipients = sqliteTable('recipients', {
  id: text('id').primaryKey(),
  collectionId: text('collection_id').notNull(),
  email: text('email').notNull(),
  // Null until the invited person reads their inbox.
  userId: text('user_id'),
  status: text('status', { enum: ['pending', 'accepted', 'declined'] }).notNull(),
  createdAt: integer('created_at').notNull(),
});

export const events = sqliteTable('events', {
  id: text('id').primaryKey(),
  organizerId: text('organizer_id').notNull(),
  title: text('title').notNull(),
  startsAt: integer('starts_at').notNull(),
  endsAt: integer('ends_at').notNull(),
  contributionsEndAt: integer('contributions_end_at'),
  expiresAt: integer('expires_at').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  revokedAt: integer('revoked_at'),
  createdAt: integer('created_at').notNull(),
  /** Bumped by decisions, contributions, withdrawals and changes to contributed collections (migration 0006). */
  version: integer('version').notNull().default(0),
  /** The organizer's control over the live wall (migration 0016). */
  wallMode: text('wall_mode', { enum: ['live', 'paused', 'hidden'] })
    .notNull()
    .default('live'),
  /** Viewers may comment on items, react to them (migration 0018). */
  commentsEnabled: integer('comments_enabled', { mode: 'boolean' }).notNull().default(false),
  reactionsEnabled: integer('reactions_enabled', { mode: 'boolean' }).notNull().default(false),
});

export const contributions = sqliteTable('contributions', {
  id: text('id').primaryKey(),
  eventId: text('event_id').notNull(),
  contributorId: text('contributor_id').notNull(),
  collectionId: text('collection_id').notNull(),
  withdrawnAt: integer('withdrawn_at'),
  createdAt: integer('created_at').notNull(),
});

export const approvals = sqliteTable(
  'approvals',
  {
    eventId: text('event_id').notNull(),
    itemId: text('item_id').notNull(),
    contributionId: text('contribution_id').notNull(),
    state: text('state', { enum: ['pending', 'approved', 'rejected', 'withdrawn'] }).notNull(),
    sortKey: integer('sort_key').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** The item's viewer-visible fields as the organizer approved them (VISIBLE_SNAPSHOT), null before approval. */
    approvedSnapshot: text('approved_snapshot'),
    /** When an approved item changed and went back to pending; null otherwise. */
    changedAt: integer('changed_at'),
    /** When trust (not the organizer) approved the item, on arrival or after a change (migration 0016). */
    autoApprovedAt: integer('auto_approved_at'),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.itemId] })],
);

/** A guest the organizer trusts or blocks in one event; no row is the default standing (migration 0016). */
export const guestStandings = sqliteTable(
  'guest_standings',
  {
    eventId: text('event_id').notNull(),
    contributorId: text('contributor_id').notNull(),
    standing: text('standing', { enum: ['trusted', 'blocked'] }).notNull(),
    setBy: text('set_by').notNull(),
    setAt: integer('set_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.contributorId] })],
);

/** Every standing change, revocations ('none') included: who and when. */
export const guestStandingLog = sqliteTable('guest_standing_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  eventId: text('event_id').notNull(),
  contributorId: text('contributor_id').notNull(),
  standing: text('standing', { enum: ['trusted', 'blocked', 'none'] }).notNull(),
  setBy: text('set_by').notNull(),
  setAt: integer('set_at').notNull(),
});

export const itemStats = sqliteTable(
  'item_stats',
  {
    scopeId: text('scope_id').notNull(),
    itemId: text('item_id').notNull(),
    viewed: integer('viewed').notNull().default(0),
    liked: integer('liked').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    downloaded: integer('downloaded').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scopeId, t.itemId] })],
);

export const deadLinkReports = sqliteTable('dead_link_reports', {
  id: text('id').primaryKey(),
  itemId: text('item_id').notNull(),
  ownerId: text('owner_id').notNull(),
  reason: text('reason').notNull(),
  reportedAt: integer('reported_at').notNull(),
  /** How many viewers reported the item (migration 0012). */
  viewers: integer('viewers').notNull().default(1),
});

/** One viewer's count of one item and kind in one share or event (migration 0012). */
export const viewerMarks = sqliteTable(
  'viewer_marks',
  {
    scopeId: text('scope_id').notNull(),
    itemId: text('item_id').notNull(),
    kind: text('kind').notNull(),
    viewer: text('viewer').notNull(),
    batch: text('batch').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scopeId, t.itemId, t.kind, t.viewer] }),
    index('viewer_marks_batch').on(t.batch),
    index('viewer_marks_item').on(t.itemId),
  ],
);

export const deadLinkReporters = sqliteTable(
  'dead_link_reporters',
  { itemId: text('item_id').notNull(), viewer: text('viewer').notNull() },
  (t) => [primaryKey({ columns: [t.itemId, t.viewer] })],
);

/** A viewer's comment on an item of a share or event (migration 0018); scopeId is the share's or event's id. */
export const comments = sqliteTable(
  'comments',
  {
    id: text('id').primaryKey(),
    scopeId: text('scope_id').notNull(),
    itemId: text('item_id').notNull(),
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    authorHash: text('author_hash').notNull(),
    addressHash: text('address_hash').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('comments_scope_item').on(t.scopeId, t.itemId, t.createdAt),
    index('comments_scope_address').on(t.scopeId, t.addressHash),
    index('comments_item').on(t.itemId),
  ],
);

/** One viewer's reaction to an item of a share or event (migration 0018). */
export const reactions = sqliteTable(
  'reactions',
  {
    scopeId: text('scope_id').notNull(),
    itemId: text('item_id').notNull(),
    viewerHash: text('viewer_hash').notNull(),
    addressHash: text('address_hash').notNull(),
    kind: text('kind').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scopeId, t.itemId, t.viewerHash] }),
    index('reactions_scope_address').on(t.scopeId, t.addressHash),
    index('reactions_item').on(t.itemId),
  ],
);
