/** The browser this build is for ('chrome', 'firefox'), set by wxt.config.ts; absent outside a build (tests). */
declare const __HYPOMOS_BROWSER__: string | undefined;

/** Where extension pages play an indexed item from: the background answers these paths (sources/media-stream). */
export const MEDIA_PREFIX = '/media/';

/**
 * Firefox's MV2 background page has no fetch event, so its pages play from this host instead, which never
 * resolves (RFC 6761 `.invalid`): the background redirects each request to the provider (sources/media-redirect).
 */
export const FIREFOX_MEDIA_ORIGIN = 'https://media.hypomos.invalid';

/** The address an extension page plays an indexed item from (`<video src>`). */
export const mediaPath = (key: string) =>
  `${typeof __HYPOMOS_BROWSER__ !== 'undefined' && __HYPOMOS_BROWSER__ === 'firefox' ? FIREFOX_MEDIA_ORIGIN : ''}${MEDIA_PREFIX}${encodeURIComponent(key)}`;
