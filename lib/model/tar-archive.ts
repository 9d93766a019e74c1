/**
 * A small reader of `.tar.gz` archives (POSIX ustar, with the pax and GNU long-name extensions
 * that `tar` and Python's tarfile write), enough to see what a model archive holds at synth.
 * Node's zlib only: no npm dependency.
 */
import { gunzipSync } from 'zlib';

const BLOCK_SIZE = 512;

/** One archive member: its header fields and its bytes. */
export interface TarEntry {
  /** The member's path, as written (`./` prefixes kept). */
  readonly name: string;
  /** '0' (or '\0') for a regular file, '5' for a directory, '2' for a symbolic link, … */
  readonly typeFlag: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly uname: string;
  readonly gname: string;
  /** Modification time, in seconds since the epoch. */
  readonly mtime: number;
  readonly magic: string;
  readonly content: Buffer;
}

/** A NUL-terminated text field. */
function textField(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** An octal number field (NUL- or space-terminated); empty counts as 0. */
function octalField(header: Buffer, start: number, length: number): number {
  const text = textField(header, start, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new Error(`a tar header field at byte ${start} is not an octal number`);
  return parseInt(text, 8);
}

/** The header checksum: the byte sum with the checksum field itself read as eight spaces. */
function headerChecksum(header: Buffer): number {
  let sum = 0;
  for (let index = 0; index < BLOCK_SIZE; index++) sum += index >= 148 && index < 156 ? 0x20 : header[index];
  return sum;
}

type TarHeader = Omit<TarEntry, 'content'> & { readonly size: number };

function readHeader(header: Buffer): TarHeader {
  if (octalField(header, 148, 8) !== headerChecksum(header)) throw new Error('a tar header checksum does not match');
  const magic = textField(header, 257, 6);
  // POSIX ustar splits long paths into prefix and name; old GNU tar ("ustar  ") uses those bytes otherwise.
  const prefix = magic === 'ustar' ? textField(header, 345, 155) : '';
  const name = textField(header, 0, 100);
  return {
    name: prefix === '' ? name : `${prefix}/${name}`,
    typeFlag: String.fromCharCode(header[156]),
    mode: octalField(header, 100, 8),
    uid: octalField(header, 108, 8),
    gid: octalField(header, 116, 8),
    uname: textField(header, 265, 32),
    gname: textField(header, 297, 32),
    mtime: octalField(header, 136, 12),
    magic,
    size: octalField(header, 124, 12),
  };
}

/** The `path` record of a pax extended header (`<length> path=<value>\n` records), if any. */
function paxPath(content: Buffer): string | undefined {
  let offset = 0;
  while (offset < content.length) {
    const space = content.indexOf(0x20, offset);
    const length = Number(content.subarray(offset, space).toString('ascii'));
    if (space === -1 || !Number.isInteger(length) || length <= 0) return undefined;
    const record = content.subarray(space + 1, offset + length - 1).toString('utf8');
    if (record.startsWith('path=')) return record.slice('path='.length);
    offset += length;
  }
  return undefined;
}

/**
 * The members of an uncompressed tar archive, in order, up to the end-of-archive (all-zero)
 * block. Pax extended headers ('x', 'g') and GNU long names ('L') are applied, not listed.
 *
 * @throws Error when a header is malformed or the archive is cut short
 */
export function readTarEntries(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  let offset = 0;
  while (offset + BLOCK_SIZE <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK_SIZE);
    if (block.every((byte) => byte === 0)) return entries;
    const { size, ...header } = readHeader(block);
    const dataStart = offset + BLOCK_SIZE;
    if (dataStart + size > archive.length) throw new Error(`tar member ${header.name} extends past the end of the archive`);
    const content = archive.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;
    if (header.typeFlag === 'x') longName = paxPath(content) ?? longName;
    else if (header.typeFlag === 'L') longName = textField(content, 0, content.length);
    else if (header.typeFlag !== 'g') {
      entries.push({ ...header, name: longName ?? header.name, content });
      longName = undefined;
    }
  }
  throw new Error('the tar archive ends without an end-of-archive block');
}

/**
 * The members of a gzip-compressed tar archive (`.tar.gz`).
 * @throws Error when the bytes are not gzip, or not a tar archive inside
 */
export function readTarGzEntries(archive: Buffer): TarEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(archive);
  } catch {
    throw new Error('it is not gzip-compressed');
  }
  return readTarEntries(tar);
}
