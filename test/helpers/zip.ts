import zlib from 'node:zlib';

/**
 * The zip (an .xlsx) with one more entry, deflated, written here rather than by the code under test: an .xlsm's
 * vbaProject.bin, a macro sheet, or a zip bomb's padding. The new entry goes after the last one, the central
 * directory is rewritten with it.
 */
export function addToZip(zip: Buffer, name: string, content: Buffer): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip');
  const count = zip.readUInt16LE(end + 10);
  const dirSize = zip.readUInt32LE(end + 12);
  const dirOffset = zip.readUInt32LE(end + 16);
  const data = zlib.deflateRawSync(content);
  const crc = zlib.crc32(content);
  const nameBytes = Buffer.from(name, 'utf8');

  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);

  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(dirOffset, 42); // the new entry starts where the old directory did

  const newDirOffset = dirOffset + local.length + nameBytes.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(count + 1, 8);
  eocd.writeUInt16LE(count + 1, 10);
  eocd.writeUInt32LE(dirSize + central.length + nameBytes.length, 12);
  eocd.writeUInt32LE(newDirOffset, 16);
  return Buffer.concat([
    zip.subarray(0, dirOffset),
    local,
    nameBytes,
    data,
    zip.subarray(dirOffset, dirOffset + dirSize),
    central,
    nameBytes,
    eocd,
  ]);
}
