import { describe, expect, it } from 'vitest';
import { DEFAULT_IGNORED_FOLDER_NAMES, folderNameTags, moveFolderTags } from './folder-tags';

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

describe('folder tags after a folder rename or move', () => {
  it('swaps the old folder names for the new ones and keeps the user tags', () => {
    const ignored = DEFAULT_IGNORED_FOLDER_NAMES;
    expect(moveFolderTags(['Trips', 'Paris', 'sunset'], 'Trips/Paris', 'Trips/Paris 2020', ignored)).toEqual([
      'Trips',
      'sunset',
      'Paris 2020',
    ]);
    expect(moveFolderTags(['Paris'], 'Pictures/Paris', 'Archive/Paris', ignored)).toEqual(['Paris', 'Archive']);
    expect(moveFolderTags([], 'Pictures', 'Pictures/2020', ignored)).toEqual([]);
    // Never tagged from its folder: nothing to follow.
    expect(moveFolderTags(['mine'], 'Trips/Paris', 'Trips/Rome', ignored)).toEqual(['mine']);
  });
});
