import { Duration } from 'aws-cdk-lib';
import {
  DEFAULT_LATENCY_BUDGET_MILLIS, LatencyBudget, latencyBudgetFromMillis, latencyBudgetMillisProblems, latencyBudgetProblems,
} from '../../lib/monitoring/core/latency-budget';

const millis = (m: number) => Duration.millis(m);

describe('LatencyBudget', () => {
  test('the function budget is its own overhead plus SageMaker\'s plus the model\'s; the parts add up', () => {
    const budget = LatencyBudget.of({
      endToEnd: millis(300), apiGatewayOverhead: millis(50), lambdaOverhead: millis(40), sageMakerOverhead: millis(30), model: millis(100),
    });
    expect(budget.functionBudget.toMilliseconds()).toBe(170);
    expect(budget.sumOfParts.toMilliseconds()).toBe(220);
    expect(budget.model.toMilliseconds()).toBe(100);
  });

  test('the default budget is valid and leaves headroom', () => {
    const budget = LatencyBudget.of(latencyBudgetFromMillis(DEFAULT_LATENCY_BUDGET_MILLIS));
    expect(budget.sumOfParts.toMilliseconds()).toBeLessThan(budget.endToEnd.toMilliseconds());
  });

  test('When the parts add up to more than the end-to-end budget: the sum and the budget are named', () => {
    expect(() => LatencyBudget.of({
      endToEnd: millis(200), apiGatewayOverhead: millis(50), lambdaOverhead: millis(50), sageMakerOverhead: millis(30), model: millis(100),
    })).toThrow('latency budget parts (apiGatewayOverhead + lambdaOverhead + sageMakerOverhead + model = 230 ms) must not exceed endToEnd (200 ms)');
  });

  test('When the end-to-end budget reaches API Gateway\'s 29 s: it is rejected', () => {
    expect(latencyBudgetProblems({
      endToEnd: Duration.seconds(29), apiGatewayOverhead: millis(50), lambdaOverhead: millis(50), sageMakerOverhead: millis(30), model: millis(100),
    })).toEqual(["latency budget endToEnd (29000 ms) must stay under API Gateway's 29000 ms integration timeout"]);
  });

  test('When parts are zero: each is named, and nothing else is checked', () => {
    expect(latencyBudgetProblems({
      endToEnd: millis(300), apiGatewayOverhead: millis(0), lambdaOverhead: millis(50), sageMakerOverhead: millis(0), model: millis(100),
    })).toEqual(['latency budget apiGatewayOverhead must be > 0 ms, got 0 ms', 'latency budget sageMakerOverhead must be > 0 ms, got 0 ms']);
  });

  test('When stage settings hold negative or non-numeric milliseconds: problems, not a Duration exception', () => {
    expect(latencyBudgetMillisProblems({ ...DEFAULT_LATENCY_BUDGET_MILLIS, model: -5, lambdaOverhead: Number.NaN })).toEqual([
      'latency budget lambdaOverhead must be > 0 ms, got NaN',
      'latency budget model must be > 0 ms, got -5',
    ]);
    expect(latencyBudgetMillisProblems(DEFAULT_LATENCY_BUDGET_MILLIS)).toEqual([]);
  });
});
