import { describe, expect, it } from 'vitest';
import {
  crossValidatedF1,
  type Example,
  featuresOf,
  type TaggableItem,
  trainAndSuggest,
  vocabularyOf,
} from './suggest';

const item = (key: string, over: Partial<TaggableItem> = {}): TaggableItem => ({
  key,
  tags: [],
  labels: {},
  people: [],
  phash: null,
  ...over,
});

/** A small library: beach photos (surfboard, person) tagged "holiday", office photos (laptop) not, some untagged. */
function library(): TaggableItem[] {
  const out: TaggableItem[] = [];
  for (let i = 0; i < 12; i++)
    out.push(
      item(`beach${i}`, {
        tags: i < 8 ? ['holiday'] : [],
        labels: { surfboard: 0.8, person: 0.9 },
        people: i % 2 ? ['p1'] : [],
      }),
    );
  for (let i = 0; i < 12; i++)
    out.push(item(`office${i}`, { labels: { laptop: 0.9, chair: 0.5 }, people: i % 3 ? ['p2'] : [] }));
  return out;
}

describe('tag suggestions', () => {
  it('encodes labels, people and pHash bits', () => {
    const items = [item('a', { labels: { dog: 0.7 }, people: ['p1'], phash: '8000000000000001' })];
    const v = featuresOf(items[0] as TaggableItem, vocabularyOf(items));
    expect(v.length).toBe(1 + 1 + 64);
    expect([v[0], v[1], v[2], v[65]]).toEqual([expect.closeTo(0.7), 1, expect.closeTo(0.15), expect.closeTo(0.15)]);
    expect(v[3]).toBeCloseTo(-0.15);
  });

  it('suggests a tag for untagged items that look like the tagged ones, not for others', () => {
    const { models, suggestions } = trainAndSuggest(library(), []);
    expect(models.map((m) => m.tag)).toEqual(['holiday']);
    expect(models[0]?.f1).toBeGreaterThanOrEqual(0.6);
    const suggested = suggestions.map((s) => s.key).sort();
    expect(suggested).toEqual(['beach10', 'beach11', 'beach8', 'beach9']);
  });

  it('never re-suggests what the user rejected, and learns from it', () => {
    const { suggestions } = trainAndSuggest(library(), [{ key: 'beach9', tag: 'holiday', accepted: false }]);
    expect(suggestions.map((s) => s.key)).not.toContain('beach9');
  });

  it('needs enough examples before suggesting anything', () => {
    const few = library().map((i, n) => ({ ...i, tags: n < 3 ? ['holiday'] : [] }));
    expect(trainAndSuggest(few, []).models).toEqual([]);
  });

  it('cross-validates both models; both separate clearly separable data', () => {
    const ex: Example[] = Array.from({ length: 20 }, (_, i) => ({
      x: Float32Array.from([i % 2, 1 - (i % 2)]),
      y: (i % 2) as 0 | 1,
      weight: 1,
    }));
    expect(crossValidatedF1(ex, 'knn')).toBe(1);
    expect(crossValidatedF1(ex, 'logistic')).toBe(1);
  });
});
