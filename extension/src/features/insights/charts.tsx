import { formatBytes } from '../../ui';

/** Plain SVG/CSS charts for the Insights page: no chart library, every number also in the title for hover and tests. */

/** Share of a whole as a ring, with the figure in the middle. */
export function Ring({
  part,
  whole,
  label,
  tone = 'accent',
}: {
  part: number;
  whole: number;
  label: string;
  tone?: Tone;
}) {
  const r = 34;
  const c = 2 * Math.PI * r;
  const share = whole > 0 ? Math.min(1, part / whole) : 0;
  return (
    <svg className="ring" viewBox="0 0 80 80" role="img" aria-label={label} data-tone={tone}>
      <circle className="ring-track" cx="40" cy="40" r={r} />
      <circle
        className="ring-fill"
        cx="40"
        cy="40"
        r={r}
        strokeDasharray={`${share * c} ${c}`}
        transform="rotate(-90 40 40)"
      />
      <text x="40" y="45" textAnchor="middle" className="ring-text">
        {share > 0 && share < 0.005 ? '<1' : share >= 0.995 && share < 1 ? '>99' : Math.round(share * 100)}%
      </text>
    </svg>
  );
}

export type Tone = 'accent' | 'ok' | 'warn' | 'bad' | 'muted';

export interface Segment {
  label: string;
  value: number;
  tone: Tone | string;
  /** Shown beside the label in the legend; bytes by default. */
  shown?: string;
}

/** One horizontal bar split into segments, with a legend under it. */
export function StackedBar({ segments, testId }: { segments: Segment[]; testId?: string }) {
  const total = segments.reduce((s, x) => s + x.value, 0);
  return (
    <div className="stacked" data-testid={testId}>
      <div className="stacked-bar">
        {segments
          .filter((s) => s.value > 0)
          .map((s) => (
            <span
              key={s.label}
              className="stacked-seg"
              data-tone={s.tone}
              style={{ flexGrow: s.value, background: toneColor(s.tone) }}
              title={`${s.label}: ${s.shown ?? formatBytes(s.value)}`}
            />
          ))}
        {total === 0 && <span className="stacked-seg" data-tone="muted" style={{ flexGrow: 1 }} />}
      </div>
      <ul className="legend">
        {segments.map((s) => (
          <li key={s.label} data-label={s.label}>
            <i style={{ background: toneColor(s.tone) }} aria-hidden="true" />
            <span>{s.label}</span>
            <b>{s.shown ?? formatBytes(s.value)}</b>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Vertical bars (e.g. bytes per year), scaled to the largest, labelled under each bar. */
export function Columns({
  bars,
  testId,
}: {
  bars: { label: string; value: number; count: number }[];
  testId?: string;
}) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  // Figures above the bars only while they fit; the title keeps every number.
  const labelled = bars.length <= 6;
  if (bars.length === 0) return <p className="muted small">Nothing indexed yet.</p>;
  return (
    <div className="columns" data-testid={testId} role="img" aria-label="Bytes by year">
      {bars.map((b) => (
        <div key={b.label} className="column" title={`${b.label}: ${formatBytes(b.value)} in ${b.count} files`}>
          {labelled && <span className="column-value">{shortBytes(b.value)}</span>}
          <span className="column-bar" style={{ height: `${Math.max(2, (b.value / max) * 100)}%` }} />
          <span className="column-label">{b.label}</span>
        </div>
      ))}
    </div>
  );
}

/** Palette for kinds of file and states, from the shared tokens where one fits. */
const TONES: Record<string, string> = {
  accent: 'var(--accent)',
  ok: 'var(--success)',
  warn: '#e0a100',
  bad: 'var(--danger)',
  muted: 'var(--border)',
  JPEG: '#3b6ff5',
  HEIC: '#7c4dff',
  RAW: '#e07a00',
  Video: '#0f9d8a',
  PNG: '#d6408b',
  WEBP: '#5c8f2f',
  Other: '#8a94a0',
};
export const toneColor = (tone: string) => TONES[tone] ?? '#8a94a0';

/** "1.2 GB" without the decimals a column label has no room for. */
export function shortBytes(n: number): string {
  if (n < 1024 ** 2) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(n < 10 * 1024 ** 2 ? 1 : 0)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}
