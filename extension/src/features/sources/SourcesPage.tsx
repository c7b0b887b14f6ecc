/**
 * Placeholder created by the library dashboard so the #/sources route has something to render.
 * The sources engineer owns this file and replaces it with the real page (connect, scan, progress).
 */
export function SourcesPage() {
  return (
    <section className="page sources" aria-label="Sources">
      <h1>Sources</h1>
      <p>Connect OneDrive, Google Drive, Azure Blob or a local folder to start indexing.</p>
    </section>
  );
}
