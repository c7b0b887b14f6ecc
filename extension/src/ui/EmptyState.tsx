import type { ReactNode } from 'react';

/** What a page shows when it has nothing yet: an icon, a title, one sentence, and the action that fixes it. */
export function EmptyState({
  icon,
  title,
  children,
  action,
  testId = 'empty-state',
}: {
  icon: ReactNode;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty-state" data-testid={testId}>
      <span className="empty-icon" aria-hidden="true">
        {icon}
      </span>
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}
