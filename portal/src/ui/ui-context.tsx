import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { ConfirmDialog, type ConfirmOptions } from './Dialog';

export interface ToastOptions {
  text: string;
  tone?: 'info' | 'error';
  /** Shown as an "Undo" button; the toast stays 8 s instead of 4 s so there is time to press it. */
  undo?: () => void | Promise<void>;
}

export interface Ui {
  confirm(options: ConfirmOptions): Promise<boolean>;
  toast(options: ToastOptions): void;
}

const UiContext = createContext<Ui | null>(null);

/** The owner pages' dialogs and toasts: `useUi().confirm/toast` instead of window.confirm/alert. */
export function useUi(): Ui {
  const ui = useContext(UiContext);
  if (!ui) throw new Error('useUi outside <UiProvider>');
  return ui;
}

type Toast = ToastOptions & { id: number };

export function UiProvider({ children }: { children: ReactNode }) {
  const [asking, setAsking] = useState<{ options: ConfirmOptions; answer: (yes: boolean) => void } | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(0);
  const drop = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const ui = useMemo<Ui>(
    () => ({
      confirm: (options) => new Promise((resolve) => setAsking({ options, answer: resolve })),
      toast: (options) => {
        const id = nextId.current++;
        setToasts((all) => [...all.slice(-2), { ...options, id }]);
        setTimeout(() => drop(id), options.undo ? 8000 : 4000);
      },
    }),
    [drop],
  );
  return (
    <UiContext.Provider value={ui}>
      {children}
      {asking && (
        <ConfirmDialog
          options={asking.options}
          onAnswer={(yes) => {
            setAsking(null);
            asking.answer(yes);
          }}
        />
      )}
      <ol className="toast-viewport" aria-live="polite">
        {toasts.map((t) => (
          <li key={t.id} className="toast" data-tone={t.tone ?? 'info'} data-testid="toast" role="status">
            <span className="toast-text">{t.text}</span>
            {t.undo && (
              <button
                type="button"
                onClick={() => {
                  drop(t.id);
                  void t.undo?.();
                }}
              >
                Undo
              </button>
            )}
            <button type="button" aria-label="Dismiss" onClick={() => drop(t.id)}>
              ✕
            </button>
          </li>
        ))}
      </ol>
    </UiContext.Provider>
  );
}
