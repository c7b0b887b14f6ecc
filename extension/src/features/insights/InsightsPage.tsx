import type { SourceStorage } from '@hypomos/shared/insights/storage';
import type { SourceKind } from '@hypomos/shared/index/item';
import { Cloud, Copy, Database, Folder, HardDrive, type LucideIcon, Share2, Sparkles } from 'lucide-react';
import { db } from '../../db';
import { EmptyState, formatBytes, plural } from '../../ui';
import { KIND_NAMES } from '../sources';
import { Columns, Ring, StackedBar, type Tone } from './charts';
import { type Insights, useInsights } from './use-insights';

const KIND_ICONS: Record<SourceKind, LucideIcon> = {
  onedrive: Cloud,
  gdrive: HardDrive,
  azblob: Database,
  local: Folder,
};
const STATE_TONE: Record<string, Tone> = { normal: 'ok', nearing: 'warn', critical: 'bad', exceeded: 'bad' };
const STATE_WORDS: Record<string, string> = {
  normal: 'Plenty of space',
  nearing: 'Less than 10% free',
  critical: 'Less than 1% free',
  exceeded: 'Over quota',
};

/** Storage and processing insights: space per source, what duplicates cost, what sharing saved, and the queues. */
export function InsightsPage() {
  const insights = useInsights(db);
  const totalItems = insights.sources.reduce((s, x) => s + x.items, 0);
  return (
    <section className="page insights" aria-label="Insights">
      <header className="page-head">
        <div>
          <h1>Insights</h1>
          <p className="muted insight-sub">Space, sharing and processing across your sources.</p>
        </div>
      </header>
      {insights.sources.length === 0 ? (
        <EmptyState icon={<Database size={44} />} title="No sources yet">
          Connect a source to see how its space is used.
        </EmptyState>
      ) : (
        <>
          <Summary insights={insights} totalItems={totalItems} />
          <div className="insight-sources">
            {insights.sources.map((s) => (
              <SourceCard
                key={s.source.id}
                row={s}
                loading={!insights.quotasLoaded}
                error={insights.quotaErrors.get(s.source.id) ?? null}
              />
            ))}
          </div>
          <div className="insight-panels">
            <DuplicatesPanel insights={insights} />
            <ProcessingPanel insights={insights} />
          </div>
        </>
      )}
    </section>
  );
}

function Summary({ insights, totalItems }: { insights: Insights; totalItems: number }) {
  const indexed = insights.sources.reduce((s, x) => s + x.indexedBytes, 0);
  const { duplicates, notCopied, processing } = insights;
  return (
    <div className="insight-tiles">
      <Tile icon={Database} label="Indexed media" value={formatBytes(indexed)} testId="tile-indexed">
        {plural(totalItems, 'photo or video', 'photos and videos')} in {plural(insights.sources.length, 'source')}
      </Tile>
      <Tile
        icon={Copy}
        label="Wasted by exact duplicates"
        value={formatBytes(duplicates.wastedBytes)}
        testId="tile-duplicates"
      >
        {duplicates.extraCopies === 0
          ? 'No file is stored twice'
          : `${plural(duplicates.extraCopies, 'extra copy', 'extra copies')}, ${formatBytes(duplicates.acrossSourcesBytes)} across clouds`}
      </Tile>
      <Tile
        icon={Share2}
        label="Not copied, thanks to links"
        value={notCopied ? formatBytes(notCopied.bytes) : '—'}
        testId="tile-not-copied"
      >
        {notCopied
          ? `${plural(notCopied.views, 'view')} of ${plural(notCopied.viewedItems, 'shared item')} served from your storage`
          : insights.notCopiedError
            ? 'Connect the portal to count views'
            : 'Asking the portal…'}
      </Tile>
      <Tile
        icon={Sparkles}
        label="Analysed on this device"
        value={processing ? `${Math.round(processing.vision.share * 100)}%` : '—'}
        testId="tile-vision"
      >
        {processing
          ? processing.vision.paused
            ? `Paused · ${plural(processing.vision.waiting, 'item')} waiting`
            : `${plural(processing.vision.done, 'item')} done · ${processing.vision.waiting.toLocaleString('en')} waiting`
          : '…'}
      </Tile>
    </div>
  );
}

