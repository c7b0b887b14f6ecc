import type { Box } from '@hypomos/shared/vision/analysis';
import { videoFrameTimes } from '@hypomos/shared/vision/video';
import { ANALYSIS_MAX_SIDE, faceCropSquare } from './face-crop';

/**
 * Frames of a video for the vision runner, decoded by a `<video>` element of the runner's document (offscreen
 * document, background frame, or a page): load, seek to each sampled time (shared/vision/video.ts), draw the frame
 * scaled to the analysis size, encode it as JPEG. The element reads the file by Range requests from `src`, so only
 * the parts around the sampled times are fetched and nothing holds the whole file.
 */

export interface SampledFrame {
  /** Seconds from the start. */
  time: number;
  /** The frame as JPEG, at most ANALYSIS_MAX_SIDE on its long side (face boxes are in its pixels). */
  blob: Blob;
  width: number;
  height: number;
}

export interface SampledVideo {
  /** Seconds, or null when the file does not say. */
  duration: number | null;
  frames: SampledFrame[];
}

/** Samples one item's video by its key (the runner's dependency; runner-page.ts gives it the media stream URL). */
export type VideoFrameSource = (key: string) => Promise<SampledVideo>;

/** Long enough for a slow first Range answer from a provider; a video with no frame by then fails with a reason. */
const STEP_TIMEOUT_MS = 60_000;

const MEDIA_ERRORS: Record<number, string> = {
  1: 'aborted',
  2: 'network error',
  3: 'decode error (corrupt file or codec failure)',
  4: 'format or codec not supported',
};

function mediaError(video: HTMLVideoElement): Error {
  const e = video.error;
  const what = e ? (MEDIA_ERRORS[e.code] ?? `media error ${e.code}`) : 'no frame within the time limit';
  return new Error(`cannot decode video: ${what}${e?.message ? ` (${e.message})` : ''}`);
}

function until(video: HTMLVideoElement, event: 'loadedmetadata' | 'loadeddata' | 'seeked'): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null) => {
      clearTimeout(timer);
      video.removeEventListener(event, onEvent);
      video.removeEventListener('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onEvent = () => done(null);
    const onError = () => done(mediaError(video));
    const timer = setTimeout(() => done(mediaError(video)), STEP_TIMEOUT_MS);
    video.addEventListener(event, onEvent);
    video.addEventListener('error', onError);
  });
}

/**
 * Decodes the frames at every fifth of the video behind `src` (shared/vision/video.ts videoFrameTimes). Throws with
 * a readable reason when the browser cannot: unsupported container or codec (e.g. MPEG-4 Part 2 in Chromium, which
 * demuxes it but has no decoder: no video size), a corrupt file, or no answer.
 */
export async function sampleVideoFrames(src: string, maxSide = ANALYSIS_MAX_SIDE): Promise<SampledVideo> {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.playsInline = true;
  // Frames are read back from the canvas. In Firefox the media path is redirected to the provider's origin, and a
  // cross-origin video without CORS taints the canvas ("Cannot get blob from write-only canvas"). Loaded in CORS mode,
  // the extension's host permission lets the load through without the provider's CORS headers, and the frames stay
  // readable. In Chrome the media path is the extension's own origin, where this changes nothing.
  video.crossOrigin = 'anonymous';
  try {
    video.src = src;
    await until(video, 'loadeddata');
    if (!video.videoWidth || !video.videoHeight)
      throw new Error('cannot decode video: no video track this browser can decode (codec not supported)');
    const duration = Number.isFinite(video.duration) && video.duration > 0 ? video.duration : null;
    const scale = Math.min(1, maxSide / Math.max(video.videoWidth, video.videoHeight));
    const width = Math.max(1, Math.round(video.videoWidth * scale));
    const height = Math.max(1, Math.round(video.videoHeight * scale));
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D context for video frames');
    const frames: SampledFrame[] = [];
    for (const time of videoFrameTimes(duration)) {
      if (Math.abs(video.currentTime - time) > 1e-3 || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) {
        const seeked = until(video, 'seeked');
        video.currentTime = time;
        await seeked;
      }
      ctx.drawImage(video, 0, 0, width, height);
      frames.push({ time, blob: await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 }), width, height });
    }
    return { duration, frames };
  } finally {
    video.removeAttribute('src');
    video.load(); // releases the decoder and the connection
  }
}

/** Side of a stored face crop of a video frame: the People page shows crops at up to 132 px. */
export const VIDEO_FACE_CROP_SIDE = 160;

/**
 * A face cut out of the frame it was seen in, as a square JPEG with the margin the People page shows around every
 * face (face-crop.ts). Stored with the face: a video's thumbnail is one frame, the face may be in another.
 */
export async function cropFace(frame: SampledFrame, box: Box, side = VIDEO_FACE_CROP_SIDE): Promise<Blob> {
  const square = faceCropSquare(box, frame);
  const bitmap = await createImageBitmap(frame.blob);
  try {
    const canvas = new OffscreenCanvas(side, side);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D context for face crops');
    ctx.drawImage(bitmap, square.left, square.top, square.side, square.side, 0, 0, side, side);
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.88 });
  } finally {
    bitmap.close();
  }
}
