/**
 * What the live wall shows next. The rotation is the server's list (oldest approval first); items that joined since
 * the last poll jump the rotation, oldest first, so a new approval is on screen within one slide. An item that left
 * (rejected, withdrawn) is never shown again, and if it is on screen the wall moves on at once.
 */
export interface Playlist {
  /** Every item id on the wall, in rotation order. */
  ids: readonly string[];
  /** Joined since the wall started and not shown yet, oldest first. */
  fresh: readonly string[];
  current: string | null;
}

export const emptyPlaylist: Playlist = { ids: [], fresh: [], current: null };

/** Takes the server's new list. The first list is the rotation itself: nothing in it counts as fresh. */
export function update(p: Playlist, ids: readonly string[], first: boolean): Playlist {
  const now = new Set(ids);
  const before = new Set(p.ids);
  const joined = first ? [] : ids.filter((id) => !before.has(id));
  return {
    ids,
    fresh: [...p.fresh.filter((id) => now.has(id)), ...joined],
    current: p.current !== null && now.has(p.current) ? p.current : null,
  };
}

/** The id to show after the current one, or null when the wall is empty. */
export function following(p: Playlist, skip: ReadonlySet<string> = new Set()): string | null {
  const fresh = p.fresh.find((id) => !skip.has(id));
  if (fresh !== undefined) return fresh;
  const at = p.current === null ? -1 : p.ids.indexOf(p.current);
  for (let k = 1; k <= p.ids.length; k++) {
    const id = p.ids[(at + k) % p.ids.length]!;
    if (!skip.has(id)) return id;
  }
  return null;
}

/** The playlist once `id` is on screen. */
export const shown = (p: Playlist, id: string): Playlist => ({
  ...p,
  fresh: p.fresh.filter((f) => f !== id),
  current: id,
});
