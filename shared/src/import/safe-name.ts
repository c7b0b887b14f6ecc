/**
 * Names every destination accepts. OneDrive is the strictest of the three: it refuses " * : < > ? / \ |,
 * leading/trailing spaces, a trailing dot, and the names CON, PRN, AUX, NUL, COM0-9, LPT0-9, .lock,
 * desktop.ini and anything starting with ~$ or holding _vti_ ("Restrictions and limitations in OneDrive and
 * SharePoint", support.microsoft.com). Drive accepts those but a "/" would break our folder paths, and Blob
 * names end badly with "." or "\" (learn.microsoft.com, "Naming and Referencing Containers, Blobs, and
 * Metadata"). One rule for all keeps a later move between clouds safe.
 */
const REFUSED_CHARS = /["*:<>?/\\|\p{Cc}]/gu;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d|\.lock|desktop\.ini)$/i;
/** OneDrive allows 255 characters per name segment. */
const MAX_NAME = 255;

export interface SafeName {
  name: string;
  /** Why the name changed, or null when the original was kept. */
  changed: string | null;
}

export function safeFileName(original: string): SafeName {
  let name = original.normalize('NFC').replace(REFUSED_CHARS, '_').trim().replace(/\.+$/, '');
  name = name.replaceAll('_vti_', '_vti-');
  if (name.startsWith('~$')) name = `_${name.slice(1)}`;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  if (RESERVED.test(name) || RESERVED.test(stem)) name = `_${name}`;
  if (name === '') name = 'unnamed';
  if (name.length > MAX_NAME) {
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = name.slice(0, MAX_NAME - ext.length) + ext;
  }
  if (name === original) return { name, changed: null };
  return { name, changed: 'characters or a name the destination refuses were replaced' };
}

/**
 * Keeps names unique per destination folder inside one import: `IMG_1.jpg`, `IMG_1 (2).jpg`, … Comparison
 * ignores case because OneDrive does (a second "img_1.JPG" in the same folder is a 409 nameAlreadyExists).
 */
export class NameAllocator {
  private readonly taken = new Map<string, Set<string>>();

  allocate(folder: string, name: string): string {
    const names = this.taken.get(folder) ?? new Set<string>();
    this.taken.set(folder, names);
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    let candidate = name;
    for (let n = 2; names.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
    names.add(candidate.toLowerCase());
    return candidate;
  }
}
