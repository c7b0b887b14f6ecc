import { unescapeXml } from '@hypomos/shared/providers/azure-xml';

/**
 * Reads the List Blobs answer (`EnumerationResults`) without DOMParser, which service workers lack.
 * The answer is flat and documented: `<Blob><Name>…</Name><Properties><Etag>…</Etag>…</Properties></Blob>`
 * and `<NextMarker>…</NextMarker>`; only the five XML entities can occur in text.
 */
export interface ListedBlob {
  name: string;
  /** Property elements by name, e.g. Etag, Content-Length, Content-Type, Last-Modified, Content-MD5. */
  props: Record<string, string>;
}

export function parseBlobList(xml: string): { blobs: ListedBlob[]; nextMarker: string | null } {
  if (!/<EnumerationResults[\s>]/.test(xml)) throw new Error('not a List Blobs answer');
  const blobs: ListedBlob[] = [];
  for (const m of xml.matchAll(/<Blob>([\s\S]*?)<\/Blob>/g)) {
    const body = m[1] as string;
    const name = /<Name>([\s\S]*?)<\/Name>/.exec(body)?.[1];
    if (name === undefined) continue;
    const props: Record<string, string> = {};
    const propsXml = /<Properties>([\s\S]*?)<\/Properties>/.exec(body)?.[1] ?? '';
    for (const p of propsXml.matchAll(/<([A-Za-z][\w-]*)>([^<]*)<\/\1>/g))
      props[p[1] as string] = unescapeXml(p[2] as string);
    blobs.push({ name: unescapeXml(name), props });
  }
  const marker = /<NextMarker>([^<]*)<\/NextMarker>/.exec(xml)?.[1];
  return { blobs, nextMarker: marker ? unescapeXml(marker) : null };
}

export { unescapeXml } from '@hypomos/shared/providers/azure-xml';
