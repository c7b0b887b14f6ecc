import * as flatbuffers from 'flatbuffers';

/**
 * Adds TFLite model metadata (tflite-support's `metadata_schema.fbs`, file identifier "M001") holding one input
 * NormalizationOptions to a `.tflite` file. MediaPipe tasks refuse an image model without it: they read mean/std from
 * there to scale pixels. The BlazeFace models in `@mediapipe/face_detection` were built for the older "solutions"
 * graphs, which hard-coded that scaling, so they ship without metadata.
 *
 * Written against the two schemas, field by field, with the `flatbuffers` runtime only (no generated code):
 *
 * - tflite `Model` fields: 0 version, 1 operator_codes, 2 subgraphs, 3 description, 4 buffers, 5 metadata_buffer,
 *   6 metadata, 7 signature_defs. `Buffer` field 0 is its data; `Metadata` fields are 0 name and 1 buffer index.
 * - `ModelMetadata` fields: 0 name, 1 description, 3 subgraph_metadata, 7 min_parser_version. `SubGraphMetadata`
 *   field 2 is input_tensor_metadata. `TensorMetadata` fields: 0 name, 4 process_units. `ProcessUnit` is a union:
 *   slot 0 its type (1 = NormalizationOptions), slot 1 the table. `NormalizationOptions`: 0 mean, 1 std.
 *
 * The original model bytes are kept untouched at the end of the new file. A new root `Model` table in front points
 * into them for every field it does not change (flatbuffer offsets are relative, so they stay valid) and at new
 * `buffers` and `metadata` vectors that add one buffer with the metadata. Alignment is kept by padding the original
 * to 16 bytes, the largest alignment TFLite uses.
 */

export const METADATA_NAME = 'TFLITE_METADATA';
const MODEL_IDENTIFIER = 'TFL3';
const METADATA_IDENTIFIER = 'M001';
const NORMALIZATION_OPTIONS = 1;

export interface Normalization {
  mean: number[];
  std: number[];
}

/** The ModelMetadata flatbuffer: one subgraph, one input tensor with one NormalizationOptions process unit. */
export function buildNormalizationMetadata(name: string, norm: Normalization): Uint8Array {
  const b = new flatbuffers.Builder(256);
  const mean = floatVector(b, norm.mean);
  const std = floatVector(b, norm.std);
  b.startObject(2);
  b.addFieldOffset(0, mean, 0);
  b.addFieldOffset(1, std, 0);
  const options = b.endObject();
  b.startObject(2);
  b.addFieldInt8(0, NORMALIZATION_OPTIONS, 0);
  b.addFieldOffset(1, options, 0);
  const unit = b.endObject();
  const units = offsetVector(b, [unit]);
  const tensorName = b.createString('image');
  b.startObject(8);
  b.addFieldOffset(0, tensorName, 0);
  b.addFieldOffset(4, units, 0);
  const tensor = b.endObject();
  const inputs = offsetVector(b, [tensor]);
  b.startObject(9);
  b.addFieldOffset(2, inputs, 0);
  const subgraph = b.endObject();
  const subgraphs = offsetVector(b, [subgraph]);
  const modelName = b.createString(name);
  const parser = b.createString('1.0.0');
  b.startObject(8);
  b.addFieldOffset(0, modelName, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.addFieldOffset(7, parser, 0);
  b.finish(b.endObject(), METADATA_IDENTIFIER);
  return b.asUint8Array();
}

function offsetVector(b: flatbuffers.Builder, offsets: number[]): number {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i] as number);
  return b.endVector();
}

function floatVector(b: flatbuffers.Builder, values: number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i] as number);
  return b.endVector();
}

/** Absolute position of the table or vector a root-table field points to, or null when the field is absent. */
function fieldTarget(bb: flatbuffers.ByteBuffer, table: number, field: number): number | null {
  const rel = bb.__offset(table, 4 + 2 * field);
  return rel === 0 ? null : bb.__indirect(table + rel);
}

/** Absolute positions of the tables a vector of offsets points to. */
function vectorTargets(bb: flatbuffers.ByteBuffer, vector: number | null): number[] {
  if (vector === null) return [];
  const length = bb.readUint32(vector);
  return Array.from({ length }, (_, i) => bb.__indirect(vector + 4 + 4 * i));
}

