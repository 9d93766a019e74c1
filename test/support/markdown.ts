import * as fs from 'fs';
import * as path from 'path';

/** The repository's root, which the documents' relative links start from. */
export const REPOSITORY_ROOT = path.join(__dirname, '..', '..');

/** A Markdown file's text without its fenced code blocks (a `# comment` in a block is no heading). */
export function markdownProse(file: string): string {
  return fs.readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

/** The anchors of every heading of a Markdown file (path from the repository's root). */
export function headingAnchors(file: string): Set<string> {
  return new Set([...markdownProse(file).matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1])));
}
