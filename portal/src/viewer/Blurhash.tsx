import { decode, isBlurhashValid } from 'blurhash';
import { useEffect, useRef } from 'react';

const SIZE = 32;

/** A blurhash decoded into a 32×32 canvas and stretched by CSS: the placeholder shown until the thumbnail arrives. */
export function Blurhash({ hash, className }: { hash: string | null; className?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !hash || !isBlurhashValid(hash).result) return;
    const pixels = decode(hash, SIZE, SIZE);
    const image = ctx.createImageData(SIZE, SIZE);
    image.data.set(pixels);
    ctx.putImageData(image, 0, 0);
  }, [hash]);
  return <canvas ref={ref} width={SIZE} height={SIZE} className={className} aria-hidden="true" />;
}
