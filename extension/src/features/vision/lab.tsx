import { type IndexItem, itemKey } from '@hypomos/shared/index/item';
import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import { useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { HypomosDb } from '../../db';
import { UiProvider } from '../../ui';
import { blobThumbnailSource, itemThumbnailSource, ThumbnailContext } from '../library';
import type { ThumbnailSource } from '../sources';
import type { CheckImage } from './check';
import { DuplicatesReview } from './DuplicatesReview';
import { useVisionRunner } from './hooks';
import { PeopleManager } from './PeopleManager';
import { TagSuggestions } from './TagSuggestions';
import { VisionPanel } from './VisionPanel';

/**
 * The vision screens on a throw-away library of images given by URL: the consent screen, progress, people, duplicates
 * and suggestions exactly as the dashboard mounts them, over a fresh database. Used by the UI e2e test.
 */
export async function mountVisionLab(container: HTMLElement, images: CheckImage[]) {
  const db = new HypomosDb(`vision-lab-${crypto.randomUUID()}`);
  const sourceId = 'lab';
  const urls = new Map<string, string>();
  await db.sources.put({
    id: sourceId,
    kind: 'local',
    name: 'Lab photos',
    config: {},
    createdAt: 0,
    visionOptIn: false,
    autoTagFolders: false,
    ignoredFolderNames: [],
  });
  await db.items.bulkPut(
    images.map((img): IndexItem => {
      const key = itemKey(sourceId, img.id);
      urls.set(key, img.url);
      return makeIndexItem({
        sourceId,
        providerItemId: img.id,
        name: img.name,
        mediaType: 'image',
        mimeType: img.mimeType ?? null,
        sha256: img.sha256 ?? null,
      });
    }),
  );
  const thumbnails = async (key: string) => {
    const res = await fetch(urls.get(key) ?? 'about:blank');
    if (!res.ok) throw new Error(`thumbnail ${res.status}`);
    return res.blob();
  };
  createRoot(container).render(<LabScreens db={db} thumbnails={thumbnails} />);
  return {
    items: async () =>
      (await db.items.toArray()).map((i) => ({
        id: i.providerItemId,
        people: i.people,
        labels: i.labels,
        unwanted: i.unwanted,
      })),
    people: async () => db.people.toArray(),
  };
}

/** The lab's throw-away thumbnails, as the library's tiles read them. */
const labThumbnails = (thumbnails: ThumbnailSource) =>
  blobThumbnailSource((key) => thumbnails(key).then((blob) => ({ blob, best: true })), itemThumbnailSource);

/** The background's runner drains only the user's index, so the lab drains its throw-away database itself. */
function LabScreens({ db, thumbnails }: { db: HypomosDb; thumbnails: ThumbnailSource }) {
  useVisionRunner(db, thumbnails);
  const tiles = useMemo(() => labThumbnails(thumbnails), [thumbnails]);
  return (
    <UiProvider>
      <VisionPanel db={db} />
      <PeopleManager db={db} thumbnails={thumbnails} />
      <ThumbnailContext.Provider value={tiles}>
        <DuplicatesReview db={db} />
      </ThumbnailContext.Provider>
      <TagSuggestions db={db} />
    </UiProvider>
  );
}
