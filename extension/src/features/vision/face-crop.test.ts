import { describe, expect, it } from 'vitest';
import { faceCropStyle } from './face-crop';

describe('face crops', () => {
  it('centres the face with a margin, scaled to the square', () => {
    // A 40 px face at (100, 100) in a 400×300 thumbnail (analysed at full size): a 72 px square around its centre.
    expect(faceCropStyle([100, 100, 40, 40], { width: 400, height: 300 }, 144)).toEqual({
      backgroundSize: '800px 600px',
      backgroundPosition: '-168px -168px',
    });
  });
  it('maps boxes from the analysed size back to a larger thumbnail', () => {
    // 2048 px wide: analysed at half size, so the box is [200, 200, 80, 80] in the thumbnail, a 144 px square.
    expect(faceCropStyle([100, 100, 40, 40], { width: 2048, height: 1536 }, 144)).toEqual({
      backgroundSize: '2048px 1536px',
      backgroundPosition: '-168px -168px',
    });
  });
  it('stays inside the image at the edges', () => {
    const corner = faceCropStyle([0, 0, 50, 50], { width: 400, height: 300 }, 90);
    expect(corner.backgroundPosition).toBe('0px 0px');
    const whole = faceCropStyle([0, 0, 400, 300], { width: 400, height: 300 }, 90);
    expect(whole.backgroundSize).toBe('120px 90px');
  });
});
