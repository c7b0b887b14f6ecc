import type { RowStatus } from '../messages';
import { BADGE_COLORS, BADGE_STYLE } from '../ui/styles';
import type { PageRow } from '../adapter';

const LABELS: Record<NonNullable<RowStatus>, string> = {
  indexed: 'Indexed',
  shared: 'Shared',
  pending: 'Pending approval',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

/**
 * Shows a row's status as a small badge in its first cell. Only touches the DOM when the badge
 * changes, so our own MutationObserver does not loop on its own writes.
 */
export function applyBadge(row: PageRow, status: RowStatus): void {
  const cell = row.element.querySelector('[role="gridcell"]:not([data-selection-toggle])') ?? row.element;
  const current = cell.querySelector(':scope > [data-hypomos-badge]');
  if (!status) {
    current?.remove();
    return;
  }
  if (current?.getAttribute('data-hypomos-badge') === status) return;
  const badge = document.createElement('span');
  badge.setAttribute('data-hypomos-badge', status);
  badge.setAttribute('style', BADGE_STYLE + (BADGE_COLORS[status] ?? ''));
  badge.textContent = LABELS[status];
  if (current) current.replaceWith(badge);
  else cell.append(badge);
}

export function removeBadges(root: ParentNode): void {
  for (const badge of root.querySelectorAll('[data-hypomos-badge]')) badge.remove();
}
