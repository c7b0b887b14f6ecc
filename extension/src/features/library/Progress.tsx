/** A labelled progress bar for any long operation. */
export function ProgressBar({ label, done, total }: { label: string; done: number; total: number }) {
  return (
    <div className="progress" role="status" data-testid="progress">
      <span>
        {label} {done.toLocaleString()} / {total.toLocaleString()}
      </span>
      <progress value={done} max={Math.max(1, total)} />
    </div>
  );
}

/** What a new user sees before anything is indexed. */
export function EmptyLibrary() {
  return (
    <div className="empty" data-testid="empty-state">
      <h2>Your library is empty</h2>
      <p>Hypomos shows the photos and videos that stay in your own clouds. Connect a source to start indexing:</p>
      <p>
        <a href="#/sources">Connect OneDrive, Google Drive, Azure Blob or a local folder →</a>
      </p>
    </div>
  );
}
