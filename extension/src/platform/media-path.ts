/** Where extension pages play an indexed item from: the background answers these paths (sources/media-stream). */
export const MEDIA_PREFIX = '/media/';

/** The address an extension page plays an indexed item from (`<video src>`), answered by the service worker. */
export const mediaPath = (key: string) => `${MEDIA_PREFIX}${encodeURIComponent(key)}`;
