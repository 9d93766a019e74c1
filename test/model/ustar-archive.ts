/**
 * A minimal reader of ustar (POSIX tar) archives for tests: enough to check what
 * model/train.py writes into model.tar.gz, with no npm dependency.
 */

const BLOCK_SIZE = 512;

/** One archive member: its header fields and its bytes. */
export interface TarEntry {
  readonly name: string;
  /** '0' for a regular file ('\0' in old archives), '5' for a directory, … */
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

/** An octal number field (NUL- or space-terminated). */
function octalField(header: Buffer, start: number, length: number): number {
  const text = textField(header, start, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new Error(`tar header field at ${start} is not octal: ${JSON.stringify(text)}`);
  return parseInt(text, 8);
}

/** The header checksum: the byte sum with the checksum field itself read as eight spaces. */
function headerChecksum(header: Buffer): number {
  let sum = 0;
  for (let index = 0; index < BLOCK_SIZE; index++) {
    sum += index >= 148 && index < 156 ? 0x20 : header[index];
  }
  return sum;
}

type TarHeader = Omit<TarEntry, 'content'> & { readonly size: number };

function readHeader(header: Buffer): TarHeader {
  if (octalField(header, 148, 8) !== headerChecksum(header)) throw new Error('tar header checksum mismatch');
  const prefix = textField(header, 345, 155);
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
    magic: textField(header, 257, 6),
    size: octalField(header, 124, 12),
  };
}

/**
 * Lists the members of an uncompressed tar archive, in order, up to the end-of-archive
 * (all-zero) block.
 *
 * @throws Error when a header's checksum or a number field is malformed, or the archive is cut short
 */
export function readTarEntries(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + BLOCK_SIZE <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK_SIZE);
    if (block.every((byte) => byte === 0)) return entries;
    const { size, ...header } = readHeader(block);
    const dataStart = offset + BLOCK_SIZE;
    if (dataStart + size > archive.length) throw new Error(`tar member ${header.name} extends past the end of the archive`);
    entries.push({ ...header, content: archive.subarray(dataStart, dataStart + size) });
    offset = dataStart + Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;
  }
  throw new Error('tar archive ends without an end-of-archive block');
}
