import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Mirrors worker/migrations/*.sql; the SQL files are the source of truth for the database.
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  displayName: text('display_name').notNull(),
  email: text('email'),
  createdAt: integer('created_at').notNull(),
});
