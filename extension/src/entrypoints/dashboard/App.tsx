import {
  Bell,
  ChartColumn,
  Copy,
  FolderSync,
  ImagePlus,
  Images,
  Library as LibraryIcon,
  type LucideIcon,
  Map as MapIcon,
  Menu,
  Search,
  Settings,
  Share2,
  Snowflake,
  Sparkles,
  Users,
} from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { db } from '../../db';
import { systemClock } from '../../platform/clock';
import { CollectionsPage } from '../../features/collections/CollectionsPage';
import { ExplorePage } from '../../features/explore/ExplorePage';
import { ImportPage } from '../../features/import/ImportPage';
import { InsightsPage } from '../../features/insights/InsightsPage';
import { pageImportDeps } from './import-deps';
import { TieringPage } from '../../features/tiering/TieringPage';
import { pageBinDeps } from './housekeeping-deps';
import { pageMoverDeps } from './tiering-deps';
import { Lightbox } from '../../features/lightbox/Lightbox';
import { MapPage } from '../../features/map/MapPage';
import { MapSettings } from '../../features/map/MapSettings';
import { installBenchHook } from '../../features/search/bench-hook';
import { SearchPage } from '../../features/search/SearchPage';
import { ActivityPage } from '../../features/sharing/ActivityPage';
import { useActivityBadge } from '../../features/sharing/use-activity-badge';
import { PortalSettings } from '../../features/sharing/PortalSettings';
import { SharedWithMePage } from '../../features/sharing/SharedWithMePage';
import { Slideshow } from '../../features/slideshow/Slideshow';
import { pageThumbnails } from '../../features/sources/page-thumbnails';
import { SourcesPage } from '../../features/sources/SourcesPage';
import { AutoTagSettings } from '../../features/tags/AutoTagSettings';
import { type Library, LibraryContext } from '../../features/library/library-context';
import { HousekeepingPage } from '../../features/housekeeping';
import { LibraryStore } from '../../features/library/library-store';
import { emptySelection, type SelectionState } from '../../features/library/selection';
import { blobThumbnailSource, itemThumbnailSource, ThumbnailContext } from '../../features/library/thumbnails';
import { TimelinePage } from '../../features/timeline/TimelinePage';
import {
  DashboardVisionRunner,
  DuplicatesReview,
  kickVisionRunner,
  PeopleManager,
  TagSuggestions,
  VisionPanel,
} from '../../features/vision';
import { UiProvider } from '../../ui';
import { type RouteName, useHashRoute } from './router';

const NAV: [RouteName, string, LucideIcon][] = [
  ['timeline', 'Timeline', Images],
  ['search', 'Search', Search],
  ['map', 'Map', MapIcon],
  ['collections', 'Collections', LibraryIcon],
  ['explore', 'Explore', Sparkles],
  ['people', 'People', Users],
  ['housekeeping', 'Housekeeping', Copy],
  ['shared', 'Shared with me', Share2],
  ['activity', 'Activity', Bell],
  ['sources', 'Sources', FolderSync],
  ['import', 'Import', ImagePlus],
  ['insights', 'Insights', ChartColumn],
  ['tiering', 'Tiering', Snowflake],
  ['settings', 'Settings', Settings],
];

const store = new LibraryStore(db);
const thumbnails = pageThumbnails(db);
// The grid shows what is cached at once, then the large thumbnail (provider's, or made on the device).
const gridThumbnails = blobThumbnailSource(thumbnails.quick, itemThumbnailSource, thumbnails.best);
installBenchHook(db, store);
const binDeps = () => pageBinDeps(db);

