import { describe, expect, it } from 'vitest';
import { DEFAULT_IGNORED_FOLDER_NAMES, folderNameTags } from './folder-tags';

describe('automatic tags from folder names', () => {
  it('keeps meaningful names and skips the ignore list and camera-made folders', () => {
    expect(folderNameTags('Pictures/Camera Roll/2024/Paris trip', DEFAULT_IGNORED_FOLDER_NAMES)).toEqual([
      'Paris trip',
    ]);
    expect(folderNameTags('DCIM/100APPLE', DEFAULT_IGNORED_FOLDER_NAMES)).toEqual([]);
    expect(folderNameTags('DCIM/101NIKON', DEFAULT_IGNORED_FOLDER_NAMES)).toEqual([]);
    expect(folderNameTags('Family/Wedding/Family', DEFAULT_IGNORED_FOLDER_NAMES)).toEqual(['Family', 'Wedding']);
    expect(folderNameTags('', DEFAULT_IGNORED_FOLDER_NAMES)).toEqual([]);
  });
  it('follows an edited ignore list, ignoring case', () => {
    expect(folderNameTags('photos/Holidays/Wedding', ['WEDDING'])).toEqual(['photos', 'Holidays']);
  });
});
