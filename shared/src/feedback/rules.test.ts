import { describe, expect, it } from 'vitest';
import { PostCommentBody, ViewerSecret } from '../api/feedback';
import { commentCountLabel, publicCommentName, reactionsByCount, reactionTotal } from './rules';

describe('comment rules', () => {
  it('never shows an email as a name', () => {
    expect(publicCommentName('anna@example.com')).toBe('anna');
    expect(publicCommentName('@example.com')).toBe('Guest');
    expect(publicCommentName('Anna & Ben')).toBe('Anna & Ben');
  });

  it('keeps comments plain: bidi overrides, controls and line breaks are gone, the limits are checked after', () => {
    const parsed = PostCommentBody.parse({ name: ' Eve\u202Egpj.exe ', body: 'line one\nline two\u0007' });
    expect(parsed).toEqual({ name: 'Evegpj.exe', body: 'line one line two' });
    expect(PostCommentBody.safeParse({ name: 'A', body: 'x'.repeat(501) }).success).toBe(false);
    expect(PostCommentBody.safeParse({ name: 'A', body: '\u202E\u200F ' }).success).toBe(false);
    expect(PostCommentBody.safeParse({ name: 'x'.repeat(41), body: 'hi' }).success).toBe(false);
    expect(PostCommentBody.safeParse({ name: 'A', body: 'hi', html: '<b>' }).success).toBe(false);
    expect(PostCommentBody.parse({ name: 'ben@example.com', body: '<img src=x onerror=alert(1)>' })).toEqual({
      name: 'ben',
      body: '<img src=x onerror=alert(1)>',
    });
  });

  it('takes only long random viewer secrets', () => {
    expect(ViewerSecret.safeParse('A'.repeat(22)).success).toBe(true);
    expect(ViewerSecret.safeParse('short').success).toBe(false);
    expect(ViewerSecret.safeParse(`${'A'.repeat(30)}<`).success).toBe(false);
  });

  it('orders reactions by count and labels counts', () => {
    expect(reactionsByCount({ smile: 1, heart: 3, wow: 0, fire: 1 })).toEqual([
      { kind: 'heart', count: 3 },
      { kind: 'smile', count: 1 },
      { kind: 'fire', count: 1 },
    ]);
    expect(reactionTotal({ smile: 1, heart: 3 })).toBe(4);
    expect(commentCountLabel(1)).toBe('1 comment');
    expect(commentCountLabel(2)).toBe('2 comments');
  });
});
