import { describe, expect, it } from 'vitest';
import { gate } from './gate';

describe('gate', () => {
  it('runs at most `limit` tasks at once, the rest in order as slots free', async () => {
    const g = gate(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      order.push(n);
      running--;
      return n;
    };
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => g.run(task(n))))).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(order.slice(2)).toEqual([3, 4, 5]);
  });

  it('a slot released twice frees it once', async () => {
    const g = gate(1);
    const first = await g.acquire();
    first();
    first();
    const second = await g.acquire();
    let third = false;
    void g.acquire().then(() => {
      third = true;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(third).toBe(false);
    second();
    await new Promise((r) => setTimeout(r, 0));
    expect(third).toBe(true);
  });
});
