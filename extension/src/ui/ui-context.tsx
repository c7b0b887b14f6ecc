import * as Toast from '@radix-ui/react-toast';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { ConfirmDialog, type ConfirmOptions, PromptDialog, type PromptOptions } from './Dialog';

export interface ToastOptions {
  text: string;
  tone?: 'info' | 'error';
  /** Shown as an "Undo" button; the toast stays 8 s instead of 4 s so there is time to press it. */
  undo?: () => void | Promise<void>;
}

export interface Ui {
  confirm(options: ConfirmOptions): Promise<boolean>;
  prompt(options: PromptOptions): Promise<string | null>;
  toast(options: ToastOptions): void;
}

const UiContext = createContext<Ui | null>(null);

/** The page's dialogs and toasts: `useUi().confirm/prompt/toast` instead of window.confirm/prompt/alert. */
export function useUi(): Ui {
  const ui = useContext(UiContext);
  if (!ui) throw new Error('useUi outside <UiProvider>');
  return ui;
}

type Asking =
  | { kind: 'confirm'; options: ConfirmOptions; answer: (yes: boolean) => void }
  | { kind: 'prompt'; options: PromptOptions; answer: (text: string | null) => void };

export function UiProvider({ children }: { children: ReactNode }) {
  const [asking, setAsking] = useState<Asking | null>(null);
  const [toasts, setToasts] = useState<(ToastOptions & { id: number })[]>([]);
  const nextId = useRef(0);
  const drop = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const ui = useMemo<Ui>(
    () => ({
      confirm: (options) => new Promise((resolve) => setAsking({ kind: 'confirm', options, answer: resolve })),
      prompt: (options) => new Promise((resolve) => setAsking({ kind: 'prompt', options, answer: resolve })),
      toast: (options) => setToasts((all) => [...all, { ...options, id: nextId.current++ }]),
    }),
    [],
  );
  return (
    <UiContext.Provider value={ui}>
      <Toast.Provider swipeDirection="down">
        {children}
        {asking?.kind === 'confirm' && (
          <ConfirmDialog
            options={asking.options}
            onAnswer={(yes) => {
              setAsking(null);
              asking.answer(yes);
            }}
          />
        )}
        {asking?.kind === 'prompt' && (
          <PromptDialog
            options={asking.options}
            onAnswer={(text) => {
              setAsking(null);
              asking.answer(text);
            }}
          />
        )}
        {toasts.map((t) => (
          <Toast.Root
            key={t.id}
            className="toast"
            data-tone={t.tone ?? 'info'}
            data-testid="toast"
            duration={t.undo ? 8000 : 4000}
            onOpenChange={(open) => !open && drop(t.id)}
          >
            <Toast.Description className="toast-text">{t.text}</Toast.Description>
            {t.undo && (
              <Toast.Action asChild altText="Undo">
                <button type="button" onClick={() => void t.undo?.()}>
                  Undo
                </button>
              </Toast.Action>
            )}
            <Toast.Close asChild>
              <button type="button" aria-label="Dismiss">
                ✕
              </button>
            </Toast.Close>
          </Toast.Root>
        ))}
        <Toast.Viewport className="toast-viewport" />
      </Toast.Provider>
    </UiContext.Provider>
  );
}
