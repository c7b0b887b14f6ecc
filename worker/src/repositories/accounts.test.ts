import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { repositories } from '.';

// Issue 16, finding 3: emails were not unique, and a look-up by email picked the oldest account, so whoever first
// claimed dave@example.org received the shares meant for Dave.

const repos = () => repositories(env.DB);
const NOW = Date.parse('2026-06-01T12:00:00Z');
let seq = 0;
const unique = (name: string) => `${name}-${++seq}-${Math.random().toString(36).slice(2, 8)}@example.org`;
const signIn = (subject: string, email: string | null, linkTo: string | null = null, provider = 'https://a.test') =>
  repos().accounts.upsertIdentity(provider, subject, { displayName: 'Someone', email }, linkTo, NOW);

describe('one account per verified email (issue 16, finding 3)', () => {
  it('refuses a new account for a verified email another account holds, whatever the provider', async () => {
    const email = unique('dave');
    const dave = await signIn(`dave-${email}`, email);
    const other = signIn(`other-${email}`, email.toUpperCase(), null, 'https://b.test');
    await expect(other).rejects.toBeInstanceOf(ApiError);
    await expect(other).rejects.toMatchObject({ status: 409, code: 'email_taken' });
    expect((await repos().accounts.userByEmail(email))?.id).toBe(dave.id);
    // Linking that identity while signed in as Dave is Dave's own choice, and stays one account.
    expect((await signIn(`other-${email}`, email, dave.id, 'https://b.test')).id).toBe(dave.id);
  });

  it('gives an account its verified email on a later sign-in when no other account holds it', async () => {
    const email = unique('erin');
    const erin = await signIn(`erin-${email}`, null);
    expect(erin.email).toBeNull();
    expect((await signIn(`erin-${email}`, email)).email).toBe(email);
    const frank = await signIn(`frank-${email}`, null);
    expect((await signIn(`frank-${email}`, email)).email).toBeNull();
    expect((await repos().accounts.userByEmail(email))?.id).toBe(erin.id);
    expect(frank.id).not.toBe(erin.id);
  });

  it('refuses two accounts with one email in the database itself', async () => {
    const email = unique('gil');
    await signIn(`gil-${email}`, email);
    await expect(
      env.DB.prepare("INSERT INTO users (id, display_name, email, created_at) VALUES ('dup', 'Dup', ?1, 0)")
        .bind(email)
        .run(),
    ).rejects.toThrow(/UNIQUE constraint failed/);
  });

  it('the migration clears emails that more than one account claimed, so a look-up finds none of them', async () => {
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0010_'));
    expect(migration).toBeDefined();
    await env.DB.prepare('DROP INDEX users_email_unique').run();
    const shared = unique('shared');
    const single = unique('single');
    for (const [id, email, at] of [
      ['first', shared, 1],
      ['second', shared, 2],
      ['alone', single, 3],
    ] as const)
      await env.DB.prepare('INSERT INTO users (id, display_name, email, created_at) VALUES (?1, ?1, ?2, ?3)')
        .bind(id, email, at)
        .run();
    for (const q of migration!.queries) await env.DB.prepare(q).run();
    expect(await repos().accounts.userByEmail(shared)).toBeUndefined();
    expect((await repos().accounts.userByEmail(single))?.id).toBe('alone');
    const emails = await env.DB.prepare("SELECT id, email FROM users WHERE id IN ('first', 'second')").all();
    expect(emails.results).toEqual([
      { id: 'first', email: null },
      { id: 'second', email: null },
    ]);
  });
});
