import { readFileSync } from 'fs';
import { ModelContract, ModelContractError, parseModelContract } from '../../contract/model-contract';
import { ACTION_PATTERN, DEFAULT_MAX_RECORDS, MAX_RECORDS_CEILING, RISK_LEVELS, VARIANT_NAME_PATTERN } from '../../contract/prediction-contract';
import { DEFAULT_RECOMMENDED_ACTIONS, DEFAULT_RISK_THRESHOLDS, RecommendedActions, RiskThresholds } from './risk-level';

/** Settings the function reads from its environment, once per execution environment. */
export interface PredictConfig {
  readonly endpointName: string;
  readonly maxRecords: number;
  readonly riskThresholds: RiskThresholds;
  readonly recommendedActions: RecommendedActions;
  /** Upper bound of one request's model call, retries included. */
  readonly modelDeadlineMs: number;
  /** Reported in every answer; the construct derives it from the model archive. */
  readonly modelVersion: string;
  /** Production variants a request may target; empty means `targetVariant` is rejected. */
  readonly allowedVariants: readonly string[];
  /** Browser origins that get CORS headers; empty means none. */
  readonly corsAllowedOrigins: readonly string[];
  /**
   * The served model package's input contract: the fields a record must have, and how they become
   * the model's CSV row. Read from the file MODEL_CONTRACT_FILE names (the stack deploys it in a
   * Lambda layer), so one function bundle serves any package.
   */
  readonly contract: ModelContract;
}

/** Reads a file's text; tests pass their own. */
export type ReadTextFile = (path: string) => string;

export { DEFAULT_MAX_RECORDS };
export const DEFAULT_MODEL_DEADLINE_MS = 20_000;
export const UNVERSIONED_MODEL = 'unversioned';

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) problems.push(`${name} must be a number, got "${raw}"`);
  return value;
}

/** A comma-separated list; blanks around and between entries are ignored. */
function readList(env: NodeJS.ProcessEnv, name: string): string[] {
  return (env[name] ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
}

function readActions(env: NodeJS.ProcessEnv, problems: string[]): RecommendedActions {
  const entries = RISK_LEVELS.map((level) => {
    const name = `RECOMMENDED_ACTION_${level.toUpperCase()}`;
    const raw = env[name];
    const action = raw === undefined || raw === '' ? DEFAULT_RECOMMENDED_ACTIONS[level] : raw;
    if (!ACTION_PATTERN.test(action)) problems.push(`${name} must be lower-case words joined by hyphens, got "${action}"`);
    return [level, action] as const;
  });
  return Object.fromEntries(entries) as RecommendedActions;
}

const readUtf8: ReadTextFile = (path) => readFileSync(path, 'utf8');

/** The contract in the file MODEL_CONTRACT_FILE names, or undefined with the problems recorded. */
function readContract(env: NodeJS.ProcessEnv, readTextFile: ReadTextFile, problems: string[]): ModelContract | undefined {
  const file = env.MODEL_CONTRACT_FILE ?? '';
  if (file === '') {
    problems.push('MODEL_CONTRACT_FILE is required');
    return undefined;
  }
  let text: string;
  try {
    text = readTextFile(file);
  } catch (error) {
    problems.push(`MODEL_CONTRACT_FILE ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).name})`);
    return undefined;
  }
  try {
    return parseModelContract(text);
  } catch (error) {
    if (!(error instanceof ModelContractError)) throw error;
    problems.push(`MODEL_CONTRACT_FILE ${file}: ${error.problems.join('; ')}`);
    return undefined;
  }
}

/** Reads and checks the environment and the contract file; throws one error naming every problem. */
export function loadConfig(env: NodeJS.ProcessEnv, readTextFile: ReadTextFile = readUtf8): PredictConfig {
  const problems: string[] = [];
  const endpointName = env.ENDPOINT_NAME ?? '';
  if (endpointName === '') problems.push('ENDPOINT_NAME is required');
  const maxRecords = readNumber(env, 'MAX_RECORDS', DEFAULT_MAX_RECORDS, problems);
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > MAX_RECORDS_CEILING) {
    problems.push(`MAX_RECORDS must be a whole number from 1 to ${MAX_RECORDS_CEILING}`);
  }
  const medium = readNumber(env, 'RISK_THRESHOLD_MEDIUM', DEFAULT_RISK_THRESHOLDS.medium, problems);
  const high = readNumber(env, 'RISK_THRESHOLD_HIGH', DEFAULT_RISK_THRESHOLDS.high, problems);
  if (!(medium > 0 && medium < high && high <= 1)) {
    problems.push('risk thresholds must satisfy 0 < RISK_THRESHOLD_MEDIUM < RISK_THRESHOLD_HIGH ≤ 1');
  }
  const recommendedActions = readActions(env, problems);
  const modelDeadlineMs = readNumber(env, 'MODEL_DEADLINE_MS', DEFAULT_MODEL_DEADLINE_MS, problems);
  if (!(modelDeadlineMs > 0)) problems.push('MODEL_DEADLINE_MS must be > 0');
  const modelVersion = env.MODEL_VERSION === undefined || env.MODEL_VERSION === '' ? UNVERSIONED_MODEL : env.MODEL_VERSION;
  const allowedVariants = readList(env, 'ALLOWED_VARIANTS');
  for (const variant of allowedVariants) {
    if (!VARIANT_NAME_PATTERN.test(variant)) problems.push(`ALLOWED_VARIANTS holds "${variant}", which is not a production variant name`);
  }
  const corsAllowedOrigins = readList(env, 'CORS_ALLOWED_ORIGINS');
  const contract = readContract(env, readTextFile, problems);
  if (problems.length > 0 || contract === undefined) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  return {
    endpointName, maxRecords, riskThresholds: { medium, high }, recommendedActions, modelDeadlineMs, modelVersion,
    allowedVariants, corsAllowedOrigins, contract,
  };
}
