import { feature } from 'topojson-client';
import land from 'world-atlas/land-110m.json';
import { describe, expect, it } from 'vitest';
import { unwrapAntimeridian, unwrapRing } from './antimeridian';

const longestStep = (ring: number[][]) =>
  Math.max(...ring.slice(1).map((p, i) => Math.abs((p[0] ?? 0) - (ring[i]?.[0] ?? 0))));

describe('world outline across the antimeridian', () => {
  it('keeps a ring that crosses ±180° continuous', () => {
    const ring = [
      [170, 60],
      [179, 62],
      [-179, 63],
      [-170, 60],
      [170, 60],
    ];
    expect(unwrapRing(ring)).toEqual([
      [170, 60],
      [179, 62],
      [181, 63],
      [190, 60],
      [170, 60],
    ]);
  });

  it('leaves no step longer than 180° in the Natural Earth land outline the map draws', () => {
    const topo = land as unknown as Parameters<typeof feature>[0];
    type Shape = { type: 'MultiPolygon' | 'Polygon'; coordinates: number[][][][] | number[][][] };
    type Land = { type: 'FeatureCollection'; features: { type: 'Feature'; geometry: Shape }[] };
    const geo = feature(topo, topo.objects.land!) as unknown as Land;
    const rings = (g: Land) =>
      g.features.flatMap((f) =>
        f.geometry.type === 'Polygon'
          ? (f.geometry.coordinates as number[][][])
          : (f.geometry.coordinates as number[][][][]).flat(),
      );
    expect(geo.type).toBe('FeatureCollection');
    // The raw outline has the jumps that drew horizontal lines (Chukotka, Fiji, Antarctica).
    expect(Math.max(...rings(geo).map(longestStep))).toBeGreaterThan(180);
    expect(Math.max(...rings(unwrapAntimeridian(geo as never) as Land).map(longestStep))).toBeLessThanOrEqual(180);
  });
});
