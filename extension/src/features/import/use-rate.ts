import { useEffect, useRef, useState } from 'react';
import type { ImportFileRow } from './rows';

export interface Rate {
  filesPerSec: number;
  bytesPerSec: number;
}

/** Files and bytes per second over the last 15 s of samples: steady enough for an ETA, quick to follow a change. */
const WINDOW_MS = 15_000;

export function useRate(rows: ImportFileRow[], running: boolean): Rate {
  const samples = useRef<{ at: number; files: number; bytes: number }[]>([]);
  const [rate, setRate] = useState<Rate>({ filesPerSec: 0, bytesPerSec: 0 });
  useEffect(() => {
    if (!running) {
      samples.current = [];
      return;
    }
    let files = 0;
    let bytes = 0;
    for (const r of rows) {
      if (r.state === 'done' && r.planKind === 'new') files++;
      bytes += r.state === 'done' ? (r.planKind === 'new' ? r.size : 0) : r.bytesSent;
    }
    const now = performance.now();
    const list = samples.current.filter((s) => now - s.at <= WINDOW_MS);
    list.push({ at: now, files, bytes });
    samples.current = list;
    const first = list[0];
    const span = first ? (now - first.at) / 1000 : 0;
    if (first && span >= 1)
      setRate({ filesPerSec: (files - first.files) / span, bytesPerSec: Math.max(0, bytes - first.bytes) / span });
  }, [rows, running]);
  return rate;
}
