/** What a container parser found, before EXIF/XMP values are decoded and merged (see extract.ts). */
export interface ContainerFacts {
  /** Pixel size as stored, from the image/track header. */
  width: number | null;
  height: number | null;
  /** A TIFF-structured EXIF block (starts with II* / MM*), ready for exifr. */
  tiff: Uint8Array | null;
  /** An XMP packet. */
  xmp: string | null;
  /** IPTC-IIM records (JPEG APP13 / Photoshop 8BIM 0x0404). */
  iptc: Uint8Array | null;
  durationSec: number | null;
  /** QuickTime/MP4 movie header and Apple metadata. */
  quicktime: QuickTimeFacts | null;
  /** Local capture time found outside EXIF (e.g. AVI IDIT), "YYYY:MM:DD HH:MM:SS". */
  containerDateTime: string | null;
  /** EXIF-style orientation (1, 3, 6, 8) from a video track's rotation matrix. */
  orientation: number | null;
  /** A more precise MIME type learned while parsing (e.g. a TIFF that is really a NEF). */
  mimeType: string | null;
}

export interface QuickTimeFacts {
  /** mvhd creation time, UTC by the QuickTime spec; null when zero (unset). */
  createdUtc: string | null;
  /** com.apple.quicktime.creationdate, local time with its own offset, e.g. 2019-05-18T15:30:22+0200. */
  appleCreationDate: string | null;
  /** ISO 6709 location string from ©xyz or com.apple.quicktime.location.ISO6709. */
  iso6709: string | null;
  make: string | null;
  model: string | null;
}

export const noFacts = (): ContainerFacts => ({
  width: null,
  height: null,
  tiff: null,
  xmp: null,
  iptc: null,
  durationSec: null,
  quicktime: null,
  containerDateTime: null,
  mimeType: null,
  orientation: null,
});
