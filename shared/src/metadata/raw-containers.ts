import { type ByteSource, MetadataError, ascii, view } from './byte-source';
import { children, readBoxHeader } from './bmff';
import { type ContainerFacts, noFacts } from './facts';
import { parseJpeg } from './jpeg';
import { buildTiff, entryUint, findEntry } from './tiff-ifd';
import { readTiffBlock } from './tiff';

const CANON_UUID = '85c0b687820f11e08111f4ce462b6a48';
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * Canon CR3 (ISO BMFF): moov holds a Canon uuid box whose CMT1/CMT2/CMT4 boxes are complete TIFF blocks for
 * IFD0, the Exif IFD and the GPS IFD. IFD0's ImageWidth/Height is the full raw size, as exiftool reports it.
 */
export async function parseCr3(src: ByteSource): Promise<ContainerFacts> {
  const facts = noFacts();
  const limit = src.size ?? Number.MAX_SAFE_INTEGER;
  let pos = 0;
  for (let guard = 0; guard < 64; guard++) {
    const box = await readBoxHeader(src, pos, limit);
    if (!box) break;
    if (box.type === 'moov') {
      for (const child of await children(src, box.dataStart, box.end)) {
        if (child.type !== 'uuid' || hex(await src.need(child.dataStart, child.dataStart + 16)) !== CANON_UUID)
          continue;
        const blocks = new Map<string, Awaited<ReturnType<typeof readTiffBlock>>>();
        for (const cmt of await children(src, child.dataStart + 16, child.end)) {
          if (/^CMT[124]$/.test(cmt.type)) blocks.set(cmt.type, await readTiffBlock(src, cmt.dataStart));
        }
        const ifd0 = blocks.get('CMT1');
        if (!ifd0) throw new MetadataError('CR3 without CMT1 metadata');
        const same = (b: typeof ifd0 | null | undefined) => (b && b.le === ifd0.le ? b.ifd.entries : []);
        facts.tiff = buildTiff(ifd0.le, ifd0.ifd.entries, same(blocks.get('CMT2')), same(blocks.get('CMT4')));
        facts.width = entryUint(findEntry(ifd0.ifd, 0x100), ifd0.le);
        facts.height = entryUint(findEntry(ifd0.ifd, 0x101), ifd0.le);
        return facts;
      }
    }
    pos = box.end;
  }
  throw new MetadataError('CR3 without Canon metadata box');
}

/** Fujifilm RAF: a fixed header points at an embedded JPEG whose EXIF describes the shot. */
export async function parseRaf(src: ByteSource): Promise<ContainerFacts> {
  const h = await src.need(0, 100);
  const jpegOffset = view(h).getUint32(84);
  if (jpegOffset < 100) throw new MetadataError('corrupt RAF header');
  const jpegMagic = await src.need(jpegOffset, jpegOffset + 3);
  if (jpegMagic[0] !== 0xff || jpegMagic[1] !== 0xd8)
    throw new MetadataError(`RAF preview is not a JPEG (${ascii(jpegMagic, 0, 3)})`);
  return parseJpeg(src, jpegOffset);
}
