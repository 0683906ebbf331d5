import { crc32 as zlibCrc32, inflateRawSync } from 'node:zlib';

/**
 * A minimal, defensive reader for the zip files GitHub serves as artifacts. Downloaded artifacts
 * are untrusted: nothing is written to disk, every entry name is checked (a name that could escape
 * a directory rejects the whole archive), and sizes are bounded before inflating.
 */
export class ZipError extends Error {}

/** CRC-32 (zip's checksum), from node:zlib (Node >= 20.15). */
export function crc32(buf: Uint8Array): number {
  return zlibCrc32(buf) >>> 0;
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localOffset: number;
}

/** True when the name is a plain relative path that stays inside the extraction directory. */
export function isSafeEntryName(name: string): boolean {
  if (name === '' || name.includes('\0')) return false;
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[A-Za-z]:/.test(n)) return false;
  return !n.split('/').some((seg) => seg === '..');
}

export function listZip(buf: Buffer, maxEntries = 1000): ZipEntry[] {
  const min = 22;
  if (buf.length < min) throw new ZipError('not a zip archive (too short)');
  let eocd = -1;
  for (let i = buf.length - min; i >= Math.max(0, buf.length - min - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('not a zip archive (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipError('zip64 archives are not supported');
  if (count > maxEntries) throw new ZipError(`the archive has ${count} entries; at most ${maxEntries} are accepted`);
  if (cdOffset + cdSize > buf.length) throw new ZipError('corrupt zip archive (central directory out of range)');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipError('corrupt zip archive (bad central directory entry)');
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (!isSafeEntryName(name)) throw new ZipError(`unsafe entry name in the archive: ${JSON.stringify(name.slice(0, 100))}`);
    entries.push({ name: name.replace(/\\/g, '/'), method, compressedSize, size, crc, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The bytes of one entry, at most `maxBytes` once inflated. */
export function readZipEntry(buf: Buffer, entry: ZipEntry, maxBytes: number): Buffer {
  if (entry.size > maxBytes) throw new ZipError(`${entry.name} is ${entry.size} bytes; the limit is ${maxBytes}`);
  const p = entry.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw new ZipError('corrupt zip archive (bad local header)');
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw new ZipError('corrupt zip archive (entry out of range)');
  const raw = buf.subarray(start, end);
  let data: Buffer;
  if (entry.method === 0) data = Buffer.from(raw);
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: maxBytes + 1 });
    } catch (e) {
      throw new ZipError(`cannot inflate ${entry.name}: ${(e as Error).message}`);
    }
  } else throw new ZipError(`${entry.name}: unsupported compression method ${entry.method}`);
  if (data.length > maxBytes) throw new ZipError(`${entry.name} inflates to more than ${maxBytes} bytes`);
  if (data.length !== entry.size || crc32(data) !== entry.crc) throw new ZipError(`${entry.name}: size or checksum mismatch`);
  return data;
}

/** Read one named file from an archive; null when it is not there. */
export function extractFile(buf: Buffer, name: string, maxBytes: number): Buffer | null {
  const entry = listZip(buf).find((e) => e.name === name);
  return entry ? readZipEntry(buf, entry, maxBytes) : null;
}
