import { describe, expect, it } from 'vitest';
import { parseBlobList, unescapeXml } from './blob-list-xml';

// Shaped like the documented List Blobs answer (and azurite's), with an escaped name and a marker.
const XML = `<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="http://x/acct" ContainerName="c">
<MaxResults>2</MaxResults><Blobs>
<Blob><Name>a/Tom &amp; Jerry &lt;1&gt;.jpg</Name><Properties><Last-Modified>Sun, 22 Nov 2026 02:10:24 GMT</Last-Modified><Etag>0x1F4</Etag>
<Content-Length>347687</Content-Length><Content-Type>image/jpeg</Content-Type><Content-MD5>vOtYDhjUFKgIEZpHtJidyQ==</Content-MD5><Content-Encoding /></Properties></Blob>
<Blob><Name>b.mp4</Name><Properties><Etag>0x2</Etag><Content-Length>10</Content-Length></Properties><Metadata /></Blob>
</Blobs><NextMarker>2!84!MDAwMDE5IWIubXA0ITAwMDAyOCE5OTk5LTEyLTMxVDIzOjU5OjU5Ljk5OTk5OTlaIQ--</NextMarker></EnumerationResults>`;

describe('List Blobs XML', () => {
  it('reads names, properties and the next marker', () => {
    const { blobs, nextMarker } = parseBlobList(XML);
    expect(blobs.map((b) => b.name)).toEqual(['a/Tom & Jerry <1>.jpg', 'b.mp4']);
    expect(blobs[0]?.props).toMatchObject({
      Etag: '0x1F4',
      'Content-Length': '347687',
      'Content-Type': 'image/jpeg',
      'Content-MD5': 'vOtYDhjUFKgIEZpHtJidyQ==',
    });
    expect(nextMarker).toMatch(/^2!84!/);
  });

  it('treats an empty NextMarker as the end and rejects other documents', () => {
    expect(parseBlobList('<EnumerationResults><Blobs/><NextMarker /></EnumerationResults>')).toEqual({
      blobs: [],
      nextMarker: null,
    });
    expect(() => parseBlobList('<Error><Code>AuthenticationFailed</Code></Error>')).toThrow(/not a List Blobs/);
  });

  it('decodes numeric character references', () => {
    expect(unescapeXml('caf&#233; &#x1F600;')).toBe('café 😀');
  });
});
