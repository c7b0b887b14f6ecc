import { describe, expect, it } from 'vitest';
import type { DetectedFace, DetectedObject, ImageAnalysis } from './analysis';
import { mergeFrameAnalyses, MIN_FRAME_GAP_SEC, posterIndex, videoFrameTimes } from './video';

describe('videoFrameTimes: one frame in every fifth', () => {
  it('samples the middle of each fifth of a normal clip', () => {
    expect(videoFrameTimes(10)).toEqual([1, 3, 5, 7, 9]);
    expect(videoFrameTimes(3.635)).toEqual([0.364, 1.09, 1.818, 2.544, 3.272]);
    expect(videoFrameTimes(3600)).toEqual([360, 1080, 1800, 2520, 3240]);
  });

  it('gives at least one frame when the duration is unknown, infinite or zero', () => {
    for (const d of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, 0, -1])
      expect(videoFrameTimes(d)).toEqual([0]);
  });

  it('drops times closer than a frame apart in very short clips, keeping the first and the middle', () => {
    // with-gps.mp4 of metadata-extractor's set lasts 0.170667 s: fifths 34 ms apart, under one frame at 30 fps.
    const times = videoFrameTimes(0.170667);
    expect(times).toEqual([0.017, 0.085, 0.154]);
    for (let i = 1; i < times.length; i++)
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(MIN_FRAME_GAP_SEC - 1e-9);
    expect(videoFrameTimes(0.01)).toEqual([0.001]);
    expect(videoFrameTimes(0.2)).toHaveLength(5);
  });

  it('stays inside the clip and in order for any duration', () => {
    for (let d = 0.001; d < 50; d *= 1.37) {
      const times = videoFrameTimes(d);
      expect(times.length).toBeGreaterThanOrEqual(1);
      expect(times.length).toBeLessThanOrEqual(5);
      for (const t of times) expect(t).toBeLessThan(d);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
  });

  it('takes the poster from the frame nearest the middle', () => {
    expect(posterIndex(videoFrameTimes(10), 10)).toBe(2);
    expect(posterIndex(videoFrameTimes(0.170667), 0.170667)).toBe(1);
    expect(posterIndex([0], null)).toBe(0);
  });
});

/** Deterministic noise: people are random identity vectors, sightings are noisy copies of them. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}
const rand = rng(7);
const person = () => Array.from({ length: 64 }, rand);
const seen = (p: number[], noise = 0.15) => p.map((x) => x + noise * rand());

const face = (embedding: number[], score: number, box: [number, number, number, number]): DetectedFace => ({
  box,
  score,
  embedding,
});
const object = (label: string, score: number): DetectedObject => ({ label, score, box: [0, 0, 10, 10] });

function frame(faces: DetectedFace[], objects: DetectedObject[], tag: string): ImageAnalysis {
  return {
    width: 1024,
    height: 576,
    faces,
    objects,
    phash: `${tag}`.padStart(16, '0'),
    phashVariants: [`${tag}`.padStart(16, '0')],
    centreHash: `c${tag}`.padStart(16, '0'),
    rotationHashes: [],
    stats: { light: 0.1, dark: 0.2, colourfulness: 30 },
    quality: { sharpness: 100, brightness: 120 },
  };
}

describe('mergeFrameAnalyses: one result per video', () => {
  const alice = person();
  const bob = person();
  const times = videoFrameTimes(10);

  it('keeps one face per person seen across frames, with the best-scoring sighting and its frame time', () => {
    const frames = [
      frame([face(seen(alice), 0.71, [10, 10, 60, 60])], [], '1'),
      frame([face(seen(alice), 0.93, [20, 10, 64, 64]), face(seen(bob), 0.6, [300, 40, 40, 40])], [], '2'),
      frame([face(seen(alice), 0.8, [30, 10, 62, 62]), face(seen(bob), 0.88, [310, 40, 42, 42])], [], '3'),
      frame([], [], '4'),
      frame([face(seen(bob), 0.7, [320, 40, 41, 41])], [], '5'),
    ].map((analysis, i) => ({ time: times[i] as number, analysis }));
    const merged = mergeFrameAnalyses(frames, 10);
    expect(merged.faces.map((f) => [f.score, f.frameTime, f.frameIndex, f.sightings, f.box])).toEqual([
      [0.93, 3, 1, 3, [20, 10, 64, 64]],
      [0.88, 5, 2, 3, [310, 40, 42, 42]],
    ]);
    expect(merged.faces[0]?.embedding).toBe(frames[1]?.analysis.faces[0]?.embedding);
  });

  it('never merges two faces of one frame, however alike (twins, a mirror)', () => {
    const frames = [
      frame([face(seen(alice, 0.01), 0.9, [0, 0, 50, 50]), face(seen(alice, 0.01), 0.8, [100, 0, 40, 40])], [], '1'),
      frame([face(seen(alice, 0.01), 0.85, [0, 0, 50, 50])], [], '2'),
    ].map((analysis, i) => ({ time: i, analysis }));
    const merged = mergeFrameAnalyses(frames, 2);
    expect(merged.faces).toHaveLength(2);
    expect(merged.faces.reduce((n, f) => n + f.sightings, 0)).toBe(3);
  });

  it('keeps different people apart', () => {
    const frames = [
      frame([face(seen(alice), 0.9, [0, 0, 50, 50])], [], '1'),
      frame([face(seen(bob), 0.9, [0, 0, 50, 50])], [], '2'),
    ].map((analysis, i) => ({ time: i, analysis }));
    expect(mergeFrameAnalyses(frames, 2).faces.map((f) => f.sightings)).toEqual([1, 1]);
  });

  it('labels: the maximum score of each label across frames', () => {
    const frames = [
      frame([], [object('bird', 0.45), object('boat', 0.5)], '1'),
      frame([], [object('bird', 0.81), object('bird', 0.6)], '2'),
      frame([], [object('person', 0.42)], '3'),
    ].map((analysis, i) => ({ time: i, analysis }));
    expect(mergeFrameAnalyses(frames, 3).objects.map((o) => [o.label, o.score])).toEqual([
      ['bird', 0.81],
      ['boat', 0.5],
      ['person', 0.42],
    ]);
  });

  it('hashes, size, statistics and quality come from the poster frame (nearest the middle)', () => {
    const frames = ['a', 'b', 'c', 'd', 'e'].map((tag, i) => ({
      time: times[i] as number,
      analysis: { ...frame([], [], tag), quality: { sharpness: i, brightness: 100 } },
    }));
    const merged = mergeFrameAnalyses(frames, 10);
    expect([merged.posterIndex, merged.posterTime, merged.phash, merged.centreHash, merged.quality.sharpness]).toEqual([
      2,
      5,
      'c'.padStart(16, '0'),
      'cc'.padStart(16, '0'),
      2,
    ]);
    expect(merged.frames).toBe(5);
  });

  it('a single frame (unknown duration) is that frame', () => {
    const only = frame([face(seen(alice), 0.9, [0, 0, 50, 50])], [object('dog', 0.7)], 'x');
    const merged = mergeFrameAnalyses([{ time: 0, analysis: only }], null);
    expect(merged.faces).toEqual([{ ...only.faces[0], frameTime: 0, frameIndex: 0, sightings: 1 }]);
    expect(merged.objects).toEqual(only.objects);
    expect(merged.phash).toBe(only.phash);
    expect(() => mergeFrameAnalyses([], 1)).toThrow(/at least one frame/);
  });
});
