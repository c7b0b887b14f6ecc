/**
 * The little XML the Blob service speaks (List Blobs, service properties, container ACLs), read without DOMParser,
 * which service workers lack. Those answers are flat and documented; only the five XML entities and character
 * references can occur in their text.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeXml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(Number.parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITIES[e] as string),
  );
}

export const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => `&${Object.keys(ENTITIES).find((k) => ENTITIES[k] === c)};`);

/** The bodies of every `<tag>…</tag>` in `xml`, in order. */
export const elements = (xml: string, tag: string): string[] =>
  [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1] as string);

/** The unescaped text of the first `<tag>…</tag>` (empty for `<tag/>`), or null when there is none. */
export function textOf(xml: string, tag: string): string | null {
  if (new RegExp(`<${tag}\\s*/>`).test(xml) && !new RegExp(`<${tag}>`).test(xml)) return '';
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m ? unescapeXml(m[1] as string) : null;
}
