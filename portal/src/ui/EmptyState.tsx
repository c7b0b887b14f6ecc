import type { ReactNode } from 'react';

/** What a list shows when it has nothing yet: an icon, a title, one sentence, and the step that fills it. */
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
      <h3>{title}</h3>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}
