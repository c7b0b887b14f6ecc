import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Face } from '../bench/support/face-bench/protocol';
import { type FaceBenchSession, openFaceBench } from '../bench/support/face-bench/session';
import { corpora } from './vision-support';

// The face-detector bench's MediaPipe path, for real: the BlazeFace model from @mediapipe/face_detection with
// metadata added by bench/support/tflite-metadata.ts, loaded by @mediapipe/tasks-vision in a module worker in
// Debian Chromium under a CSP that only allows this origin, on a real corpus crop. The byte-level checks of the
// patch are in bench/support/tflite-metadata.test.ts.

let session: FaceBenchSession;

beforeAll(async () => {
  session = await openFaceBench(corpora);
});
afterAll(async () => {
  await session?.close();
});

describe('MediaPipe face detector with the patched BlazeFace model', () => {
  it('refuses the model as npm ships it: the metadata is what makes it load', async () => {
    // A worker of its own: after a failed start MediaPipe's wasm module cannot start another task in that worker.
    const init = session.call('mediapipe#2', 'init', {
      wasm: `${session.server.url}/mediapipe/wasm`,
      model: `${session.server.url}/unpatched/face_detection_short_range.tflite`,
    });
    await expect(init).rejects.toThrow(/requires specifying NormalizationOptions metadata/);
  });

  it('loads the patched model in a module worker and finds the face in a real crop', async () => {
    await session.call('mediapipe', 'init', {
      wasm: `${session.server.url}/mediapipe/wasm`,
      model: `${session.server.url}/blazeface-short-range.tflite`,
    });
    const crop = await session.call<{ faces: Face[] }>('mediapipe', 'detect', {
      url: `${session.server.url}/corpus/faces-face-api-js/amy/amy1.png`,
    });
    expect(crop.faces).toHaveLength(1);
    const [x, y, w, h] = (crop.faces[0] as Face).box;
    // amy1.png is a 150 px tight crop of one face: the box covers most of it and holds its centre.
    expect(w * h).toBeGreaterThan(0.4 * 150 * 150);
    expect(x < 75 && x + w > 75 && y < 75 && y + h > 75).toBe(true);

    const empty = await session.call<{ faces: Face[] }>('mediapipe', 'detect', {
      url: `${session.server.url}/corpus/faces-human-samples/background.jpg`,
    });
    expect(empty.faces).toHaveLength(0);
  });
});
