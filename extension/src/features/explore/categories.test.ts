import { makeIndexItem } from '@hypomos/shared/filter/item-factory';
import { describe, expect, it } from 'vitest';
import { categoriesOf } from './categories';

describe('explore categories', () => {
  it('sorts items by what their metadata says', () => {
    // Lens string as exiftool reads it from metadata-extractor-images "Apple iPhone 6.jpg"-style front cameras.
    expect(categoriesOf(makeIndexItem({ providerItemId: 'v', mediaType: 'video' }))).toEqual(['videos']);
    expect(
      categoriesOf(
        makeIndexItem({ providerItemId: 's', name: 'Screenshot 2024-05-01 at 10.00.00.png', mimeType: 'image/png' }),
      ),
    ).toEqual(['screenshots']);
    expect(categoriesOf(makeIndexItem({ providerItemId: 'p', width: 8000, height: 2000, make: 'Apple' }))).toEqual([
      'panoramas',
    ]);
    expect(categoriesOf(makeIndexItem({ providerItemId: 'd', labels: ['Receipt'], make: 'Apple' }))).toEqual([
      'documents',
    ]);
    expect(
      categoriesOf(
        makeIndexItem({ providerItemId: 'f', lens: 'iPhone 12 Pro front camera 2.71mm f/2.2', make: 'Apple' }),
      ),
    ).toEqual(['selfies']);
    expect(
      categoriesOf(
        makeIndexItem({ providerItemId: 'n', width: 4000, height: 3000, make: 'Canon', mimeType: 'image/jpeg' }),
      ),
    ).toEqual([]);
  });
});
