import type { HypomosDb } from '../../db';
import type { ThumbnailSource } from '../sources';
import { useBackgroundVisionRunner } from './hooks';

/** Mounted beside VisionPanel on the dashboard: wakes the background's runner, or drains in the page where none exists. */
export function DashboardVisionRunner({ db, thumbnails }: { db: HypomosDb; thumbnails: ThumbnailSource }) {
  const { inPage } = useBackgroundVisionRunner(db, thumbnails);
  return inPage ? (
    <p className="vision-runner-note" data-testid="vision-runs-in-page">
      Analysis runs while this page is open.
    </p>
  ) : null;
}
