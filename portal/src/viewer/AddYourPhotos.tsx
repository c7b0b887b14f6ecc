import { useState } from 'react';
import { CopyLink } from '../ui/CopyLink';
import './add-your-photos.css';

/**
 * "Add your photos" on an open event, for guests who do not use the extension yet (issue 23). Photos are never
 * uploaded to the portal: they stay in the guest's own cloud, and the extension shares them to the event, so the
 * honest path is three steps through the extension. Two clicks here (open, copy the link); the rest is in it.
 */
export function AddYourPhotos({ eventUrl }: { eventUrl: string }) {
  const [open, setOpen] = useState(false);
  return (
    <section className="add-photos" aria-label="Add your photos" data-testid="add-photos">
      <div className="add-photos-head">
        <p>
          <strong>Were you there? Add your photos.</strong>{' '}
          <span className="muted">They stay in your own cloud; the organizer shows them here after a look.</span>
        </p>
        <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide the steps' : 'Add your photos'}
        </button>
      </div>
      {open && (
        <ol className="add-photos-steps" data-testid="add-photos-steps">
          <li>
            <strong>Install the Hypomos extension</strong> in Chrome, Edge or Firefox, and sign in from its Settings.
          </li>
          <li>
            <strong>Connect the cloud your photos are in</strong>: OneDrive, Google Drive, Azure Blob or a folder on
            this computer. Nothing is copied; the extension only makes links the organizer’s page can show.
          </li>
          <li>
            <strong>Pick your photos and choose “Share to event…”</strong>, then paste this event’s link:
            <CopyLink url={eventUrl} />
            <span className="muted">
              You can take them out again at any time, here or in the extension; the organizer sees a photo only while
              you share it.
            </span>
          </li>
        </ol>
      )}
    </section>
  );
}
