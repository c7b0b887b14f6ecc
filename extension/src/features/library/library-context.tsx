import { createContext, useContext } from 'react';
import type { HypomosDb } from '../../db';
import type { StampClock } from '../../platform/clock';
import type { LibraryStore } from './library-store';
import type { SelectionState } from './selection';

/** What every library page shares: the database, the in-memory catalog, the selection and the clock. */
export interface Library {
  db: HypomosDb;
  store: LibraryStore;
  clock: StampClock;
  selection: SelectionState;
  setSelection: (s: SelectionState) => void;
  /** Opens the slideshow over these items. */
  slideshow: (keys: string[], title: string) => void;
  /** Opens the lightbox on `index` of `keys`. */
  lightbox: (keys: string[], index: number) => void;
}

export const LibraryContext = createContext<Library | null>(null);

export function useLibraryContext(): Library {
  const ctx = useContext(LibraryContext);
  if (!ctx) throw new Error('library pages must sit inside <LibraryContext.Provider>');
  return ctx;
}
