import { readTarGzEntries, TarEntry } from './tar-archive';

/** The one file a model archive holds: the name the sagemaker-xgboost container's convention gives it. */
export const MODEL_FILE_NAME = 'xgboost-model';

/** What a model archive holds: its model file's bytes when it holds exactly that file, and what is wrong otherwise. */
export interface ModelArchiveContents {
  /**
   * The bytes of `xgboost-model`.
   * @default - absent when the archive does not hold exactly that file (see `problems`)
   */
  readonly modelFile?: Buffer;
  readonly problems: readonly string[];
}

const MAX_LISTED_NAMES = 5;

/** `./a/b/` → `a/b`. */
function normalizedName(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED_NAMES).join(', ');
  return names.length > MAX_LISTED_NAMES ? `${shown} and ${names.length - MAX_LISTED_NAMES} more` : shown;
}

const isDirectory = (entry: TarEntry) => entry.typeFlag === '5';
const isRegularFile = (entry: TarEntry) => entry.typeFlag === '0' || entry.typeFlag === '\0' || entry.typeFlag === '7';

/**
 * Reads a `model.tar.gz` as SageMaker unpacks it into /opt/ml/model. The sagemaker-xgboost
 * container loads every file it finds there and averages their predictions as an ensemble, so the
 * archive must hold exactly one file, `xgboost-model` (directory entries such as `./` aside).
 */
export function readModelArchive(archive: Buffer): ModelArchiveContents {
  let entries: TarEntry[];
  try {
    entries = readTarGzEntries(archive);
  } catch (error) {
    // The reader throws only for bytes that are not a tar.gz archive.
    return { problems: [`model.tar.gz cannot be read: ${(error as Error).message}`] };
  }
  const files = entries.filter((entry) => !isDirectory(entry));
  const names = files.map((entry) => normalizedName(entry.name));
  if (files.length === 0) return { problems: [`model.tar.gz holds no file; it must hold exactly one, ${MODEL_FILE_NAME}`] };
  if (files.length > 1) {
    return {
      problems: [`model.tar.gz holds ${files.length} files (${listed(names)}): the serving container loads every file and averages `
        + `their predictions as an ensemble; it must hold exactly one, ${MODEL_FILE_NAME}`],
    };
  }
  const [file] = files;
  if (names[0] !== MODEL_FILE_NAME) {
    return { problems: [`model.tar.gz holds one file, ${JSON.stringify(names[0])}; it must be named ${MODEL_FILE_NAME}, at the top of the archive`] };
  }
  if (!isRegularFile(file)) return { problems: [`model.tar.gz: ${MODEL_FILE_NAME} must be a regular file, not a link`] };
  return { modelFile: file.content, problems: [] };
}