export function App() {
  const route = useHashRoute();
  const [selection, setSelection] = useState<SelectionState>(emptySelection);
  const [box, setBox] = useState<{ keys: string[]; index: number } | null>(null);
  const [show, setShow] = useState<{ keys: string[]; title: string } | null>(null);
  const [navOpen, setNavOpen] = useState(false);
  const activityBadge = useActivityBadge(route.name);

  useEffect(() => {
    void store.load();
    return store.watch();
  }, []);
  // A selection belongs to the page it was made on.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on navigation only
  useEffect(() => {
    setSelection(emptySelection());
    setNavOpen(false);
  }, [route.name, route.param]);

  const lightbox = useCallback((keys: string[], index: number) => setBox({ keys, index }), []);
  const slideshow = useCallback((keys: string[], title: string) => setShow({ keys, title }), []);
  const library: Library = useMemo(
    () => ({ db, store, clock: systemClock, selection, setSelection, lightbox, slideshow }),
    [selection, lightbox, slideshow],
  );
  const setQuery = useCallback((q: string) => {
    const next = `#/search${q ? `?q=${encodeURIComponent(q)}` : ''}`;
    if (location.hash !== next) history.replaceState(null, '', next);
  }, []);

  return (
    <UiProvider>
      <LibraryContext.Provider value={library}>
        <ThumbnailContext.Provider value={gridThumbnails}>
          <div className="app">
            <nav className="nav" aria-label="Library" data-open={navOpen ? '1' : '0'}>
              <div className="nav-head">
                <span className="brand">Hypomos</span>
                <button
                  type="button"
                  className="nav-toggle ghost"
                  aria-label="Menu"
                  aria-expanded={navOpen}
                  onClick={() => setNavOpen((o) => !o)}
                >
                  <Menu size={20} />
                </button>
              </div>
              <div className="nav-links">
                {NAV.map(([name, label, Icon]) => (
                  <a key={name} href={`#/${name}`} aria-current={route.name === name ? 'page' : undefined}>
                    <Icon className="nav-icon" size={18} aria-hidden="true" />
                    {label}
                    {name === 'activity' && activityBadge && (
                      <span className="nav-count" data-testid="nav-activity-count" aria-label={`${activityBadge} new`}>
                        {activityBadge}
                      </span>
                    )}
                  </a>
                ))}
              </div>
            </nav>
            <main className="main">
              {route.name === 'timeline' && <TimelinePage />}
              {route.name === 'search' && (
                <SearchPage initialQuery={route.query.get('q') ?? ''} onQueryChange={setQuery} />
              )}
              {route.name === 'map' && <MapPage />}
              {route.name === 'collections' && <CollectionsPage openId={route.param} />}
              {route.name === 'explore' && <ExplorePage />}
              {route.name === 'people' && (
                <section className="page people" aria-label="People">
                  <h1>People</h1>
                  <VisionPanel db={db} onWork={kickVisionRunner} />
                  <DashboardVisionRunner db={db} thumbnails={thumbnails.large} />
                  <PeopleManager db={db} thumbnails={thumbnails.large} />
                </section>
              )}
              {route.name === 'housekeeping' && (
                <HousekeepingPage
                  db={db}
                  tab={route.param}
                  makeBinDeps={binDeps}
                  more={
                    <>
                      <DuplicatesReview db={db} />
                      <TagSuggestions db={db} />
                    </>
                  }
                />
              )}
              {route.name === 'shared' && <SharedWithMePage />}
              {route.name === 'activity' && <ActivityPage />}
              {route.name === 'sources' && <SourcesPage />}
              {route.name === 'insights' && <InsightsPage />}
              {route.name === 'import' && <ImportPage makeDeps={(parallel) => pageImportDeps(db, parallel)} />}
              {route.name === 'tiering' && <TieringPage makeDeps={() => pageMoverDeps(db)} />}
              {route.name === 'settings' && (
                <section className="page settings" aria-label="Settings">
                  <h1>Settings</h1>
                  <MapSettings />
                  <AutoTagSettings />
                  <PortalSettings />
                </section>
              )}
            </main>
            {box && (
              <Lightbox
                keys={box.keys}
                index={box.index}
                onIndex={(index) => setBox({ ...box, index })}
                onClose={() => setBox(null)}
              />
            )}
            {show && <Slideshow keys={show.keys} title={show.title} onClose={() => setShow(null)} />}
          </div>
        </ThumbnailContext.Provider>
      </LibraryContext.Provider>
    </UiProvider>
  );
}
