import * as Progress from '@radix-ui/react-progress';
import type { ReactNode } from 'react';

/**
 * The one progress component: a thin bar with a line of words above it. `total` null (or 0 while work is being
 * listed) shows an indeterminate bar rather than a misleading 0 %.
 */
export function ProgressBar({
  label,
  done,
  total,
  testId = 'progress',
}: {
  label: ReactNode;
  done: number;
  total: number | null;
  testId?: string;
}) {
  const known = total !== null && total > 0;
  const value = known ? Math.min(done, total) : null;
  return (
    <div className="progress-bar" role="status" data-testid={testId}>
      <span>{label}</span>
      <Progress.Root className="progress-track" value={value} max={known ? total : 100}>
        <Progress.Indicator
          className="progress-fill"
          style={known ? { transform: `translateX(-${100 - (100 * (value ?? 0)) / total}%)` } : undefined}
        />
      </Progress.Root>
    </div>
  );
}
