/** What one request cost D1: round trips (a `batch()` is one) and the rows D1 reports it read and wrote. */
export interface D1Meter {
  roundTrips: number;
  rowsRead: number;
  rowsWritten: number;
}

export const newMeter = (): D1Meter => ({ roundTrips: 0, rowsRead: 0, rowsWritten: 0 });

/** The subset of D1Database and D1DatabaseSession the repositories use. */
export type D1Like = Pick<D1Database, 'prepare' | 'batch'>;

type Meta = { rows_read?: number; rows_written?: number } | undefined;

function add(meter: D1Meter, meta: Meta) {
  meter.rowsRead += meta?.rows_read ?? 0;
  meter.rowsWritten += meta?.rows_written ?? 0;
}

const TERMINAL = new Set(['first', 'all', 'run', 'raw']);

/**
 * Wraps a database (or a Sessions API session) so every call that reaches D1 is counted on `meter`. The
 * `Server-Timing` header (when D1_METRICS is on), the per-route round-trip test and the bench all read it.
 */
export function metered<T extends D1Like>(db: T, meter: D1Meter): T {
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        if (prop === 'bind') return (...args: unknown[]) => wrap(target.bind(...args));
        if (typeof prop === 'string' && TERMINAL.has(prop)) {
          return async (...args: unknown[]) => {
            // A trip counts once it has come back, so work still running after the response is not in its count.
            // raw() drops the result's meta (drizzle's selects use it): the trip counts, its rows cannot.
            if (prop === 'raw') {
              const rows = await (target.raw as (...a: unknown[]) => Promise<unknown>).apply(target, args);
              meter.roundTrips++;
              return rows;
            }
            // first() also drops meta; all() is the same statement and keeps it (first() adds no LIMIT either).
            if (prop === 'first') {
              const r = await target.all<Record<string, unknown>>();
              meter.roundTrips++;
              add(meter, r.meta as Meta);
              const row = r.results[0] ?? null;
              return typeof args[0] === 'string' ? (row?.[args[0]] ?? null) : row;
            }
            const call = Reflect.get(target, prop) as (...a: unknown[]) => Promise<D1Result>;
            const result = await call.apply(target, args);
            meter.roundTrips++;
            add(meter, result.meta as Meta);
            return result;
          };
        }
        const v = Reflect.get(target, prop);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    real.set(proxy, stmt);
    return proxy;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrap(target.prepare(sql));
      if (prop === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements.map((s) => real.get(s) ?? s));
          meter.roundTrips++;
          for (const r of results) add(meter, r.meta as Meta);
          return results;
        };
      }
      const v = Reflect.get(target, prop);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