function Tile(props: { icon: LucideIcon; label: string; value: string; testId: string; children: React.ReactNode }) {
  const Icon = props.icon;
  return (
    <div className="insight-tile panel" data-testid={props.testId}>
      <span className="insight-tile-icon">
        <Icon size={18} aria-hidden="true" />
      </span>
      <span className="muted small">{props.label}</span>
      <strong className="insight-tile-value">{props.value}</strong>
      <span className="muted small">{props.children}</span>
    </div>
  );
}

function SourceCard({ row, loading, error }: { row: SourceStorage; loading: boolean; error: string | null }) {
  const { source, space } = row;
  const Icon = KIND_ICONS[source.kind];
  const limited = space.totalBytes !== null;
  return (
    <article
      className="panel insight-source"
      aria-label={source.name}
      data-testid="insight-source"
      data-source-kind={source.kind}
    >
      <header className="source-head">
        <span className="source-icon" data-kind={source.kind}>
          <Icon size={22} aria-hidden="true" />
        </span>
        <div className="source-title">
          <h2>{source.name}</h2>
          <span className="muted small">{KIND_NAMES[source.kind]}</span>
        </div>
      </header>
      <div className="quota">
        {limited ? (
          <Ring
            part={space.usedBytes}
            whole={space.totalBytes ?? 0}
            label={`${formatBytes(space.usedBytes)} of ${formatBytes(space.totalBytes ?? 0)} used`}
            tone={space.state ? (STATE_TONE[space.state] ?? 'accent') : 'accent'}
          />
        ) : (
          // ∞: the provider reports no limit; Σ: no quota known, the figure is a sum of indexed sizes.
          <span className="quota-open" aria-hidden="true">
            {space.basis === 'provider' ? '∞' : 'Σ'}
          </span>
        )}
        <dl className="quota-figures" data-testid="quota">
          <div>
            <dt>{space.basis === 'provider' ? 'Used' : 'Indexed media'}</dt>
            <dd data-stat="used" data-bytes={space.usedBytes}>
              {formatBytes(space.usedBytes)}
            </dd>
          </div>
          <div>
            <dt>Free</dt>
            <dd data-stat="free">
              {space.freeBytes !== null ? formatBytes(space.freeBytes) : space.basis === 'provider' ? 'No limit' : '—'}
            </dd>
          </div>
          {space.inBinBytes !== null && (
            <div>
              <dt>In the bin</dt>
              <dd data-stat="bin">{formatBytes(space.inBinBytes)}</dd>
            </div>
          )}
        </dl>
      </div>
      {space.state && (
        <span className={`pill ${STATE_TONE[space.state] ?? 'ok'} quota-state`} data-testid="quota-state">
          {STATE_WORDS[space.state]}
        </span>
      )}
      <p className="muted small quota-note" data-testid="quota-note">
        {space.basis === 'provider'
          ? `${limited ? `Of ${formatBytes(space.totalBytes ?? 0)}, as` : 'As'} ${KIND_NAMES[source.kind]} reports it, other files included.`
          : loading
            ? 'Asking the provider…'
            : error
              ? `The quota could not be read (${error}); this is the sum of the indexed sizes.`
              : `${KIND_NAMES[source.kind]} has no quota API: this is the sum of the indexed sizes.`}
      </p>
      <p className="small">
        <span data-stat="indexed-bytes" data-bytes={row.indexedBytes}>
          {formatBytes(row.indexedBytes)}
        </span>{' '}
        in <span data-stat="items">{plural(row.items, 'photo or video', 'photos and videos')}</span>
        {row.unknownSize > 0 && <span className="muted"> ({row.unknownSize} of unknown size)</span>}
      </p>
      <h3>By year taken</h3>
      <Columns bars={row.byYear.map((y) => ({ label: y.label, value: y.bytes, count: y.count }))} testId="by-year" />
      <h3>By kind of file</h3>
      <StackedBar
        testId="by-type"
        segments={row.byType.map((t) => ({
          label: t.label,
          value: t.bytes,
          tone: t.label,
          shown: `${formatBytes(t.bytes)} · ${t.count}`,
        }))}
      />
    </article>
  );
}

