import type { ItemKey } from '@hypomos/shared/index/item';
import { type Suggestion, type TaggableItem, type TagModel, trainAndSuggest } from '@hypomos/shared/vision/suggest';
import type { HypomosDb } from '../../db';

/**
 * Tag suggestions from the user's own tags (shared/vision/suggest.ts). Retraining runs on an alarm in the background
 * (RETRAIN_ALARM, see registerRetrainAlarm) and after every answer; results live in kv so any page can show them.
 */

export const RETRAIN_ALARM = 'hypomos-vision-retrain';
export const RETRAIN_MINUTES = 360;
const STATE_KEY = 'vision.tagSuggestions';

export interface SuggestionState {
  trainedAt: number;
  models: TagModel[];
  suggestions: Suggestion[];
}

async function taggableItems(db: HypomosDb): Promise<TaggableItem[]> {
  const scores = new Map((await db.visionFeatures.toArray()).map((f) => [f.key, f.objectScores]));
  const out: TaggableItem[] = [];
  await db.items.each((i) => {
    // Only analysed items carry features; others would all look alike (empty) and teach nothing.
    const objectScores = scores.get(i.key);
    if (!objectScores || i.unwanted) return;
    const labels: Record<string, number> = { ...objectScores };
    for (const l of i.labels) labels[l] ??= 1;
    out.push({ key: i.key, tags: i.tags, labels, people: i.people, phash: i.phash });
  });
  return out;
}

export async function retrainTagModels(db: HypomosDb, now: () => number = Date.now): Promise<SuggestionState> {
  const [items, feedback] = await Promise.all([taggableItems(db), db.tagFeedback.toArray()]);
  const state: SuggestionState = { trainedAt: now(), ...trainAndSuggest(items, feedback) };
  await db.kv.put({ key: STATE_KEY, value: state });
  return state;
}

export async function suggestionState(db: HypomosDb): Promise<SuggestionState | null> {
  return ((await db.kv.get(STATE_KEY))?.value as SuggestionState | undefined) ?? null;
}

/** Accept adds the tag to the item; reject records it so it is never suggested again. Both feed the next training. */
export async function answerSuggestion(
  db: HypomosDb,
  key: string,
  tag: string,
  accepted: boolean,
  now: () => number = Date.now,
): Promise<void> {
  await db.transaction('rw', db.items, db.tagFeedback, db.kv, async () => {
    await db.tagFeedback.put({ key, tag, accepted, at: now() });
    if (accepted) {
      const item = await db.items.get(key as ItemKey);
      if (item && !item.tags.includes(tag)) await db.items.update(key as ItemKey, { tags: [...item.tags, tag].sort() });
    }
    const state = await suggestionState(db);
    if (state) {
      const rest = state.suggestions.filter((s) => !(s.key === key && s.tag === tag));
      await db.kv.put({ key: STATE_KEY, value: { ...state, suggestions: rest } });
    }
  });
}

interface AlarmsApi {
  get(name: string): Promise<unknown>;
  create(name: string, info: { periodInMinutes: number; delayInMinutes?: number }): unknown;
  onAlarm: { addListener(cb: (alarm: { name: string }) => void): void };
}

/**
 * Called by the background entrypoint in its first turn: retrains every RETRAIN_MINUTES. The alarm is created only
 * when missing, since re-creating it on every service-worker wake would keep pushing it into the future.
 */
export function registerRetrainAlarm(alarms: AlarmsApi, db: HypomosDb): void {
  alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETRAIN_ALARM) void retrainTagModels(db).catch((e) => console.error('tag retraining failed', e));
  });
  void alarms.get(RETRAIN_ALARM).then((existing) => {
    if (!existing) alarms.create(RETRAIN_ALARM, { periodInMinutes: RETRAIN_MINUTES, delayInMinutes: 5 });
  });
}
