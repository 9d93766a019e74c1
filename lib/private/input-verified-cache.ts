import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * A directory cache for a build whose inputs are only known once it has run (a bundler's): the
 * build reports the files it read, the cache records each one's SHA-256, and a later call reuses
 * the output only if every recorded input still has that content. Entries live in
 * `<cacheDirectory>/<key>.json` (the record) and `<cacheDirectory>/<key>-<output digest>/` (the
 * output); `key` names the build's settings (tool version, options), so different settings never
 * share an entry.
 *
 * Safe for concurrent processes (jest workers, parallel synths): outputs are written to a private
 * directory, then renamed into place; the record is replaced by a rename too.
 */
export interface InputVerifiedBuild {
  /** Where cache entries live; created when missing. */
  readonly cacheDirectory: string;
  /** Identifies the build's settings; a file name part (letters, digits, `-`). */
  readonly key: string;
  /** Builds into `outputDirectory` (empty, existing) and returns the absolute paths of the files it read. */
  readonly build: (outputDirectory: string) => readonly string[];
}

/** The output directory, and whether it was built now or taken from the cache. */
export interface CachedOutput {
  readonly directory: string;
  readonly fromCache: boolean;
}

interface CacheRecord {
  /** The output directory's name, beside the record. */
  readonly output: string;
  /** Absolute path → SHA-256 (hex) of each input the build read. */
  readonly inputs: Record<string, string>;
}

/** Outputs older than this that no record points at are removed when a new one is written. */
const STALE_OUTPUT_MILLIS = 60 * 60 * 1000;

function digestOf(file: string): string | undefined {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

function readRecord(file: string): CacheRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as CacheRecord;
  } catch {
    return undefined;
  }
}

/** Whether every input recorded still has the recorded content, and the output is there. */
function isCurrent(record: CacheRecord, cacheDirectory: string): boolean {
  if (!fs.existsSync(path.join(cacheDirectory, record.output))) return false;
  return Object.entries(record.inputs).every(([file, digest]) => digestOf(file) === digest);
}

/** A digest of the output directory's files (names and contents), to name it by. */
function outputDigest(directory: string): string {
  const hash = crypto.createHash('sha256');
  for (const name of fs.readdirSync(directory).sort()) {
    hash.update(name).update('\0').update(fs.readFileSync(path.join(directory, name))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function removeStaleOutputs(cacheDirectory: string, key: string, keep: string): void {
  const now = Date.now();
  for (const name of fs.readdirSync(cacheDirectory)) {
    if (!name.startsWith(`${key}-`) || name === keep || name.endsWith('.json')) continue;
    const entry = path.join(cacheDirectory, name);
    try {
      if (now - fs.statSync(entry).mtimeMs > STALE_OUTPUT_MILLIS) fs.rmSync(entry, { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

/** Renames `from` to `to`, or, when another process got there first with the same content, drops `from`. */
function moveIntoPlace(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if (!fs.existsSync(to)) throw error;
    fs.rmSync(from, { recursive: true, force: true });
  }
}

/** The build's output from the cache when its inputs are unchanged, otherwise built now and cached. */
export function inputVerifiedBuild(options: InputVerifiedBuild): CachedOutput {
  const { cacheDirectory, key } = options;
  const recordFile = path.join(cacheDirectory, `${key}.json`);
  const cached = readRecord(recordFile);
  if (cached !== undefined && isCurrent(cached, cacheDirectory)) {
    return { directory: path.join(cacheDirectory, cached.output), fromCache: true };
  }

  fs.mkdirSync(cacheDirectory, { recursive: true });
  const building = fs.mkdtempSync(path.join(cacheDirectory, `building-${key}-`));
  try {
    const inputs = Object.fromEntries(options.build(building).map((file) => [file, digestOf(file) ?? '']));
    const output = `${key}-${outputDigest(building)}`;
    moveIntoPlace(building, path.join(cacheDirectory, output));
    const record: CacheRecord = { output, inputs };
    const recordDraft = `${recordFile}.${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(recordDraft, JSON.stringify(record));
    fs.renameSync(recordDraft, recordFile);
    removeStaleOutputs(cacheDirectory, key, output);
    return { directory: path.join(cacheDirectory, output), fromCache: false };
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
}