function DuplicatesPanel({ insights }: { insights: Insights }) {
  const { duplicates, notCopied } = insights;
  const names = new Map(insights.sources.map((s) => [s.source.id, s.source.name]));
  return (
    <section className="panel insight-panel" aria-label="Duplicates and sharing" data-testid="insight-savings">
      <h2>Duplicates</h2>
      <p className="small">
        <strong data-stat="wasted" data-bytes={duplicates.wastedBytes}>
          {formatBytes(duplicates.wastedBytes)}
        </strong>{' '}
        would be freed by keeping one copy of each identical file ({plural(duplicates.groups, 'group')}).{' '}
        {duplicates.acrossSourcesBytes > 0 &&
          `${formatBytes(duplicates.acrossSourcesBytes)} of it is the same file in two clouds.`}
      </p>
      {duplicates.wastedBytes > 0 && (
        <StackedBar
          testId="wasted-by-source"
          segments={[...duplicates.bySource].map(([id, bytes], n) => ({
            label: names.get(id) ?? id,
            value: bytes,
            tone: (['JPEG', 'Video', 'RAW', 'HEIC'] as const)[n % 4] ?? 'accent',
          }))}
        />
      )}
      {duplicates.extraCopies > 0 && (
        <a className="btn" href="#/housekeeping">
          Review duplicates
        </a>
      )}
      <h2>Sharing without copies</h2>
      {notCopied ? (
        <>
          <p className="small">
            <strong data-stat="not-copied" data-bytes={notCopied.bytes}>
              {formatBytes(notCopied.bytes)}
            </strong>{' '}
            did not have to be copied: your own storage served {plural(notCopied.views, 'view')} of{' '}
            {plural(notCopied.viewedItems, 'item')} across {plural(notCopied.shares, 'share')}.
          </p>
          <p className="muted small">
            Each shared item’s size times the viewers who opened it. The portal counts a viewer once per network
            address, so people on one connection count once.
            {notCopied.failedShares > 0 && ` ${plural(notCopied.failedShares, 'share')} could not be counted.`}
          </p>
        </>
      ) : (
        <p className="muted small">
          {insights.notCopiedError
            ? `View counts come from your portal: ${insights.notCopiedError}.`
            : 'Asking the portal for view counts…'}
        </p>
      )}
    </section>
  );
}

function ProcessingPanel({ insights }: { insights: Insights }) {
  const p = insights.processing;
  if (!p) return <section className="panel insight-panel" aria-busy="true" />;
  const count = (n: number) => n.toLocaleString('en');
  return (
    <section className="panel insight-panel" aria-label="Processing" data-testid="insight-processing">
      <h2>Indexing</h2>
      <StackedBar
        testId="index-queue"
        segments={[
          { label: 'Indexed', value: p.indexed, tone: 'ok', shown: count(p.indexed) },
          { label: 'Waiting', value: p.waiting, tone: 'accent', shown: count(p.waiting) },
          { label: 'Could not be read', value: p.failed, tone: 'bad', shown: count(p.failed) },
        ]}
      />
      {p.reasons.length > 0 && (
        <ul className="reasons" data-testid="failure-reasons">
          {p.reasons.map((r) => (
            <li key={r.reason}>
              <span className="reason-count">{r.count}</span>
              <span>
                {r.reason}
                {r.retried && <span className="muted"> · tried again at the next sync</span>}
                <span className="muted small reason-examples">{r.examples.join(', ')}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>
        On-device vision{' '}
        {p.vision.paused && (
          <span className="pill bad" data-testid="vision-paused">
            Paused
          </span>
        )}
      </h2>
      <StackedBar
        testId="vision-queue"
        segments={[
          { label: 'Done', value: p.vision.done, tone: 'ok', shown: count(p.vision.done) },
          {
            label: p.vision.paused ? 'Waiting (paused)' : 'Waiting',
            value: p.vision.waiting,
            tone: 'warn',
            shown: count(p.vision.waiting),
          },
          { label: 'Failed', value: p.vision.failed, tone: 'bad', shown: count(p.vision.failed) },
        ]}
      />
      {p.vision.done + p.vision.waiting + p.vision.failed === 0 && (
        <p className="muted small">
          Nothing queued: turn on vision for a source on the <a href="#/people">People</a> page.
        </p>
      )}
    </section>
  );
}
