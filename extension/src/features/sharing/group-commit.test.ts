import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('writes the first entry at once and groups the ones that arrive meanwhile; each caller waits for its own write', async () => {
    const groups: number[][] = [];
    let release: () => void = () => {};
    const commit = new GroupCommit<number>(async (entries) => {
      groups.push(entries);
      await new Promise<void>((r) => {
        release = r;
      });
    });
    const done: number[] = [];
    const saves = [1, 2, 3, 4].map((n) => commit.save(n).then(() => done.push(n)));
    await tick();
    expect(groups).toEqual([[1]]);
    expect(done).toEqual([]);
    release();
    await tick();
    expect(done).toEqual([1]);
    expect(groups).toEqual([[1], [2, 3, 4]]);
    release();
    await Promise.all(saves);
    expect(done).toEqual([1, 2, 3, 4]);
    // Idle again: a later entry starts a new write by itself.
    const later = commit.save(5);
    await tick();
    expect(groups.at(-1)).toEqual([5]);
    release();
    await later;
  });

  it('fails every entry of a group whose write failed, and goes on with the next group', async () => {
    let calls = 0;
    const commit = new GroupCommit<string>(async (entries) => {
      calls++;
      await tick();
      if (entries.includes('bad')) throw new Error('QuotaExceededError');
    });
    const first = commit.save('ok-1');
    const bad = commit.save('bad');
    const sameGroup = commit.save('ok-2');
    await expect(first).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow('QuotaExceededError');
    await expect(sameGroup).rejects.toThrow('QuotaExceededError');
    await expect(commit.save('ok-3')).resolves.toBeUndefined();
    expect(calls).toBe(3);
  });
});
