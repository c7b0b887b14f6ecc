import { describe, expect, it } from 'vitest';
import { createHttp } from './http';
import { createOneDriveProvider } from './onedrive';
import { json, type Rule, scriptedFetch } from './scripted-fetch';

/**
 * The OneDrive client against answers shaped as Microsoft Graph documents them (learn.microsoft.com/graph/api:
 * driveitem-delta, resources/itemreference, driveitem-createlink), one rule at a time.
 */
const API = 'https://graph.microsoft.com/v1.0';
const DRIVE = 'b!t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7';
const parentRef = (id: string, path?: string) => ({
  driveId: DRIVE,
  driveType: 'business',
  id,
  ...(path !== undefined ? { path } : {}),
});
/** GET /me/drive/items/{id} of folders, for path resolution (Business path form). */
const folders: Rule = [
  /\/me\/drive\/items\/[^/?]+\?\$select=id,name,root,parentReference/,
  (req) => {
    const id = decodeURIComponent(/\/items\/([^/?]+)\?/.exec(req.url)?.[1] ?? '');
    const all: Record<string, unknown> = {
      ROOT: { id: 'ROOT', name: 'root', root: {} },
      TRIPS: { id: 'TRIPS', name: 'Trips', parentReference: parentRef('ROOT', `/drives/${DRIVE}/root:`) },
      PARIS: { id: 'PARIS', name: 'Paris', parentReference: parentRef('TRIPS', `/drives/${DRIVE}/root:/Trips`) },
    };
    return all[id] ? json(all[id]) : json({ error: { code: 'itemNotFound', message: 'not found' } }, 404);
  },
];
const file = (id: string, name: string, parent: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  size: 1000,
  cTag: `"c:{${id}},1"`,
  file: { mimeType: 'image/jpeg' },
  parentReference: parentRef(parent),
  ...extra,
});

function provider(rules: Rule[]) {
  const scripted = scriptedFetch(rules);
  const http = createHttp({ fetch: scripted.fetch, getAccessToken: async () => 'tok' });
  return { p: createOneDriveProvider({ http, apiUrl: API }), ...scripted };
}
const deltaUrl = (token: string) => `${API}/me/drive/root/delta?token=${token}`;

