/** Selection in a grid: which items are picked, the anchor of shift-ranges and the keyboard focus. */
export interface SelectionState {
  selected: ReadonlySet<string>;
  anchor: number | null;
  focus: number | null;
}

export const emptySelection = (): SelectionState => ({ selected: new Set(), anchor: null, focus: null });

export interface ClickMods {
  shift: boolean;
  /** Ctrl on Windows/Linux, Cmd on macOS. */
  toggle: boolean;
}

const range = (keys: readonly string[], a: number, b: number) => keys.slice(Math.min(a, b), Math.max(a, b) + 1);

/**
 * A click in selection mode: plain selects only this one, toggle adds/removes it,
 * shift selects from the anchor to here (added to what toggle-clicks picked before).
 */
export function clickSelect(
  s: SelectionState,
  keys: readonly string[],
  index: number,
  mods: ClickMods,
): SelectionState {
  const key = keys[index];
  if (key === undefined) return s;
  if (mods.shift && s.anchor !== null) {
    const next = new Set(mods.toggle ? s.selected : []);
    for (const k of range(keys, s.anchor, index)) next.add(k);
    return { selected: next, anchor: s.anchor, focus: index };
  }
  if (mods.toggle) {
    const next = new Set(s.selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    return { selected: next, anchor: index, focus: index };
  }
  return { selected: new Set([key]), anchor: index, focus: index };
}

/**
 * Arrow keys move the focus by `step` (±1 across, ± a row's length up/down); with shift the selection
 * follows from the anchor. Space toggles the focused item.
 */
export function keySelect(
  s: SelectionState,
  keys: readonly string[],
  action: { move: number; shift: boolean } | { toggleFocused: true },
): SelectionState {
  if (keys.length === 0) return s;
  if ('toggleFocused' in action) {
    if (s.focus === null) return s;
    return clickSelect(s, keys, s.focus, { shift: false, toggle: true });
  }
  const from = s.focus ?? -1;
  const to = Math.min(keys.length - 1, Math.max(0, from + action.move));
  if (action.shift) {
    const anchor = s.anchor ?? Math.max(0, from);
    return { selected: new Set(range(keys, anchor, to)), anchor, focus: to };
  }
  return { ...s, focus: to };
}