/** Names of a model's metadata entries, and the bytes of each entry's buffer. */
export function readModelMetadata(model: Uint8Array): Map<string, Uint8Array> {
  const bb = new flatbuffers.ByteBuffer(model);
  if (!bb.__has_identifier(MODEL_IDENTIFIER)) throw new Error('not a TFLite model (no TFL3 identifier)');
  const root = bb.readInt32(0);
  const buffers = vectorTargets(bb, fieldTarget(bb, root, 4));
  const out = new Map<string, Uint8Array>();
  for (const entry of vectorTargets(bb, fieldTarget(bb, root, 6))) {
    const nameOffset = bb.__offset(entry, 4);
    const name = nameOffset ? (bb.__string(entry + nameOffset) as string) : '';
    const indexOffset = bb.__offset(entry, 6);
    const buffer = buffers[indexOffset ? bb.readUint32(entry + indexOffset) : 0];
    const data = buffer === undefined ? null : fieldTarget(bb, buffer, 0);
    out.set(name, data === null ? new Uint8Array() : model.subarray(data + 4, data + 4 + bb.readUint32(data)));
  }
  return out;
}

/** Mean and std of the first input's NormalizationOptions in a ModelMetadata flatbuffer, or null if it has none. */
export function readNormalization(metadata: Uint8Array): Normalization | null {
  const bb = new flatbuffers.ByteBuffer(metadata);
  if (!bb.__has_identifier(METADATA_IDENTIFIER)) return null;
  const root = bb.readInt32(0);
  const subgraph = vectorTargets(bb, fieldTarget(bb, root, 3))[0];
  const tensor = subgraph === undefined ? undefined : vectorTargets(bb, fieldTarget(bb, subgraph, 2))[0];
  if (tensor === undefined) return null;
  for (const unit of vectorTargets(bb, fieldTarget(bb, tensor, 4))) {
    const typeOffset = bb.__offset(unit, 4);
    if (!typeOffset || bb.readUint8(unit + typeOffset) !== NORMALIZATION_OPTIONS) continue;
    const options = fieldTarget(bb, unit, 1);
    if (options === null) continue;
    const floats = (field: number) => {
      const v = fieldTarget(bb, options, field);
      return v === null ? [] : Array.from({ length: bb.readUint32(v) }, (_, i) => bb.readFloat32(v + 4 + 4 * i));
    };
    return { mean: floats(0), std: floats(1) };
  }
  return null;
}

/** A copy of the model with NormalizationOptions metadata added. Throws if the model already has metadata. */
export function addNormalizationMetadata(model: Uint8Array, name: string, norm: Normalization): Uint8Array {
  if (readModelMetadata(model).has(METADATA_NAME)) throw new Error(`model already has ${METADATA_NAME}`);
  const bb = new flatbuffers.ByteBuffer(model);
  const root = bb.readInt32(0);
  const padded = new Uint8Array(Math.ceil(model.length / 16) * 16);
  padded.set(model);

  const b = new flatbuffers.Builder(padded.length + 4096);
  // The original goes in first, so it ends up last: builder offsets count from the end of the buffer, which makes
  // an original position p equal to builder offset (padded.length - p).
  b.startVector(1, padded.length, 16);
  for (let i = padded.length - 1; i >= 0; i--) b.addInt8(padded[i] as number);
  b.endVector();
  const old = (position: number | null) => (position === null ? 0 : padded.length - position);

  const meta = buildNormalizationMetadata(name, norm);
  b.startVector(1, meta.length, 16);
  for (let i = meta.length - 1; i >= 0; i--) b.addInt8(meta[i] as number);
  const metaData = b.endVector();
  b.startObject(3);
  b.addFieldOffset(0, metaData, 0);
  const metaBuffer = b.endObject();

  const oldBuffers = vectorTargets(bb, fieldTarget(bb, root, 4));
  const buffers = offsetVector(b, [...oldBuffers.map(old), metaBuffer]);
  const entryName = b.createString(METADATA_NAME);
  b.startObject(2);
  b.addFieldOffset(0, entryName, 0);
  b.addFieldInt32(1, oldBuffers.length, 0);
  const entry = b.endObject();
  const metadata = offsetVector(b, [...vectorTargets(bb, fieldTarget(bb, root, 6)).map(old), entry]);

  const versionOffset = bb.__offset(root, 4);
  b.startObject(8);
  b.addFieldInt32(0, versionOffset ? bb.readUint32(root + versionOffset) : 0, 0);
  for (const field of [1, 2, 3, 5, 7]) {
    const target = fieldTarget(bb, root, field);
    if (target !== null) b.addFieldOffset(field, old(target), 0);
  }
  b.addFieldOffset(4, buffers, 0);
  b.addFieldOffset(6, metadata, 0);
  b.finish(b.endObject(), MODEL_IDENTIFIER);
  return b.asUint8Array();
}
