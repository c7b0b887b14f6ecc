/**
 * The one Human configuration used everywhere (extension workers and the Node CLI), so both give the same faces,
 * vectors and labels. Only the model and wasm locations differ: the extension's own files, or node_modules.
 *
 * Enabled: BlazeFace ("blazeface", padded input, see analysis.ts), `faceres` identity vectors (1024-d) and
 * CenterNet COCO objects. The face mesh is off: it costs a 1.5 MB model and a second pass per face, and clustering
 * F1 on the face-api.js set moved by only 0.01 with it (README).
 */
export function humanConfig(modelBasePath: string, wasmPath: string) {
  return {
    backend: 'wasm' as const,
    modelBasePath,
    wasmPath,
    // Models ship inside the extension; a second copy in IndexedDB would only double the disk use.
    cacheModels: false,
    debug: false,
    async: true,
    warmup: 'none' as const,
    // Human caches results of "similar" frames for video; every photo is a new input.
    cacheSensitivity: 0,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: {
        modelPath: 'blazeface.json',
        rotation: false,
        maxDetected: 30,
        minConfidence: 0.3,
        iouThreshold: 0.1,
        return: false,
      },
      mesh: { enabled: false },
      attention: { enabled: false },
      iris: { enabled: false },
      description: { enabled: true, modelPath: 'faceres.json' },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      gear: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: true, modelPath: 'centernet.json', minConfidence: 0.3, maxDetected: 20 },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  };
}

/** The model files that configuration loads: copied into the extension build, nothing else. */
export const HUMAN_MODEL_FILES = [
  'blazeface.json',
  'blazeface.bin',
  'faceres.json',
  'faceres.bin',
  'centernet.json',
  'centernet.bin',
];

/** Structural type of the part of a Human instance the adapter uses. */
export interface HumanLike {
  detect(input: unknown): Promise<unknown>;
  tf: { tensor(values: Float32Array, shape: number[], dtype: 'float32'): { dispose(): void } };
}

/** Wraps a loaded Human instance as a Detector (analysis.ts): one float tensor in, disposed after. */
export function humanDetector(human: HumanLike) {
  return async (rgb: Float32Array, width: number, height: number) => {
    const tensor = human.tf.tensor(rgb, [1, height, width, 3], 'float32');
    try {
      const result = (await human.detect(tensor)) as {
        error?: string | null;
        face: { box: number[]; score: number; embedding?: number[] }[];
        object: { label: string; score: number; box: number[] }[];
      };
      if (result.error) throw new Error(`detector: ${result.error}`);
      return { face: result.face, object: result.object };
    } finally {
      tensor.dispose();
    }
  };
}
