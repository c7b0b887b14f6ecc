import type { PlannedMove } from '@hypomos/shared/tiering/plan';
import { type MoverDeps, runMove } from './mover';
import type { MoveRow } from './rows';
import { enqueueMoves, unfinishedMoves } from './store';

export interface RunProgress {
  total: number;
  done: number;
  failed: number;
  current: MoveRow | null;
}

/**
 * Queues a plan's moves and runs every unfinished move, one at a time (each streams at most one block).
 * Moves left unfinished by an earlier stop run first, from the step they reached.
 */
export async function runTiering(
  deps: MoverDeps,
  moves: readonly PlannedMove[],
  onProgress: (p: RunProgress) => void,
  signal?: AbortSignal,
): Promise<RunProgress> {
  await enqueueMoves(deps.db, `run-${deps.now()}`, moves, deps.now());
  const queue = await unfinishedMoves(deps.db);
  const progress: RunProgress = { total: queue.length, done: 0, failed: 0, current: null };
  onProgress(progress);
  for (const row of queue) {
    if (signal?.aborted) break;
    progress.current = row;
    onProgress({ ...progress });
    const end = await runMove({ ...deps, onProgress: (r) => onProgress({ ...progress, current: r }) }, row);
    if (end.state === 'done') progress.done++;
    else progress.failed++;
    onProgress({ ...progress, current: null });
  }
  return progress;
}
