import type { ExportFormat } from '../api/proofing';

/** Client proofing's rules (issue 23), shared by the worker that enforces them and the viewer that shows them. */

export interface ProofingRules {
  enabled: boolean;
  /** Favourites per client; null: no limit. */
  limit: number | null;
  /** Epoch ms when the selection locks; null: never before the gallery itself expires. */
  deadline: number | null;
}

export const isLocked = (rules: Pick<ProofingRules, 'deadline'>, now: number) =>
  rules.deadline !== null && now >= rules.deadline;

export type PickRefusal = 'proofing_off' | 'selection_locked' | 'limit_reached';

/** Why a client may not add one more favourite to the `count` they hold, or null when they may. */
export function refuseNewPick(rules: ProofingRules, count: number, now: number): PickRefusal | null {
  if (!rules.enabled) return 'proofing_off';
  if (isLocked(rules, now)) return 'selection_locked';
  if (rules.limit !== null && count >= rules.limit) return 'limit_reached';
  return null;
}

/** "3 of 20 chosen", "3 chosen", for the client and the photographer alike. */
export function pickCountLabel(count: number, limit: number | null): string {
  return limit === null ? `${count} chosen` : `${count} of ${limit} chosen`;
}

export interface ExportRow {
  client: string;
  /** The owner's file name, else the provider's id of the item (published before names were sent). */
  fileName: string | null;
  sourceItemId: string;
  pickedAt: number;
}

const nameOf = (r: ExportRow) => r.fileName ?? r.sourceItemId;
const stem = (name: string) => name.replace(/\.[^./\\]{1,8}$/, '');

// A cell that starts with = + - @ (or a tab or CR before them) is run as a formula by Excel and Sheets: a client's
// name or a file name like "=HYPERLINK(…)" must stay text (OWASP, CSV injection), so it gets a leading apostrophe.
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The photographer's list: `txt` one file name a line (each file once), `csv` one row per client and pick,
 * `lightroom` the names without extensions, comma-separated, for Lightroom's Library filter ("Filename contains").
 */
export function exportSelection(rows: readonly ExportRow[], format: ExportFormat): string {
  if (format === 'csv') {
    const lines = rows.map((r) => [r.client, nameOf(r), new Date(r.pickedAt).toISOString()].map(csvCell).join(','));
    return `${['client', 'file', 'picked_at'].join(',')}\r\n${lines.map((l) => `${l}\r\n`).join('')}`;
  }
  const names = [...new Set(rows.map(nameOf))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (format === 'lightroom') return `${names.map(stem).join(', ')}\n`;
  return names.length ? `${names.join('\n')}\n` : '';
}
