import { DEFAULT_RISK_THRESHOLDS, RiskThresholds } from './risk-level';

/** Settings the function reads from its environment, once per execution environment. */
export interface PredictConfig {
  readonly endpointName: string;
  readonly maxRecords: number;
  readonly riskThresholds: RiskThresholds;
  /** Upper bound of one request's model call, retries included. */
  readonly modelDeadlineMs: number;
}

export const DEFAULT_MAX_RECORDS = 100;
export const DEFAULT_MODEL_DEADLINE_MS = 20_000;

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) problems.push(`${name} must be a number, got "${raw}"`);
  return value;
}

/** Reads and checks the environment; throws one error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): PredictConfig {
  const problems: string[] = [];
  const endpointName = env.ENDPOINT_NAME ?? '';
  if (endpointName === '') problems.push('ENDPOINT_NAME is required');
  const maxRecords = readNumber(env, 'MAX_RECORDS', DEFAULT_MAX_RECORDS, problems);
  if (!Number.isInteger(maxRecords) || maxRecords < 1) problems.push('MAX_RECORDS must be a whole number ≥ 1');
  const medium = readNumber(env, 'RISK_THRESHOLD_MEDIUM', DEFAULT_RISK_THRESHOLDS.medium, problems);
  const high = readNumber(env, 'RISK_THRESHOLD_HIGH', DEFAULT_RISK_THRESHOLDS.high, problems);
  if (!(medium > 0 && medium < high && high <= 1)) {
    problems.push('risk thresholds must satisfy 0 < RISK_THRESHOLD_MEDIUM < RISK_THRESHOLD_HIGH ≤ 1');
  }
  const modelDeadlineMs = readNumber(env, 'MODEL_DEADLINE_MS', DEFAULT_MODEL_DEADLINE_MS, problems);
  if (!(modelDeadlineMs > 0)) problems.push('MODEL_DEADLINE_MS must be > 0');
  if (problems.length > 0) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  return { endpointName, maxRecords, riskThresholds: { medium, high }, modelDeadlineMs };
}
