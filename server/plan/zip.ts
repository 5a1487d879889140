/**
 * The entries a zip file's central directory lists (an .xlsx is a zip), read without unpacking anything: their
 * names (a VBA project or a macro sheet is refused by name) and the sizes they claim unpacked (a zip bomb of a
 * few megabytes that unpacks to gigabytes is refused before a byte is inflated). A lying central directory is
 * not caught here; the upload's size cap bounds what that can cost.
 */
export interface ZipEntry {
  name: string;
  size: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** The central directory's entries, or null when the bytes are not a readable zip (or a ZIP64 one). */
export function zipEntries(bytes: Buffer): ZipEntry[] | null {
  // The end record is in the last 22 bytes plus a comment of up to 65,535.
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= floor; i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = bytes.readUInt16LE(end + 10);
  const offset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) return null;
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL) return null;
    const size = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const extra = bytes.readUInt16LE(p + 30);
    const comment = bytes.readUInt16LE(p + 32);
    if (size === 0xffffffff || p + 46 + nameLength > bytes.length) return null;
    entries.push({ name: bytes.toString('utf8', p + 46, p + 46 + nameLength), size });
    p += 46 + nameLength + extra + comment;
  }
  return entries;
}
