import { z } from 'zod';

/** Where a capture time came from, strongest first (see metadata/capture-time.ts). */
export const TimeSource = z.enum(['exif', 'xmp', 'quicktime', 'filename', 'provider']);
export type TimeSource = z.infer<typeof TimeSource>;

export const MediaType = z.enum(['image', 'video']);
export type MediaType = z.infer<typeof MediaType>;

export const Place = z.object({
  city: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string().nullable(),
});
export type Place = z.infer<typeof Place>;

/**
 * What the metadata pipeline learns about one media file, from provider facts plus the head of the file.
 * The CLI prints exactly this (NDJSON); the extension stores it inside an IndexItem.
 */
export const MediaMetadata = z.object({
  mediaType: MediaType.nullable(),
  mimeType: z.string().nullable(),
  bytes: z.number().int().nonnegative().nullable(),
  sha256: z.string().nullable(),
  /** ISO 8601 without offset, e.g. 2018-07-25T16:34:23 */
  takenAtLocal: z.string().nullable(),
  /** ISO 8601 in UTC with Z */
  takenAtUtc: z.string().nullable(),
  timeZone: z.string().nullable(),
  timeSource: TimeSource.nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  alt: z.number().nullable(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  lens: z.string().nullable(),
  fNumber: z.number().nullable(),
  exposureTime: z.number().nullable(),
  iso: z.number().nullable(),
  focalLength: z.number().nullable(),
  /** EXIF orientation 1–8 */
  orientation: z.number().int().min(1).max(8).nullable(),
  /** Pixel size as stored, before orientation is applied. */
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  durationSec: z.number().nonnegative().nullable(),
  place: Place.nullable(),
  burstId: z.string().nullable(),
  error: z.string().nullable(),
});
export type MediaMetadata = z.infer<typeof MediaMetadata>;

export const emptyMetadata = (): MediaMetadata => ({
  mediaType: null,
  mimeType: null,
  bytes: null,
  sha256: null,
  takenAtLocal: null,
  takenAtUtc: null,
  timeZone: null,
  timeSource: null,
  lat: null,
  lon: null,
  alt: null,
  make: null,
  model: null,
  lens: null,
  fNumber: null,
  exposureTime: null,
  iso: null,
  focalLength: null,
  orientation: null,
  width: null,
  height: null,
  durationSec: null,
  place: null,
  burstId: null,
  error: null,
});

export const SourceKind = z.enum(['onedrive', 'gdrive', 'azblob', 'local']);
export type SourceKind = z.infer<typeof SourceKind>;

/** Id of an item in the on-device index: `${sourceId}:${providerItemId}`. */
export const ItemKey = z.string().min(3).brand<'ItemKey'>();
export type ItemKey = z.infer<typeof ItemKey>;
export const itemKey = (sourceId: string, providerItemId: string) => `${sourceId}:${providerItemId}` as ItemKey;

/** One media file in the on-device index (Dexie table `items`). */
export const IndexItem = MediaMetadata.extend({
  key: ItemKey,
  sourceId: z.string(),
  sourceKind: SourceKind,
  providerItemId: z.string(),
  name: z.string(),
  /** Folder path inside the source, '/'-separated, no trailing slash; '' for the root. */
  folder: z.string(),
  /** Provider change marker (eTag / version / md5); a change means re-read. */
  etag: z.string().nullable(),
  contentHashes: z.record(z.string(), z.string()),
  /** UTC epoch ms of capture (or provider time when unknown): the timeline's sort key. */
  takenAt: z.number(),
  modifiedAt: z.number(),
  addedAt: z.number(),
  webUrl: z.string().nullable(),
  /** A small preview the provider serves at a stable URL, when it has one (the dashboard's default thumbnail). */
  thumbnailUrl: z.string().nullable().optional(),
  blurhash: z.string().nullable(),
  bytesRead: z.number().int().nonnegative(),
  tags: z.array(z.string()),
  labels: z.array(z.string()),
  people: z.array(z.string()),
  liked: z.boolean(),
  rating: z.number().int().min(0).max(5),
  unwanted: z.boolean(),
  hasGps: z.union([z.literal(0), z.literal(1)]),
  ocrText: z.string().nullable(),
  phash: z.string().nullable(),
  placeName: z.string().nullable(),
});
export type IndexItem = z.infer<typeof IndexItem>;
