/** The few XMP properties the index needs. XMP is RDF/XML; a property is either an attribute or an element. */
export interface XmpValues {
  dateTimeOriginal: string | null;
  orientation: number | null;
  /** exif:GPSTimeStamp / exif:GPSDateTime: a full UTC date-time in XMP. */
  gpsDateTime: string | null;
  dateCreated: string | null;
  createDate: string | null;
  lat: number | null;
  lon: number | null;
  make: string | null;
  model: string | null;
}

function property(xmp: string, name: string): string | null {
  const esc = name.replace(':', '\\:');
  const attr =
    new RegExp(`\\s${esc}\\s*=\\s*"([^"]*)"`).exec(xmp) ?? new RegExp(`\\s${esc}\\s*=\\s*'([^']*)'`).exec(xmp);
  if (attr?.[1]) return attr[1].trim();
  const el = new RegExp(`<${esc}(?:\\s[^>]*)?>([^<]*)</${esc}>`).exec(xmp);
  if (el?.[1]?.trim()) return el[1].trim();
  // rdf:Alt/Seq wrappers (e.g. tiff:Make is simple, but some writers wrap values in rdf:li)
  const li = new RegExp(`<${esc}(?:\\s[^>]*)?>\\s*<rdf:(?:Alt|Seq|Bag)>\\s*<rdf:li[^>]*>([^<]*)</rdf:li>`).exec(xmp);
  return li?.[1]?.trim() || null;
}

/** XMP GPS coordinates are "DDD,MM.mmmmK" or "DDD,MM,SSK" with K in NSEW. */
export function parseXmpCoordinate(value: string | null): number | null {
  if (!value) return null;
  const m = /^\s*(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEW])\s*$/i.exec(value);
  if (!m) {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  const deg = Number(m[1]) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
  return /[SW]/i.test(m[4] as string) ? -deg : deg;
}

export function readXmp(xmp: string): XmpValues {
  return {
    dateTimeOriginal: property(xmp, 'exif:DateTimeOriginal'),
    dateCreated: property(xmp, 'photoshop:DateCreated'),
    createDate: property(xmp, 'xmp:CreateDate'),
    lat: parseXmpCoordinate(property(xmp, 'exif:GPSLatitude')),
    lon: parseXmpCoordinate(property(xmp, 'exif:GPSLongitude')),
    orientation: Number(property(xmp, 'tiff:Orientation')) || null,
    gpsDateTime: property(xmp, 'exif:GPSDateTime') ?? property(xmp, 'exif:GPSTimeStamp'),
    make: property(xmp, 'tiff:Make'),
    model: property(xmp, 'tiff:Model'),
  };
}
