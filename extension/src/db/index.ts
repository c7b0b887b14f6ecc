import Dexie, { type EntityTable } from 'dexie';

export interface KeyValue {
  key: string;
  value: unknown;
}

/** The on-device index. Every schema change is a new `.version(n)` with an upgrade where data moves. */
export class HypomosDb extends Dexie {
  kv!: EntityTable<KeyValue, 'key'>;

  constructor(name = 'hypomos') {
    super(name);
    this.version(1).stores({ kv: 'key' });
  }
}

export const db = new HypomosDb();
