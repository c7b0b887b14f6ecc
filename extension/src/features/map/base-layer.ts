import L from 'leaflet';
import { feature } from 'topojson-client';
import land from 'world-atlas/land-110m.json';
import { unwrapAntimeridian } from './antimeridian';

/**
 * A map base that needs no tile server: Natural Earth land outlines (world-atlas, 1:110m) and a
 * 15° graticule. Tests and `npm start` run offline; a configured tile URL draws on top of it.
 */
export function offlineBaseLayer(): L.LayerGroup {
  const topo = land as unknown as Parameters<typeof feature>[0];
  const geo = unwrapAntimeridian(feature(topo, topo.objects.land!) as Parameters<typeof unwrapAntimeridian>[0]);
  const group = L.layerGroup();
  L.geoJSON(geo as Parameters<typeof L.geoJSON>[0], {
    style: { color: '#6b8e6b', weight: 1, fillColor: '#dfe9d8', fillOpacity: 1 },
    interactive: false,
  }).addTo(group);
  const lines: L.LatLngExpression[][] = [];
  for (let lat = -75; lat <= 75; lat += 15)
    lines.push([
      [lat, -180],
      [lat, 180],
    ]);
  for (let lon = -180; lon <= 180; lon += 15)
    lines.push([
      [-85, lon],
      [85, lon],
    ]);
  L.polyline(lines, { color: '#9bb', weight: 0.5, opacity: 0.6, interactive: false }).addTo(group);
  return group;
}

/** Only http(s) tile templates with {z}/{x}/{y} are accepted. */
export function validTileUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/.test(url) && url.includes('{z}') && url.includes('{x}') && url.includes('{y}');
}
