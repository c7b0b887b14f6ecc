import { z } from 'zod';

// Bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), the directional marks (U+200E, U+200F, U+061C) and the
// C0/C1 control characters: a title with U+202E shows "photos‮gpj.exe" as "photosexe.jpg", and controls corrupt
// previews and logs (issue 16, finding 6). Line breaks and tabs become one space. U+200D stays: emoji need it.
const BREAKS = /[\t\n\r\v\f]+/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this regex's purpose.
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** A one-line text a person typed, as it may be shown to others: no bidi or control characters, trimmed. */
export function plainText(s: string): string {
  return s.replace(BREAKS, ' ').replace(UNSAFE, '').trim();
}

/** A zod string cleaned by plainText before its length is checked. */
export const PlainText = (min: number, max: number) =>
  z
    .string()
    .max(max * 4)
    .transform(plainText)
    .pipe(z.string().min(min).max(max));
