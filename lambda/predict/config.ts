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
}

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

/** Reads and checks the environment; throws one error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): PredictConfig {
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
  if (problems.length > 0) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  return {
    endpointName, maxRecords, riskThresholds: { medium, high }, recommendedActions, modelDeadlineMs, modelVersion,
    allowedVariants, corsAllowedOrigins,
  };
}
