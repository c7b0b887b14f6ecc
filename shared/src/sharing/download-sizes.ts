import { z } from 'zod';

/**
 * What guests may download (issue 23, download sizes): nothing; the provider's web-size rendition (at most
 * WEB_SIZE_PX on its longest edge, made by the owner's storage, never stored by the portal); or the rendition and the
 * original. A share's `allowDownload` is true for the last two.
 */
export const ShareDownloads = z.enum(['none', 'web', 'original']);
export type ShareDownloads = z.infer<typeof ShareDownloads>;

/** The longest edge of the web-size rendition asked of each provider. */
export const WEB_SIZE_PX = 1920;

/** The older boolean, for clients that predate download sizes: "allowed" meant originals. `downloads` wins. */
export const downloadsOf = (b: { downloads?: ShareDownloads | undefined; allowDownload?: boolean | undefined }) =>
  b.downloads ?? (b.allowDownload ? 'original' : 'none');

/** The web-size rendition's pixel size for an original of width × height: fit inside the box, never enlarged. */
export function webSizeOf(width: number | null, height: number | null): { width: number; height: number } | null {
  if (!width || !height) return null;
  const scale = Math.min(1, WEB_SIZE_PX / Math.max(width, height));
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}
