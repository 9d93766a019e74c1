/**
 * Where operators read what to do about an alarm: docs/RUNBOOK.md has a section per alarm, and
 * every alarm's description ends with a link to its section (test/docs/runbook-links.test.ts).
 */
export const RUNBOOK_DOCUMENT = 'docs/RUNBOOK.md';

/** `Runbook: docs/RUNBOOK.md#<anchor>` for a section heading (`Api5xxRate` → `#api5xxrate`). */
export function runbookLink(section: string): string {
  return `Runbook: ${RUNBOOK_DOCUMENT}#${section.toLowerCase()}`;
}
