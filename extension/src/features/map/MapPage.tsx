import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import Supercluster, { type ClusterProperties } from 'supercluster';
import {
  blurhashDataUrl,
  type CatalogItem,
  ThumbnailContext,
  type ThumbnailSource,
  useLibrary,
  useLibraryContext,
  useLive,
} from '../library';
import { offlineBaseLayer, validTileUrl } from './base-layer';

export const TILE_URL_KEY = 'settings.map.tileUrl';
/** From this zoom on, single photos show as thumbnails instead of clusters. */
const THUMB_ZOOM = 12;

type PointProps = { key: string };

function clusterIcon(count: number, heat: boolean): L.DivIcon {
  const base = Math.round(24 + Math.min(40, Math.log2(count + 1) * 5));
  const size = heat ? Math.round(base * 1.6) : base;
  const el = document.createElement('div');
  el.className = heat ? 'heat-dot' : 'cluster';
  el.style.width = el.style.height = `${size}px`;
  if (!heat) el.textContent = count.toLocaleString();
  else el.style.opacity = String(Math.min(0.85, 0.25 + Math.log10(count + 1) / 4));
  return L.divIcon({ html: el, className: '', iconSize: [size, size] });
}

/**
 * Thumbnail marker built as DOM nodes: names go in as text, never as HTML. `count` > 1 adds a count badge. The
 * placeholder shows at once; the thumbnail (cached, the provider's or made on the device) replaces it when ready.
 */
function thumbIcon(item: CatalogItem, thumbs: ThumbnailSource, count = 1): L.DivIcon {
  const el = document.createElement('div');
  el.className = 'map-thumb';
  const img = document.createElement('img');
  img.alt = item.name;
  const placeholder = item.blurhash ? blurhashDataUrl(item.blurhash) : null;
  if (placeholder) img.src = placeholder;
  void thumbs.url(item, 160).then(
    (src) => {
      if (src) img.src = src;
    },
    () => undefined,
  );
  el.append(img);
  if (count > 1) {
    const badge = document.createElement('span');
    badge.className = 'map-count';
    badge.textContent = count.toLocaleString();
    el.append(badge);
  }
  return L.divIcon({ html: el, className: '', iconSize: [56, 56] });
}

/** Clustered markers (or a heat view) when zoomed out, thumbnails when zoomed in. Works with no tile server. */
export function MapPage() {
  const { db, store, lightbox } = useLibraryContext();
  const thumbs = useContext(ThumbnailContext);
  const lib = useLibrary(store);
  const tileUrl = useLive(async () => (await db.kv.get(TILE_URL_KEY))?.value, [db], undefined);
  const mapEl = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markers = useRef<L.LayerGroup | null>(null);
  const [heat, setHeat] = useState(false);
  const [zoom, setZoom] = useState(2);

  const located = useMemo(() => lib.items.filter((i) => i.lat !== null && i.lon !== null), [lib.items]);
  const index = useMemo(() => {
    // Clusters down to street level, so photos taken at one spot stay one marker with their count.
    const sc = new Supercluster<PointProps>({ radius: 60, maxZoom: 17 });
    sc.load(
      located.map((i) => ({
        type: 'Feature',
        properties: { key: i.key },
        geometry: { type: 'Point', coordinates: [i.lon!, i.lat!] },
      })),
    );
    return sc;
  }, [located]);

  useEffect(() => {
    if (!mapEl.current) return;
    const map = L.map(mapEl.current, { worldCopyJump: true, minZoom: 1, maxZoom: 18 }).setView([30, 10], 2);
    map.getContainer().style.background = '#cfe3ef';
    offlineBaseLayer().addTo(map);
    markers.current = L.layerGroup().addTo(map);
    mapRef.current = map;
    map.on('zoomend', () => setZoom(map.getZoom()));
    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || typeof tileUrl !== 'string' || !validTileUrl(tileUrl)) return;
    const tiles = L.tileLayer(tileUrl, { maxZoom: 19, attribution: 'Tiles: configured in Settings' }).addTo(map);
    return () => {
      tiles.remove();
    };
  }, [tileUrl]);

  useEffect(() => {
    const map = mapRef.current;
    const layer = markers.current;
    if (!map || !layer) return;
    const draw = () => {
      layer.clearLayers();
      const b = map.getBounds();
      const z = Math.round(map.getZoom());
      const features = index.getClusters(
        [b.getWest(), Math.max(-85, b.getSouth()), b.getEast(), Math.min(85, b.getNorth())],
        z,
      );
      for (const f of features) {
        const [lon, lat] = f.geometry.coordinates as [number, number];
        const props = f.properties as Partial<ClusterProperties> & Partial<PointProps>;
        if (props.cluster) {
          const count = props.point_count ?? 0;
          const leaves = index.getLeaves(props.cluster_id!, Infinity).map((l) => l.properties.key);
          const first = lib.byKey.get(leaves[0] ?? '');
          const m = L.marker([lat, lon], {
            icon: z >= THUMB_ZOOM && first ? thumbIcon(first, thumbs, count) : clusterIcon(count, heat),
            title: `${count} photos`,
          });
          m.on('click', () => {
            // Zoom to fit the cluster's photos (not a fixed zoom onto an empty base); photos that share one spot
            // cannot be told apart by zooming, so they open in the lightbox.
            const bounds = L.latLngBounds(
              leaves.flatMap((k) => {
                const i = lib.byKey.get(k);
                return i?.lat != null && i.lon != null ? [L.latLng(i.lat, i.lon)] : [];
              }),
            );
            const spread = bounds.isValid() && !bounds.getNorthEast().equals(bounds.getSouthWest(), 1e-5);
            if (!spread || z >= 17) {
              lightbox(leaves, 0);
              return;
            }
            // At least one step in, so a cluster as wide as the view still opens up.
            const fit = map.getBoundsZoom(bounds, false, L.point(120, 120));
            map.setView(bounds.getCenter(), Math.min(17, Math.max(z + 1, fit)));
          });
          layer.addLayer(m);
        } else if (props.key) {
          const item = lib.byKey.get(props.key);
          if (!item) continue;
          const m = L.marker([lat, lon], {
            icon: z >= THUMB_ZOOM ? thumbIcon(item, thumbs) : clusterIcon(1, heat),
            title: item.name,
          });
          m.on('click', () => {
            // A lone dot zoomed out first zooms in to its thumbnail; the thumbnail opens the lightbox.
            if (z < THUMB_ZOOM) {
              map.setView([lat, lon], THUMB_ZOOM);
              return;
            }
            const keys = located.map((i) => i.key);
            lightbox(keys, keys.indexOf(item.key));
          });
          layer.addLayer(m);
        }
      }
    };
    draw();
    map.on('moveend', draw);
    return () => {
      map.off('moveend', draw);
    };
  }, [index, heat, lib.byKey, located, lightbox, thumbs]);

  return (
    <section className="page map" aria-label="Map">
      <header className="toolbar">
        <h1>Map</h1>
        <span data-testid="map-count">{located.length.toLocaleString()} items with a location</span>
        <label>
          <input type="checkbox" checked={heat} onChange={(e) => setHeat(e.target.checked)} /> Heat map
        </label>
        <span data-testid="map-zoom">zoom {zoom}</span>
        {typeof tileUrl !== 'string' && <small>Offline base map. Set a tile server in Settings for streets.</small>}
      </header>
      {lib.total === 0 && (
        <p className="empty">
          No photos yet. <a href="#/sources">Connect a source</a>; photos with GPS appear here.
        </p>
      )}
      <div ref={mapEl} className="map-canvas" data-testid="map" />
    </section>
  );
}
