import type { CorsProbeVerdict } from '@hypomos/shared/providers/azure-cors-probe';
import { Check, Copy } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { BlobCorsReply } from './messages';
import { runCorsProbe } from './cors-probe';
import { ask } from '../../protocol';

const STATE_WORDS: Record<BlobCorsReply['state'], { text: string; tone: string }> = {
  set: { text: 'Rule added', tone: 'ok' },
  present: { text: 'Rule in place', tone: 'ok' },
  missing: { text: 'Rule missing', tone: 'warn' },
  full: { text: 'No free rule', tone: 'warn' },
  unknown: { text: 'Not known', tone: 'warn' },
  tested: { text: 'Works (tested)', tone: 'ok' },
  'no-portal': { text: 'No portal yet', tone: '' },
};

/**
 * Whether guests' browsers may fetch() this container's files (downloads, "Download all"): the Blob service's CORS
 * rule for the portal. With the account key Hypomos adds it; otherwise the owner gets the rule to add, copyable, and
 * "Test", which fetches one byte of a blob from the portal's origin as a guest's browser would.
 */
export function BlobCorsPanel({ sourceId }: { sourceId: string }) {
  const [status, setStatus] = useState<BlobCorsReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<CorsProbeVerdict | 'running' | null>(null);
  const load = useCallback(
    async (refresh: boolean) => {
      try {
        setStatus(await ask('sources.blobCors', { sourceId, refresh }));
        setError(null);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [sourceId],
  );
  useEffect(() => {
    void load(false);
  }, [load]);
  const runTest = async () => {
    if (!status?.portalOrigin || !status.testUrl) return;
    setTest('running');
    const verdict = await runCorsProbe(status.portalOrigin, status.testUrl);
    setTest(verdict);
    // A SAS cannot read the rules: the Test is what its links go by (a download form only after one passed).
    await ask('sources.blobCorsTested', { sourceId, origin: status.portalOrigin, ok: verdict.ok }).catch((e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
    await load(true);
  };
  const words = status ? STATE_WORDS[status.state] : null;
  return (
    <section
      className="blob-cors"
      aria-label="Guest downloads (CORS)"
      data-testid="blob-cors"
      data-state={status?.state}
    >
      <header className="blob-cors-head">
        <strong>Guest downloads (CORS)</strong>
        {words && <span className={`pill ${words.tone}`}>{words.text}</span>}
      </header>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {status && <StatusLine status={status} />}
      {status && !status.allows && status.rule.length > 0 && <RuleToAdd status={status} />}
      <div className="source-actions">
        <button
          type="button"
          onClick={() => void runTest()}
          disabled={!status?.portalOrigin || !status.testUrl || test === 'running'}
          title={status && !status.testUrl ? 'Sync the container first: the test reads one of its files' : undefined}
        >
          {test === 'running' ? 'Testing…' : 'Test'}
        </button>
        <button type="button" className="ghost" onClick={() => void load(true)}>
          Check again
        </button>
      </div>
      {test && test !== 'running' && (
        <p className={`alert ${test.ok ? 'ok' : ''}`} role="status" data-testid="blob-cors-test" data-ok={test.ok}>
          {test.words}
          {status?.testBlob && <span className="muted small"> (tested with “{status.testBlob}”)</span>}
        </p>
      )}
    </section>
  );
}

function StatusLine({ status: s }: { status: BlobCorsReply }) {
  const origin = s.portalOrigin ?? '';
  if (s.state === 'set')
    return <p className="small">Hypomos added a CORS rule for {origin} with the account key. Guests can download.</p>;
  if (s.state === 'present') return <p className="small">The Blob service allows {origin}. Guests can download.</p>;
  if (s.state === 'tested')
    return (
      <p className="small">
        The Test from {origin} passed, so new links offer downloads straight from your storage. Test again after
        changing the rule.
      </p>
    );
  return (
    <p className="small muted">
      {s.why}
      {s.state !== 'no-portal' &&
        '. Guests still see photos and videos; downloads and “Download all” need this rule (or the portal’s relay).'}
    </p>
  );
}

/** The rule, field by field as the Azure portal's CORS blade asks for it (Blob service tab), and as a CLI command. */
function RuleToAdd({ status: s }: { status: BlobCorsReply }) {
  return (
    <div className="blob-cors-rule" data-testid="blob-cors-rule">
      <p className="small">
        Add this rule in the Azure portal: <em>Storage account → Settings → Resource sharing (CORS) → Blob service</em>,
        then press Test.
      </p>
      <dl>
        {s.rule.map((r) => (
          <div key={r.field} data-field={r.field}>
            <dt>{r.field}</dt>
            <dd>
              <CopyField label={r.field} value={r.value} />
            </dd>
          </div>
        ))}
        {s.cli && (
          <div data-field="Azure CLI">
            <dt>Or with the Azure CLI</dt>
            <dd>
              <CopyField label="Azure CLI command" value={s.cli} />
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}

function CopyField({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-field">
      <input readOnly value={value} aria-label={label} onFocus={(e) => e.target.select()} />
      <button
        type="button"
        className="ghost"
        aria-label={`Copy ${label}`}
        onClick={async () => {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        }}
      >
        {copied ? <Check size={14} aria-hidden="true" /> : <Copy size={14} aria-hidden="true" />}
      </button>
    </div>
  );
}
