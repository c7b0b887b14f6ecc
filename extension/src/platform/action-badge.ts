import { browser } from 'wxt/browser';

/** The toolbar button's badge as the browser offers it: `action` (Chrome MV3) or `browserAction` (Firefox MV2). */
export interface BadgeSurface {
  setText(text: string): Promise<void>;
  setColor(color: string): Promise<void>;
}

type ActionApi = {
  setBadgeText(d: { text: string }): Promise<void>;
  setBadgeBackgroundColor(d: { color: string }): Promise<void>;
};

export function browserBadgeSurface(): BadgeSurface {
  const api = (): ActionApi =>
    (browser.action as unknown as ActionApi | undefined) ??
    (browser as unknown as { browserAction: ActionApi }).browserAction;
  return {
    setText: (text) => api().setBadgeText({ text }),
    setColor: (color) => api().setBadgeBackgroundColor({ color }),
  };
}

/**
 * One badge, several features: each writes its own layer (sources: sync progress and errors; sharing: the
 * organizer's activity) with a priority, and the badge shows the non-empty layer of highest priority. Without this,
 * an idle scanner clearing its count would also clear the activity count, and the other way round.
 */
export class LayeredBadge {
  private readonly layers = new Map<string, { text: string; color: string; priority: number }>();
  private shown: { text: string; color: string } | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly surface: BadgeSurface) {}

  set(layer: string, text: string, color: string, priority: number): Promise<void> {
    if (text) this.layers.set(layer, { text, color, priority });
    else this.layers.delete(layer);
    const top = [...this.layers.values()].sort((a, b) => b.priority - a.priority)[0];
    const next = top ? { text: top.text, color: top.color } : { text: '', color: this.shown?.color ?? '#2563eb' };
    // Writes go out in order, so the badge ends at the last decision even when calls overlap.
    const run = this.writing.then(async () => {
      if (this.shown?.text === next.text && this.shown.color === next.color) return;
      await this.surface.setText(next.text);
      if (next.text) await this.surface.setColor(next.color);
      this.shown = next;
    });
    // A failed write does not block the next one.
    this.writing = run.catch(() => undefined);
    return run;
  }

  /** What the badge shows now (tests, and the dashboard's nav count). */
  text(): string {
    return this.shown?.text ?? '';
  }
}

/** The service worker's one toolbar badge. Priorities: sync progress 3, activity 2, sync errors 1. */
export const BADGE_PRIORITY = { syncProgress: 3, activity: 2, syncError: 1 } as const;

let toolbar: LayeredBadge | null = null;
export function toolbarBadge(): LayeredBadge {
  toolbar ??= new LayeredBadge(browserBadgeSurface());
  return toolbar;
}
