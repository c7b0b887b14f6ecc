/** Small DOM builder: everything we inject is made of elements and text nodes, never HTML strings. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  children: (Node | null)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  for (const child of children) if (child) node.append(child);
  return node;
}

/**
 * Adds a listener that only reacts to real user input. Scripts of the host page can reach into an open
 * shadow root and call `.click()`, but the events they make are not trusted, so the page cannot drive
 * the extension.
 */
export function onTrusted<K extends keyof HTMLElementEventMap>(
  target: HTMLElement,
  type: K,
  listener: (event: HTMLElementEventMap[K]) => void,
  signal: AbortSignal,
): void {
  target.addEventListener(
    type,
    (event) => {
      if (event.isTrusted) listener(event);
    },
    { signal },
  );
}
