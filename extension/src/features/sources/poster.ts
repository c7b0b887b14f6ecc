import { DEVICE_LARGE_EDGE, encodeScaled } from './device-thumbnail';

/** Long enough for a slow first Range answer; a video that shows no frame by then keeps its placeholder. */
const POSTER_TIMEOUT_MS = 60_000;

/**
 * A poster frame for a video, made in a page (a service worker has no `<video>`): loads it muted from `src`
 * (the service worker's media stream), seeks a little in (first frames are often black) and draws that frame.
 * Null when the browser cannot decode the video.
 */
export async function videoPoster(src: string, longEdge = DEVICE_LARGE_EDGE): Promise<Uint8Array | null> {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.playsInline = true;
  // As in vision/video-frames.ts: in Firefox the media path is redirected to the provider's origin, and a frame of a
  // cross-origin video loaded without CORS taints the canvas; the extension's host permission lets a CORS load through.
  video.crossOrigin = 'anonymous';
  try {
    video.src = src;
    if (!(await until(video, 'loadeddata'))) return null;
    const at = Number.isFinite(video.duration) ? Math.min(1, video.duration / 10) : 0;
    if (at > 0) {
      video.currentTime = at;
      if (!(await until(video, 'seeked'))) return null;
    }
    return await encodeScaled(video, video.videoWidth, video.videoHeight, longEdge);
  } finally {
    video.removeAttribute('src');
    video.load(); // releases the decoder and the connection
  }
}

function until(video: HTMLVideoElement, event: 'loadeddata' | 'seeked'): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      video.removeEventListener(event, onEvent);
      video.removeEventListener('error', onError);
      resolve(ok);
    };
    const onEvent = () => done(true);
    const onError = () => done(false);
    const timer = setTimeout(() => done(false), POSTER_TIMEOUT_MS);
    video.addEventListener(event, onEvent);
    video.addEventListener('error', onError);
  });
}
