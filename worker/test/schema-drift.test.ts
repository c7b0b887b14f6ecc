import { env } from 'cloudflare:workers';
import { is } from 'drizzle-orm';
import { getTableConfig, type SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../src/db/schema';

// The numbered SQL migrations are the source of truth; drizzle's table definitions are how the code reads them.
// This compares the two, so a migration that adds, drops, renames or retypes a column fails here until
// worker/src/db/schema.ts says the same (and the other way round).

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

const tables = Object.values(schema as Record<string, unknown>).filter((v): v is SQLiteTable => is(v, SQLiteTable));

/** SQLite's declared type as drizzle writes it for the column. */
const sqlType = (c: SQLiteColumn) => c.getSQLType().toUpperCase();

/** How drizzle describes a table, in pragma_table_info's terms. */
function fromDrizzle(table: SQLiteTable) {
  const config = getTableConfig(table);
  const compositeKey = config.primaryKeys.flatMap((k) => k.columns.map((c) => c.name));
  return config.columns
    .map((c) => ({
      name: c.name,
      type: sqlType(c),
      notNull: c.notNull || c.primary,
      primaryKey: c.primary || compositeKey.includes(c.name),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** How the migrated D1 describes it. */
async function fromD1(name: string) {
  const { results } = await env.DB.prepare('SELECT name, type, "notnull", pk FROM pragma_table_info(?)')
    .bind(name)
    .all<ColumnInfo>();
  return results
    .map((c) => ({
      name: c.name,
      type: c.type.toUpperCase(),
      notNull: c.notnull === 1 || c.pk > 0,
      primaryKey: c.pk > 0,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe('D1 schema vs drizzle table definitions', () => {
  it('knows every table the migrations create, and no other', async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'",
    ).all<{ name: string }>();
    expect(results.map((r) => r.name).sort()).toEqual(tables.map((t) => getTableConfig(t).name).sort());
  });

  it.each(tables.map((t) => [getTableConfig(t).name, t] as const))(
    '%s: same columns, types, NOT NULL and primary key',
    async (name, table) => {
      expect(await fromD1(name)).toEqual(fromDrizzle(table));
    },
  );
});
