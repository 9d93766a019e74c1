import * as fs from 'fs';
import { MODEL_CONTRACT_FORMAT_VERSION, ModelContract, modelContractProblems } from '../../contract/model-contract';

/** Stands in for a contract that could not be read, so the problems can be reported together. */
export const UNREADABLE_CONTRACT: ModelContract = {
  formatVersion: MODEL_CONTRACT_FORMAT_VERSION, name: 'unreadable', description: '', fields: [], features: [],
};

/** A contract read from a file, or the placeholder and what is wrong with the file. */
export interface ContractReading {
  readonly contract: ModelContract;
  readonly problems: readonly string[];
}

/** Reads and checks a `contract.json`; every problem is named, prefixed with the file's name. */
export function readContractFile(file: string, label = 'contract.json'): ContractReading {
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message;
    return { contract: UNREADABLE_CONTRACT, problems: [`${label} cannot be read: ${reason}`] };
  }
  const problems = modelContractProblems(document);
  if (problems.length > 0) return { contract: UNREADABLE_CONTRACT, problems: problems.map((problem) => `${label}: ${problem}`) };
  return { contract: document as ModelContract, problems: [] };
}
