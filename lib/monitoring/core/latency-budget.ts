import { Duration } from 'aws-cdk-lib';

/** API Gateway answers 504 after 29 s of integration time, whatever the budget says. */
export const API_GATEWAY_INTEGRATION_TIMEOUT = Duration.seconds(29);

/**
 * The p99 latency a request may spend in each layer. Each part is the threshold of that layer's
 * latency alarm, so a breach names the layer that overspent:
 *
 * ```
 * caller ── API Gateway ── Lambda proxy ── SageMaker ── model container
 *           apiGateway      lambda          sageMaker    model
 *           Overhead        Overhead        Overhead
 * ├──────────────────────────── endToEnd (API Gateway Latency p99) ─────────────┤
 *                         ├──────── functionBudget (Lambda Duration p99) ───────┤
 * ```
 * p99s do not add exactly (the slowest 1 % of each layer are rarely the same requests), so the
 * parts must sum to at most the end-to-end budget; the difference is headroom.
 */
export interface LatencyBudgetProps {
  /** p99 of the whole request as API Gateway measures it (`Latency`). */
  readonly endToEnd: Duration;
  /** API Gateway's own share: `Latency` minus `IntegrationLatency`. */
  readonly apiGatewayOverhead: Duration;
  /** The function's own share: validation, encoding, the SDK call around the endpoint. */
  readonly lambdaOverhead: Duration;
  /** SageMaker's `OverheadLatency` p99 (routing; for serverless variants, cold starts too). */
  readonly sageMakerOverhead: Duration;
  /** SageMaker's `ModelLatency` p99: the container's inference time. */
  readonly model: Duration;
}

/** A validated latency budget. */
export class LatencyBudget {
  /** Throws one error naming every problem. */
  public static of(props: LatencyBudgetProps): LatencyBudget {
    const problems = latencyBudgetProblems(props);
    if (problems.length > 0) throw new Error(`Invalid latency budget:\n- ${problems.join('\n- ')}`);
    return new LatencyBudget(props);
  }

  public readonly endToEnd: Duration;
  public readonly apiGatewayOverhead: Duration;
  public readonly lambdaOverhead: Duration;
  public readonly sageMakerOverhead: Duration;
  public readonly model: Duration;

  private constructor(props: LatencyBudgetProps) {
    this.endToEnd = props.endToEnd;
    this.apiGatewayOverhead = props.apiGatewayOverhead;
    this.lambdaOverhead = props.lambdaOverhead;
    this.sageMakerOverhead = props.sageMakerOverhead;
    this.model = props.model;
  }

  /** What the function may take (Lambda `Duration` p99): its overhead plus SageMaker's and the model's. */
  public get functionBudget(): Duration {
    return Duration.millis(millisOf(this.lambdaOverhead) + millisOf(this.sageMakerOverhead) + millisOf(this.model));
  }

  /** The four parts added up. */
  public get sumOfParts(): Duration {
    return Duration.millis(millisOf(this.apiGatewayOverhead) + millisOf(this.functionBudget));
  }
}

function millisOf(duration: Duration): number {
  return duration.toMilliseconds({ integral: false });
}

/** The problems with a latency budget (empty when valid), each naming its part. */
export function latencyBudgetProblems(props: LatencyBudgetProps): string[] {
  const problems: string[] = [];
  const parts = {
    endToEnd: props.endToEnd,
    apiGatewayOverhead: props.apiGatewayOverhead,
    lambdaOverhead: props.lambdaOverhead,
    sageMakerOverhead: props.sageMakerOverhead,
    model: props.model,
  };
  for (const [name, value] of Object.entries(parts)) {
    if (value.isUnresolved()) problems.push(`latency budget ${name} must be a literal duration, not a token`);
    else if (!(millisOf(value) > 0)) problems.push(`latency budget ${name} must be > 0 ms, got ${millisOf(value)} ms`);
  }
  if (problems.length > 0) return problems;
  const sum = millisOf(props.apiGatewayOverhead) + millisOf(props.lambdaOverhead) + millisOf(props.sageMakerOverhead) + millisOf(props.model);
  const endToEnd = millisOf(props.endToEnd);
  if (sum > endToEnd) {
    problems.push(`latency budget parts (apiGatewayOverhead + lambdaOverhead + sageMakerOverhead + model = ${sum} ms) must not exceed endToEnd (${endToEnd} ms)`);
  }
  const ceiling = API_GATEWAY_INTEGRATION_TIMEOUT.toMilliseconds();
  if (endToEnd >= ceiling) {
    problems.push(`latency budget endToEnd (${endToEnd} ms) must stay under API Gateway's ${ceiling} ms integration timeout`);
  }
  return problems;
}

/** A latency budget in milliseconds, as stage settings hold it. */
export interface LatencyBudgetMillis {
  readonly endToEnd: number;
  readonly apiGatewayOverhead: number;
  readonly lambdaOverhead: number;
  readonly sageMakerOverhead: number;
  readonly model: number;
}

/** The same budget as Durations. */
export function latencyBudgetFromMillis(millis: LatencyBudgetMillis): LatencyBudgetProps {
  return {
    endToEnd: Duration.millis(millis.endToEnd),
    apiGatewayOverhead: Duration.millis(millis.apiGatewayOverhead),
    lambdaOverhead: Duration.millis(millis.lambdaOverhead),
    sageMakerOverhead: Duration.millis(millis.sageMakerOverhead),
    model: Duration.millis(millis.model),
  };
}

/**
 * A budget for an instance-based endpoint serving a small XGBoost model: 100 ms of model time and
 * 300 ms end to end, 70 ms of it headroom. Estimates: replace them with a load test's p99s.
 */
export const DEFAULT_LATENCY_BUDGET_MILLIS: LatencyBudgetMillis = {
  endToEnd: 300,
  apiGatewayOverhead: 50,
  lambdaOverhead: 50,
  sageMakerOverhead: 30,
  model: 100,
};

/** The problems with a budget in milliseconds (empty when valid), each naming its part. */
export function latencyBudgetMillisProblems(millis: LatencyBudgetMillis): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(millis)) {
    if (!(Number.isFinite(value) && value > 0)) problems.push(`latency budget ${name} must be > 0 ms, got ${value}`);
  }
  return problems.length > 0 ? problems : latencyBudgetProblems(latencyBudgetFromMillis(millis));
}
