import type { DetectedFace, DetectedObject, ImageAnalysis } from './analysis';
import { cosine, SAME_PERSON_SIMILARITY } from './cluster';

/**
 * Vision on videos: which frames to look at, and how the analyses of those frames become one item's result.
 * The extension's runner decodes the frames (a `<video>` element, extension/src/features/vision/video-frames.ts) and
 * runs each through the same models as a photo; everything here is pure.
 */

/** One frame in every fifth of the video, at the middle of each fifth. */
export const VIDEO_FRAME_FRACTIONS = [0.1, 0.3, 0.5, 0.7, 0.9] as const;

/**
 * Sampled times closer than this would show the same picture: one frame lasts 33–42 ms at 24–30 fps. A very short
 * clip (a 0.17 s "live photo") therefore gets fewer frames instead of the same frame several times.
 */
export const MIN_FRAME_GAP_SEC = 0.04;

/**
 * The times (seconds) to sample: the middle of every fifth of the duration, rounded to the millisecond, keeping only
 * times at least MIN_FRAME_GAP_SEC after the previous kept one. An unknown, infinite or zero duration (a stream, a
 * file whose header has none) gives the first frame only: at least one frame, always.
 */
export function videoFrameTimes(durationSec: number | null | undefined): number[] {
  if (durationSec == null || !Number.isFinite(durationSec) || durationSec <= 0) return [0];
  const times: number[] = [];
  for (const fraction of VIDEO_FRAME_FRACTIONS) {
    const t = Math.round(fraction * durationSec * 1000) / 1000;
    const last = times[times.length - 1];
    if (last === undefined || t - last >= MIN_FRAME_GAP_SEC - 1e-9) times.push(t);
  }
  return times;
}

/** The frame whose time is nearest the middle of the video: the poster, and the frame the hashes come from. */
export function posterIndex(times: readonly number[], durationSec: number | null | undefined): number {
  if (times.length === 0) throw new Error('no frames');
  const middle = durationSec != null && Number.isFinite(durationSec) && durationSec > 0 ? durationSec / 2 : 0;
  let best = 0;
  for (let i = 1; i < times.length; i++)
    if (Math.abs((times[i] as number) - middle) < Math.abs((times[best] as number) - middle)) best = i;
  return best;
}

export interface FrameAnalysis {
  /** Seconds from the start. */
  time: number;
  analysis: ImageAnalysis;
}

/** A face of the video: the best-scoring sighting of one person, with the frame it was seen in. */
export interface VideoFace extends DetectedFace {
  frameTime: number;
  /** Index of that frame in the frames given to mergeFrameAnalyses (where to cut its crop from). */
  frameIndex: number;
  /** In how many of the sampled frames this face was seen. */
  sightings: number;
}

export interface VideoAnalysis extends Omit<ImageAnalysis, 'faces'> {
  faces: VideoFace[];
  /** Index and time of the poster frame, whose size, hashes, pixel statistics and quality the result carries. */
  posterIndex: number;
  posterTime: number;
  frames: number;
}

/**
 * One item's result from its frames:
 * - faces: the same person seen in several frames is one face. Sightings are taken best score first; each joins the
 *   face it is most similar to (cosine of the identity vectors ≥ `sameFace`, the people clustering's threshold) unless
 *   that face was already seen in the same frame (two faces in one frame are two people). A face keeps its
 *   best-scoring sighting: box, score, identity vector and frame time. Largest first, as for a photo.
 * - objects: one per label, the best-scoring detection across frames (so `objectScores` is the maximum score).
 * - pHash variants, size, pixel statistics and quality: the poster frame's (the frame nearest the middle).
 */
export function mergeFrameAnalyses(
  frames: readonly FrameAnalysis[],
  durationSec: number | null | undefined,
  sameFace = SAME_PERSON_SIMILARITY,
): VideoAnalysis {
  if (frames.length === 0) throw new Error('a video analysis needs at least one frame');
  const poster = posterIndex(
    frames.map((f) => f.time),
    durationSec,
  );
  const sightings = frames
    .flatMap((f, frameIndex) => f.analysis.faces.map((face) => ({ face, frameIndex, time: f.time })))
    .sort(
      (a, b) =>
        b.face.score - a.face.score ||
        b.face.box[2] * b.face.box[3] - a.face.box[2] * a.face.box[3] ||
        a.frameIndex - b.frameIndex,
    );
  const groups: { best: (typeof sightings)[number]; members: DetectedFace[]; frames: Set<number> }[] = [];
  for (const s of sightings) {
    let target: (typeof groups)[number] | null = null;
    let targetSimilarity = sameFace;
    for (const g of groups) {
      if (g.frames.has(s.frameIndex)) continue;
      const similarity = Math.max(...g.members.map((m) => cosine(m.embedding, s.face.embedding)));
      if (similarity >= targetSimilarity) {
        target = g;
        targetSimilarity = similarity;
      }
    }
    if (target) {
      target.members.push(s.face);
      target.frames.add(s.frameIndex);
    } else groups.push({ best: s, members: [s.face], frames: new Set([s.frameIndex]) });
  }
  const faces: VideoFace[] = groups
    .map((g) => ({
      ...g.best.face,
      frameTime: g.best.time,
      frameIndex: g.best.frameIndex,
      sightings: g.members.length,
    }))
    .sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]);

  const bestObject = new Map<string, DetectedObject>();
  for (const f of frames)
    for (const o of f.analysis.objects) {
      const held = bestObject.get(o.label);
      if (!held || o.score > held.score) bestObject.set(o.label, o);
    }
  const objects = [...bestObject.values()].sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));

  const p = (frames[poster] as FrameAnalysis).analysis;
  return {
    width: p.width,
    height: p.height,
    faces,
    objects,
    phash: p.phash,
    phashVariants: p.phashVariants,
    centreHash: p.centreHash,
    rotationHashes: p.rotationHashes,
    stats: p.stats,
    quality: p.quality,
    posterIndex: poster,
    posterTime: (frames[poster] as FrameAnalysis).time,
    frames: frames.length,
  };
}
