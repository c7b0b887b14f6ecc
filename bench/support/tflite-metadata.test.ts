import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as flatbuffers from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import {
  addNormalizationMetadata,
  buildNormalizationMetadata,
  METADATA_NAME,
  readModelMetadata,
  readNormalization,
} from './tflite-metadata';

// The real BlazeFace model from @mediapipe/face_detection; that MediaPipe accepts the result is e2e/mediapipe-face.e2e.ts.
const modelPath = join(
  import.meta.dirname,
  '../../node_modules/@mediapipe/face_detection/face_detection_short_range.tflite',
);
const norm = { mean: [127.5], std: [127.5] };

/** Length of the vector that root-table field `field` of a flatbuffer points to, or null if the field is absent. */
function vectorLength(bytes: Uint8Array, field: number): number | null {
  const bb = new flatbuffers.ByteBuffer(bytes);
  const root = bb.readInt32(0);
  const rel = bb.__offset(root, 4 + 2 * field);
  return rel === 0 ? null : bb.readUint32(bb.__indirect(root + rel));
}

describe('TFLite NormalizationOptions metadata', () => {
  it('round-trips mean and std through the ModelMetadata flatbuffer', () => {
    expect(readNormalization(buildNormalizationMetadata('m', { mean: [0.5, 1, 2], std: [3, 4, 5] }))).toEqual({
      mean: [0.5, 1, 2],
      std: [3, 4, 5],
    });
  });

  it('adds one buffer and one metadata entry to the real model and keeps its subgraphs and operators', async () => {
    const model = new Uint8Array(await readFile(modelPath));
    expect(readModelMetadata(model).size).toBe(0);
    const patched = addNormalizationMetadata(model, 'BlazeFace', norm);
    expect([...readModelMetadata(patched).keys()]).toEqual([METADATA_NAME]);
    expect(readNormalization(readModelMetadata(patched).get(METADATA_NAME) as Uint8Array)).toEqual(norm);
    expect(vectorLength(patched, 4)).toBe((vectorLength(model, 4) as number) + 1);
    for (const field of [1, 2]) expect(vectorLength(patched, field)).toBe(vectorLength(model, field));
    expect(new TextDecoder().decode(patched.subarray(4, 8))).toBe('TFL3');
  });

  it('refuses bytes that are not a TFLite model, and a model that already has metadata', async () => {
    expect(() => addNormalizationMetadata(new Uint8Array(64), 'x', norm)).toThrow(/not a TFLite model/);
    const patched = addNormalizationMetadata(new Uint8Array(await readFile(modelPath)), 'BlazeFace', norm);
    expect(() => addNormalizationMetadata(patched, 'again', norm)).toThrow(/already has/);
  });

  it('reads no normalization from metadata without an input tensor', () => {
    expect(readNormalization(new Uint8Array(64))).toBeNull();
  });
});
