import * as AlertDialog from '@radix-ui/react-alert-dialog';
import * as RadixDialog from '@radix-ui/react-dialog';
import { type FormEvent, type ReactNode, useState } from 'react';

/** A modal dialog (Radix: focus trap, Escape, aria wiring, focus returned to the opener). */
export function Dialog({
  title,
  description,
  onClose,
  children,
  testId,
}: {
  title: string;
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content className="dialog" data-testid={testId} aria-describedby={undefined}>
          <RadixDialog.Title>{title}</RadixDialog.Title>
          {description && <RadixDialog.Description>{description}</RadixDialog.Description>}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

export interface ConfirmOptions {
  title: string;
  body?: ReactNode;
  confirmLabel: string;
  /** Destructive: the confirm button is red and Cancel has the focus. */
  danger?: boolean;
}

/** Yes/no for an action that cannot be taken back silently (Radix AlertDialog: no dismiss by outside click). */
export function ConfirmDialog({ options, onAnswer }: { options: ConfirmOptions; onAnswer: (yes: boolean) => void }) {
  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && onAnswer(false)}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog" data-testid="confirm-dialog">
          <AlertDialog.Title>{options.title}</AlertDialog.Title>
          {options.body && <AlertDialog.Description>{options.body}</AlertDialog.Description>}
          <div className="dialog-actions">
            <AlertDialog.Cancel asChild>
              <button type="button">Cancel</button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <button
                type="button"
                className={options.danger ? 'danger solid' : 'primary'}
                onClick={() => onAnswer(true)}
              >
                {options.confirmLabel}
              </button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

export interface PromptOptions {
  title: string;
  label: string;
  initial?: string;
  confirmLabel: string;
}

/** Asks for one line of text (a name); empty answers are refused in place. */
export function PromptDialog({
  options,
  onAnswer,
}: {
  options: PromptOptions;
  onAnswer: (text: string | null) => void;
}) {
  const [text, setText] = useState(options.initial ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) onAnswer(text.trim());
  };
  return (
    <Dialog title={options.title} onClose={() => onAnswer(null)} testId="prompt-dialog">
      <form onSubmit={submit} className="field">
        <label className="field">
          {options.label}
          <input value={text} onChange={(e) => setText(e.target.value)} onFocus={(e) => e.target.select()} />
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={() => onAnswer(null)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!text.trim()}>
            {options.confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
