import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSources, startDemoSources } from './demo';

describe('demo sources for npm start', () => {
  let demo: DemoSources;
  beforeAll(async () => {
    demo = await startDemoSources();
  }, 60_000);
  afterAll(async () => {
    await demo?.close();
  });

  it('seeds the same photos into Graph, Drive and an azurite container', async () => {
    const graphCount = demo.graph.store.live().filter((n) => !n.folder).length;
    expect(graphCount).toBeGreaterThan(3);
    expect(demo.drive.store.live().filter((n) => !n.folder).length).toBe(graphCount);
    const list = await fetch(`${demo.config.blobSasUrl}&restype=container&comp=list`);
    expect(list.status).toBe(200);
    const names = [...(await list.text()).matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1]);
    expect(names).toHaveLength(graphCount);
  });
});
