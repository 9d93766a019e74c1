/**
 * Writes small `.tar.gz` archives for tests (POSIX ustar, regular files and directories), so tests
 * can build the model archives synth must refuse: two files, another name, another model.
 */
import { gzipSync } from 'zlib';

const BLOCK_SIZE = 512;

/** One member to write: a file with its bytes, or a directory (`content` absent). */
export interface TarMember {
  readonly name: string;
  readonly content?: Buffer | string;
  /**
   * The member's type, e.g. 'x' for a pax extended header.
   * @default - '0' (a regular file), or '5' (a directory) without content
   */
  readonly typeFlag?: string;
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

function header(member: TarMember, size: number): Buffer {
  const block = Buffer.alloc(BLOCK_SIZE);
  block.write(member.name, 0, 100, 'utf8');
  block.write(octal(member.content === undefined ? 0o755 : 0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(0, 12), 136, 'ascii');
  block.write(' '.repeat(8), 148, 'ascii');
  block.write(member.typeFlag ?? (member.content === undefined ? '5' : '0'), 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  const checksum = block.reduce((sum, byte) => sum + byte, 0);
  block.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

/** The members as a gzip-compressed tar archive. */
export function tarGz(members: readonly TarMember[]): Buffer {
  const parts: Buffer[] = [];
  for (const member of members) {
    const content = member.content === undefined ? Buffer.alloc(0) : Buffer.from(member.content);
    parts.push(header(member, content.length), content, Buffer.alloc((BLOCK_SIZE - (content.length % BLOCK_SIZE)) % BLOCK_SIZE));
  }
  parts.push(Buffer.alloc(2 * BLOCK_SIZE));
  return gzipSync(Buffer.concat(parts));
}
