// Vision on videos: processing time per minute of video in the extension's pipeline (frames at every fifth of the
// duration decoded by a <video> element, each through the same models as a photo in module workers, merged, written),
// in Debian Chromium, on every corpus video it can decode. `npm run bench vision` runs it with the photo figures;
// `npm run bench vision-video` alone.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CHROME_EXTENSION_DIR } from '../e2e/harness/chromium';
import { corpora, openVisionCheck, serveFolder } from '../e2e/vision-support';
import { type Figure, figure } from './figure';

/**
 * Every video in the corpora that Debian Chromium decodes (H.264 in MP4/QuickTime). Left out, because it cannot:
 * sample_mpeg4.mp4 (MPEG-4 Part 2: demuxed, no decoder), the AVIs, 3GP and MTS (no demuxer or decoder).
 */
export const DECODABLE_VIDEOS = [
  'mp4/FLIR Thermal.mp4',
  'mp4/Issue 515 (java).mp4',
  'mp4/ftyp3gp5.mp4',
  'mp4/uuid540.mp4',
  'mp4/with-gps.mp4',
  'mov/with-gps.mov',
  'mov/xmp480qt.mov',
];

export async function run(): Promise<Figure[]> {
  if (!(await stat(join(CHROME_EXTENSION_DIR, 'vision-check.html')).catch(() => null)))
    throw new Error('build the extension first (HYPOMOS_DEMO=1 wxt build)');
  const root = `${corpora}/metadata-extractor-images`;
  const server = await serveFolder(root);
  const session = await openVisionCheck();
  try {
    const videos = DECODABLE_VIDEOS.map((p) => ({
      id: p,
      url: `${server.url}/${p.split('/').map(encodeURIComponent).join('/')}`,
      name: p.split('/').pop() as string,
      mediaType: 'video' as const,
    }));
    const r = await session.check(videos);
    if (r.failed.length > 0) throw new Error(`videos failed: ${JSON.stringify(r.failed)}`);
    const t = r.times;
    const minutes = t.videoSeconds / 60;
    const note = `${t.videos} corpus videos, ${t.videoSeconds.toFixed(1)} s in all (0.17–11.4 s each), ${t.videoFrames} frames, ${r.workers} workers, models loaded in ${r.loadMs.toFixed(0)} ms`;
    return [
      figure(
        'vision.video_ms_per_minute',
        t.wallMs / minutes,
        'ms',
        null,
        null,
        `wall time of the whole run per minute of video; ${note}. The work per video is 5 frames whatever its length, so short clips cost far more per minute than long videos`,
      ),
      figure('vision.video_ms_per_video', t.wallMs / Math.max(1, t.videos), 'ms', null, null, note),
      figure(
        'vision.video_ms_per_frame.decode',
        t.videoDecodeMs / Math.max(1, t.videoFrames),
        'ms',
        null,
        null,
        'load, seek, draw and JPEG-encode per frame (<video> from a Blob URL), videos in parallel',
      ),
      figure(
        'vision.video_ms_per_frame.models',
        t.modelMs / Math.max(1, t.videoFrames),
        'ms',
        null,
        null,
        `per worker; ${r.workers} workers`,
      ),
    ];
  } finally {
    await session.close();
    await server.close();
  }
}
