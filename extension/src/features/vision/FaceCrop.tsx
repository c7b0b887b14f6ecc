import { useEffect, useState } from 'react';
import type { FaceRow } from '../../db/rows';
import type { ThumbnailSource } from '../sources';
import { faceCropStyle } from './face-crop';

interface Loaded {
  url: string;
  width: number;
  height: number;
}

/**
 * One decoded thumbnail per item and page, shared by every face crop of it (a person's grid shows the same photo
 * for each of its faces). The URLs live as long as the page: the People page shows at most a few hundred.
 */
const loaded = new WeakMap<ThumbnailSource, Map<string, Promise<Loaded>>>();

function load(thumbnails: ThumbnailSource, key: string): Promise<Loaded> {
  const byKey = loaded.get(thumbnails) ?? new Map<string, Promise<Loaded>>();
  loaded.set(thumbnails, byKey);
  let hit = byKey.get(key);
  if (!hit) {
    hit = thumbnails(key).then(
      (blob) =>
        new Promise<Loaded>((resolve, reject) => {
          const url = URL.createObjectURL(blob);
          const img = new Image();
          img.onload = () => resolve({ url, width: img.naturalWidth, height: img.naturalHeight });
          img.onerror = () => reject(new Error('thumbnail did not decode'));
          img.src = url;
        }),
    );
    // A failed load may succeed later (thumbnail cached meanwhile): do not keep the rejection.
    hit.catch(() => byKey.delete(key));
    byKey.set(key, hit);
  }
  return hit;
}

/**
 * A face cut out of its photo's thumbnail, as a square `size` px wide (round via CSS where wanted). A face seen in a
 * video brings its own crop, cut from the frame it was seen in (runner.ts), and shows that.
 */
export function FaceCrop({
  face,
  thumbnails,
  size,
  label,
}: {
  face: Pick<FaceRow, 'itemKey' | 'box' | 'crop' | 'frameTime'>;
  thumbnails: ThumbnailSource;
  size: number;
  label: string;
}) {
  const [img, setImg] = useState<Loaded | null>(null);
  const [cropUrl, setCropUrl] = useState<string | null>(null);
  const crop = face.crop ?? null;
  useEffect(() => {
    if (!crop) return;
    const url = URL.createObjectURL(crop);
    setCropUrl(url);
    return () => {
      URL.revokeObjectURL(url);
      setCropUrl(null);
    };
  }, [crop]);
  useEffect(() => {
    if (crop) return;
    let live = true;
    load(thumbnails, face.itemKey).then(
      (l) => live && setImg(l),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [thumbnails, face.itemKey, crop]);
  const style = cropUrl
    ? { backgroundImage: `url(${cropUrl})`, backgroundSize: 'cover', backgroundPosition: 'center' }
    : img
      ? { backgroundImage: `url(${img.url})`, ...faceCropStyle(face.box, img, size) }
      : {};
  return (
    <div
      className="face-crop"
      role="img"
      aria-label={label}
      data-loaded={cropUrl || img ? '1' : '0'}
      data-frame-time={face.frameTime ?? undefined}
      style={{ width: size, height: size, ...style }}
    />
  );
}
