/// <reference path="./worker-import.d.ts" />
import type { ImageAnalysis } from '@hypomos/shared/vision/analysis';
import * as Comlink from 'comlink';
import type { VisionUrls } from './urls';
import type { VisionWorkerApi } from './vision.worker';
import VisionWorker from './vision.worker?worker';

export type AnalysisWithTiming = ImageAnalysis & { decodeMs: number; modelMs: number };

/**
 * A pool of vision module workers, one per core, each doing one image at a time. Memory is the limit beyond cores:
 * each worker holds its own copy of the models (~12 MB of weights), hence the cap.
 */
export const MAX_WORKERS = 4;

interface Slot {
  worker: Worker;
  api: Comlink.Remote<VisionWorkerApi>;
  ready: Promise<void>;
  busy: boolean;
}

export class VisionPool {
  private slots: Slot[] = [];
  private waiting: ((slot: Slot) => void)[] = [];

  constructor(
    private readonly urls: VisionUrls,
    readonly size = Math.max(1, Math.min(MAX_WORKERS, globalThis.navigator?.hardwareConcurrency ?? 2)),
  ) {}

  private start(): void {
    if (this.slots.length > 0) return;
    for (let i = 0; i < this.size; i++) {
      const worker = new VisionWorker({ name: `vision-${i}` });
      const api = Comlink.wrap<VisionWorkerApi>(worker);
      this.slots.push({ worker, api, ready: api.init(this.urls.humanModels, this.urls.tfjsWasm), busy: false });
    }
  }

  /** Resolves when every worker has loaded its models (the first call starts them). */
  async ready(): Promise<void> {
    this.start();
    await Promise.all(this.slots.map((s) => s.ready));
  }

  private acquire(): Promise<Slot> {
    this.start();
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  async analyze(blob: Blob): Promise<AnalysisWithTiming> {
    const slot = await this.acquire();
    try {
      await slot.ready;
      return await slot.api.analyze(blob);
    } finally {
      this.release(slot);
    }
  }

  terminate(): void {
    for (const s of this.slots) {
      s.api[Comlink.releaseProxy]();
      s.worker.terminate();
    }
    this.slots = [];
  }
}
