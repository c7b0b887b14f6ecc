import { parseHTML } from 'linkedom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageRow } from '../adapter';
import type { RowStatus } from '../messages';
import { type AskStatuses, type BadgedPage, initRowBadges, RETRY_DELAYS_MS } from './row-badges';

const { document } = parseHTML(
  '<div role="row" id="a"><div role="gridcell">a.jpg</div></div><div role="row" id="b"><div role="gridcell">b.jpg</div></div>',
);

function fakePage() {
  const events = new EventTarget();
  const rows: PageRow[] = ['a', 'b'].map((id) => ({
    id,
    selected: false,
    folder: false,
    element: document.getElementById(id) as Element,
  }));
  const page: BadgedPage = {
    adapter: { kind: 'gdrive' },
    snapshot: () => ({ rows }) as ReturnType<BadgedPage['snapshot']>,
    onRendered: (l, signal) => events.addEventListener('rendered', l, { signal }),
    onIndexChanged: (l, signal) => events.addEventListener('indexChanged', l, { signal }),
  };
  return { page, changed: () => events.dispatchEvent(new Event('indexChanged')) };
}

const badge = (id: string) => document.querySelector(`#${id} [data-hypomos-badge]`)?.textContent ?? null;

/** An ask the test answers by hand, in any order. */
function manualAsk() {
  const pending: { ids: string[]; resolve: (s: Record<string, RowStatus>) => void; reject: (e: Error) => void }[] = [];
  const ask: AskStatuses = (_host, ids) => new Promise((resolve, reject) => pending.push({ ids, resolve, reject }));
  return { ask, pending };
}

describe('row badges', () => {
  let controller: AbortController;
  beforeEach(() => {
    controller = new AbortController();
    vi.useFakeTimers();
    vi.stubGlobal('document', document);
  });
  afterEach(() => {
    controller.abort();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('a failed ask after an action is asked again, so the badge leaves the state from before the action', async () => {
    const { page, changed } = fakePage();
    const { ask, pending } = manualAsk();
    initRowBadges(page, controller.signal, ask);
    pending[0]?.resolve({ a: 'indexed', b: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(badge('a')).toBe('Indexed');

    changed();
    pending[1]?.reject(new Error('Could not establish connection. Receiving end does not exist.'));
    await vi.advanceTimersByTimeAsync(0);
    expect(badge('a')).toBe('Indexed');
    expect(pending).toHaveLength(2);

    await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0] as number);
    expect(pending).toHaveLength(3);
    expect(pending[2]?.ids).toEqual(['a', 'b']);
    pending[2]?.resolve({ a: 'pending', b: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(badge('a')).toBe('Pending approval');
    expect(badge('b')).toBeNull();
  });

  it('an answer to a question asked before an action never overwrites the answer asked after it', async () => {
    const { page, changed } = fakePage();
    const { ask, pending } = manualAsk();
    initRowBadges(page, controller.signal, ask);
    changed();
    pending[1]?.resolve({ a: 'pending', b: null });
    await vi.advanceTimersByTimeAsync(0);
    pending[0]?.resolve({ a: 'indexed', b: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(badge('a')).toBe('Pending approval');
  });

  it('gives up after a bounded number of retries (no source connected)', async () => {
    const { page } = fakePage();
    const ask = vi.fn<AskStatuses>().mockRejectedValue(new Error('no source'));
    initRowBadges(page, controller.signal, ask);
    await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0) + 60_000);
    expect(ask).toHaveBeenCalledTimes(RETRY_DELAYS_MS.length + 1);
  });
});