describe('OneDrive client against documented answers', () => {
  it('reads Business paths (/drives/{driveId}/root:/…) as folder paths, as itemReference says', async () => {
    const { p } = provider([
      [
        /\/me\/drive\/items\/ITEM1\?/,
        () =>
          json(
            file('ITEM1', 'a.jpg', 'PARIS', {
              parentReference: parentRef('PARIS', `/drives/${DRIVE}/root:/Trips/Paris`),
            }),
          ),
      ],
    ]);
    const [item] = await p.items!(['ITEM1']);
    expect(item?.folder).toBe('Trips/Paris');
  });

  it('resolves a delta parent through Business-form folder answers', async () => {
    const { p } = provider([
      folders,
      [/root\/delta/, () => json({ value: [file('ITEM2', 'b.jpg', 'PARIS')], '@odata.deltaLink': deltaUrl('d1') })],
    ]);
    const page = await p.changes(null);
    expect(page.upserts[0]?.folder).toBe('Trips/Paris');
  });

  it('uses the last occurrence of an item in a delta page: [deleted X, X] keeps X, [X, deleted Y… Y deleted] drops Y', async () => {
    // "The same item may appear more than once in a delta feed, for various reasons. You should use the last
    // occurrence you see." (driveitem-delta, Remarks). A Business delete omits name and cTag (same page).
    const { p } = provider([
      folders,
      [
        /root\/delta/,
        () =>
          json({
            value: [
              { id: 'X', deleted: { state: 'deleted' }, parentReference: parentRef('PARIS') },
              file('X', 'x.jpg', 'PARIS'),
              file('Y', 'y.jpg', 'PARIS'),
              { id: 'Y', deleted: {}, size: 0, parentReference: parentRef('PARIS') },
            ],
            '@odata.deltaLink': deltaUrl('d2'),
          }),
      ],
    ]);
    const page = await p.changes(deltaUrl('d1'));
    expect(page.upserts.map((u) => u.id)).toEqual(['X']);
    expect(page.deletions).toEqual(['Y']);
  });

  it('reports a renamed folder (delta reports only the folder) with its new path; files below follow', async () => {
    const { p } = provider([
      folders,
      [
        /token=d1/,
        () => json({ value: [file('F1', 'f.jpg', 'PARIS')], '@odata.nextLink': `${API}/me/drive/root/delta?token=n2` }),
      ],
      [
        /token=n2/,
        () =>
          json({
            value: [{ id: 'PARIS', name: 'Paris 2020', folder: { childCount: 1 }, parentReference: parentRef('ROOT') }],
            '@odata.nextLink': `${API}/me/drive/root/delta?token=n3`,
          }),
      ],
      [/token=n3/, () => json({ value: [file('F2', 'g.jpg', 'PARIS')], '@odata.deltaLink': deltaUrl('d4') })],
    ]);
    const first = await p.changes(deltaUrl('d1'));
    expect(first.upserts[0]?.folder).toBe('Trips/Paris');
    expect(first.folders).toEqual(expect.arrayContaining([{ id: 'PARIS', path: 'Trips/Paris' }]));
    const renamed = await p.changes(first.cursor);
    expect(renamed.folders).toEqual([{ id: 'PARIS', path: 'Paris 2020' }]);
    const after = await p.changes(renamed.cursor);
    expect(after.upserts[0]?.folder).toBe('Paris 2020');
  });

  it('sends expirationDateTime in the documented form yyyy-MM-ddTHH:mm:ssZ (no milliseconds)', async () => {
    const { p, requests } = provider([
      [/\/me\/drive\?\$select=driveType$/, () => json({ id: DRIVE, driveType: 'business' })],
      [
        /\/createLink$/,
        () =>
          json(
            {
              id: 'perm1',
              roles: ['read'],
              expirationDateTime: '2030-01-02T03:04:05Z',
              link: {
                type: 'view',
                scope: 'anonymous',
                webUrl: 'https://contoso-my.sharepoint.com/:i:/g/personal/adele_contoso_com/EQ_tok-1?e=AbC',
              },
            },
            201,
          ),
      ],
    ]);
    const link = await p.createLink({ id: 'ITEM1', path: '', media: 'image' }, new Date('2030-01-02T03:04:05.678Z'));
    expect(JSON.parse(requests.at(-1)?.body ?? '{}')).toMatchObject({ expirationDateTime: '2030-01-02T03:04:05Z' });
    expect(link.delivery?.full).toBe(
      'https://contoso-my.sharepoint.com/personal/adele_contoso_com/_layouts/52/download.aspx?share=EQ_tok-1',
    );
  });

  it('personal: the embed link of the docs\' "Creating embeddable links" example is used by its IFRAME src', async () => {
    const embedSrc = 'https://onedrive.live.com/embed?cid=123ABC&resid=123ABC%21123&authkey=%21ABC123';
    const { p, requests } = provider([
      [/\/me\/drive\?\$select=driveType$/, () => json({ id: 'd4648f06c91d9d3d', driveType: 'personal' })],
      [
        /\/createLink$/,
        (req) =>
          JSON.parse(req.body ?? '{}').type === 'embed'
            ? json(
                {
                  id: '123ABC',
                  roles: ['read'],
                  link: {
                    type: 'embed',
                    webHtml: `<IFRAME src="${embedSrc}" width="400" height="300" frameborder="0" scrolling="no"></IFRAME>`,
                    webUrl: embedSrc,
                  },
                },
                201,
              )
            : json(
                {
                  id: 'perm1',
                  roles: ['read'],
                  link: { type: 'view', scope: 'anonymous', webUrl: 'https://1drv.ms/i/c/123abc/EVtok_1?e=Xy' },
                },
                201,
              ),
      ],
      // driveitem-list-thumbnails, "Requesting custom thumbnail sizes": just the size selected, with its URL.
      [
        /\/thumbnails\?select=c1920x1920$/,
        () =>
          json({
            value: [
              { id: '0', c1920x1920: { height: 1440, width: 1920, url: 'https://sn3302files.onedrive.com/123' } },
            ],
          }),
      ],
    ]);
    const link = await p.createLink({ id: '123ABC!123', path: '', media: 'image' }, null);
    expect(requests.filter((r) => r.url.endsWith('/createLink')).map((r) => JSON.parse(r.body ?? '{}'))).toEqual([
      { type: 'view', scope: 'anonymous' },
      { type: 'embed' },
    ]);
    expect(link).toMatchObject({ url: embedSrc, linkId: 'perm1', extraLinkIds: ['123ABC'] });
    expect(link.delivery).toMatchObject({
      grid: [embedSrc],
      full: embedSrc,
      relaySource: 'https://my.microsoftpersonalcontent.com/personal/123abc/_layouts/15/download.aspx?share=EVtok_1',
      web: 'https://sn3302files.onedrive.com/123',
    });
  });
});
