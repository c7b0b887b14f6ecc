import { describe, expect, it } from 'vitest';
import { parseHostLocation } from './location';

describe('parseHostLocation', () => {
  it.each([
    ['https://drive.google.com/drive/my-drive', { host: 'gdrive', folderId: 'root', label: 'My Drive' }],
    ['https://drive.google.com/drive/u/1/my-drive', { host: 'gdrive', folderId: 'root' }],
    [
      'https://drive.google.com/drive/folders/1k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU',
      { folderId: '1k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU', fileId: null },
    ],
    [
      'https://drive.google.com/drive/u/0/folders/1k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU?resourcekey=0-abc',
      { folderId: '1k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU' },
    ],
    [
      'https://drive.google.com/file/d/1-ydUF3MTplzoINzW9CrAbyvcQNVWXLq-/view?usp=sharing',
      { fileId: '1-ydUF3MTplzoINzW9CrAbyvcQNVWXLq-', folderId: null },
    ],
    ['https://drive.google.com/drive/shared-with-me', { folderId: null, fileId: null, label: 'Shared with me' }],
    [
      'https://onedrive.live.com/?id=A1B2C3D4E5F60718%21103&cid=A1B2C3D4E5F60718',
      { host: 'onedrive', folderId: 'A1B2C3D4E5F60718!103', account: 'a1b2c3d4e5f60718' },
    ],
    ['https://onedrive.live.com/?id=root&cid=a1b2c3d4e5f60718', { folderId: 'root', folderPath: null }],
    [
      'https://onedrive.live.com/?path=%2FPictures%2F2018',
      { folderId: null, folderPath: 'Pictures/2018', label: 'OneDrive /Pictures/2018' },
    ],
    [
      'https://onedrive.live.com/?id=%2Fpersonal%2Fa1b2c3d4e5f60718%2FDocuments%2FPictures&view=0',
      { folderId: null, folderPath: 'Pictures' },
    ],
    [
      'https://onedrive.live.com/?id=A1B2C3D4E5F60718%21121&cid=a1b2c3d4e5f60718&parId=A1B2C3D4E5F60718%21103&o=OneUp',
      { fileId: 'A1B2C3D4E5F60718!121', folderId: 'A1B2C3D4E5F60718!103' },
    ],
    ['https://onedrive.live.com/', { folderId: 'root' }],
    [
      'https://hypomos-test.sharepoint.com/personal/ada_example_com/_layouts/15/onedrive.aspx?id=%2Fpersonal%2Fada_example_com%2FDocuments%2FPhotos%2FReef&view=0',
      { host: 'onedrive', folderPath: 'Photos/Reef', account: 'ada_example_com' },
    ],
  ])('%s', (href, expected) => {
    expect(parseHostLocation(href)).toMatchObject(expected);
  });

  it.each([
    'https://drive.google.com/settings',
    'http://drive.google.com/drive/my-drive',
    'https://example.com/drive/my-drive',
    'https://contoso.sharepoint.com/sites/team/Shared%20Documents',
    'https://drive.google.com.evil.example/drive/my-drive',
    'not a url',
  ])('is null for %s', (href) => {
    expect(parseHostLocation(href)).toBeNull();
  });
});
