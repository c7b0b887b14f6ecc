import { type ReactNode, useEffect, useId, useRef } from 'react';

/**
 * A modal dialog on the native `<dialog>` (showModal): the browser gives it the top layer, the focus trap, Escape
 * and inertness of the page behind, with no library in the portal's bundle.
 */
export function Dialog({
  title,
  onClose,
  children,
  testId,
  wide = false,
  role,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
  role?: 'alertdialog';
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
    const closed = () => close.current();
    d.addEventListener('close', closed);
    return () => d.removeEventListener('close', closed);
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog wide' : 'dialog'}
      aria-labelledby={titleId}
      data-testid={testId}
      role={role}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

export interface ConfirmOptions {
  title: string;
  body?: ReactNode;
  confirmLabel: string;
  /** Destructive: the confirm button is red and Cancel has the focus. */
  danger?: boolean;
}

/** Yes/no before an action that cannot be taken back. */
export function ConfirmDialog({ options, onAnswer }: { options: ConfirmOptions; onAnswer: (yes: boolean) => void }) {
  const answered = useRef(false);
  const answer = (yes: boolean) => {
    if (answered.current) return;
    answered.current = true;
    onAnswer(yes);
  };
  return (
    <Dialog title={options.title} onClose={() => answer(false)} testId="confirm-dialog" role="alertdialog">
      {options.body && <p className="dialog-body">{options.body}</p>}
      <div className="dialog-actions">
        <button type="button" onClick={() => answer(false)} autoFocus={options.danger}>
          Cancel
        </button>
        <button type="button" className={options.danger ? 'danger solid' : 'primary'} onClick={() => answer(true)}>
          {options.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
