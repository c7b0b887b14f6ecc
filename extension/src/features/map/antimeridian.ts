type Position = number[];
/** The GeoJSON shapes the world outline holds (topojson-client's output); others pass through. */
type Geometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Point' | 'MultiPoint' | 'GeometryCollection'; coordinates?: unknown };
type Feature = { type: 'Feature'; geometry: Geometry };
type FeatureCollection = { type: 'FeatureCollection'; features: Feature[] };

/**
 * Natural Earth rings that cross the antimeridian jump from +180 to −180 between two neighbours; drawn as is, Leaflet
 * joins them with a line across the whole map. Shifting each point by ±360° so that no step is longer than 180°
 * keeps the ring continuous (it then runs past ±180°, which Leaflet draws correctly).
 */
export function unwrapRing(ring: Position[]): Position[] {
  const out: Position[] = [];
  let shift = 0;
  for (let i = 0; i < ring.length; i++) {
    const [lon = 0, lat = 0] = ring[i] ?? [];
    if (i > 0) {
      const prev = (ring[i - 1]?.[0] ?? 0) + shift;
      while (lon + shift - prev > 180) shift -= 360;
      while (lon + shift - prev < -180) shift += 360;
    }
    out.push([lon + shift, lat]);
  }
  return out;
}

function unwrapGeometry(g: Geometry): Geometry {
  if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map(unwrapRing) };
  if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((p) => p.map(unwrapRing)) };
  if (g.type === 'LineString') return { ...g, coordinates: unwrapRing(g.coordinates) };
  if (g.type === 'MultiLineString') return { ...g, coordinates: g.coordinates.map(unwrapRing) };
  return g;
}

export function unwrapAntimeridian<T extends Feature | FeatureCollection>(geo: T): T {
  if (geo.type === 'FeatureCollection')
    return { ...geo, features: geo.features.map((f) => ({ ...f, geometry: unwrapGeometry(f.geometry) })) };
  return { ...geo, geometry: unwrapGeometry(geo.geometry) };
}
