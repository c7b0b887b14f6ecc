import { useEffect, useRef } from 'react';

/** Window key bindings for an overlay as [key, action] pairs, e.g. ['ArrowLeft', prev]; the latest actions always run. */
export function useKeys(bindings: [key: string, action: () => void][]) {
  const latest = useRef(bindings);
  latest.current = bindings;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (
        e.target instanceof HTMLInputElement ||
        e.target instanceof HTMLSelectElement ||
        e.target instanceof HTMLTextAreaElement
      )
        return;
      const binding = latest.current.find(([key]) => key === e.key);
      if (!binding) return;
      e.preventDefault();
      binding[1]();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
}

/** Moves focus into an overlay when it opens, so Space or Enter cannot re-activate the button that opened it. */
export const focusOnMount = (el: HTMLElement | null) => el?.focus();
