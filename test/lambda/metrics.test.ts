import { Metrics } from '@aws-lambda-powertools/metrics';
import { createPowertoolsMetricWriter, METRICS_NAMESPACE, METRICS_SERVICE } from '../../lambda/shared/metrics';

interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [key: string]: unknown;
}

/** Checks the rules of the EMF specification that CloudWatch enforces when extracting. */
function expectValidEmf(line: string): EmfLine {
  const parsed = JSON.parse(line) as EmfLine;
  expect(Number.isInteger(parsed._aws.Timestamp)).toBe(true);
  expect(parsed._aws.CloudWatchMetrics.length).toBeGreaterThan(0);
  for (const directive of parsed._aws.CloudWatchMetrics) {
    expect(directive.Namespace).toBe(METRICS_NAMESPACE);
    for (const dimensionSet of directive.Dimensions) {
      expect(dimensionSet.length).toBeLessThanOrEqual(30);
      for (const dimension of dimensionSet) expect(typeof parsed[dimension]).toBe('string');
    }
    for (const metric of directive.Metrics) expect(['number', 'object']).toContain(typeof parsed[metric.Name]);
  }
  return parsed;
}

/** A writer on a fresh Powertools Metrics (as in a Lambda execution environment), and what it printed. */
function writerWithOutput() {
  const saved = process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  const writer = createPowertoolsMetricWriter(new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE }));
  if (saved === undefined) delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  else process.env.AWS_LAMBDA_INITIALIZATION_TYPE = saved;
  return { writer, lines: () => chunks.join('').split('\n').filter((line) => line !== ''), restore: () => spy.mockRestore() };
}

describe('createPowertoolsMetricWriter', () => {
  let output: ReturnType<typeof writerWithOutput>;
  beforeEach(() => { output = writerWithOutput(); });
  afterEach(() => output.restore());

  test('writes nothing until flushed, then one EMF line with every metric and the service dimension', () => {
    output.writer.put('PredictedRecords', 3, 'Count');
    output.writer.put('ModelCallLatency', 42.5, 'Milliseconds');
    expect(output.lines()).toEqual([]);
    output.writer.flush();
    expect(output.lines()).toHaveLength(1);
    const emf = expectValidEmf(output.lines()[0]);
    expect(emf._aws.CloudWatchMetrics).toEqual([{
      Namespace: 'ChurnPrediction',
      Dimensions: [['service']],
      Metrics: [{ Name: 'PredictedRecords', Unit: 'Count' }, { Name: 'ModelCallLatency', Unit: 'Milliseconds' }],
    }]);
    expect(emf).toMatchObject({ service: 'PredictFunction', PredictedRecords: 3, ModelCallLatency: 42.5 });
  });

  test('a metric with its own dimensions is written at once, on its own line, with them', () => {
    output.writer.put('Faults', 1, 'Count', { FaultCode: 'ModelThrottled' });
    expect(output.lines()).toHaveLength(1);
    const emf = expectValidEmf(output.lines()[0]);
    expect(emf._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'FaultCode']]);
    expect(emf).toMatchObject({ service: 'PredictFunction', FaultCode: 'ModelThrottled', Faults: 1 });
  });

  test('ColdStart is written on the first invocation of an execution environment only', () => {
    output.writer.captureColdStart();
    output.writer.captureColdStart();
    const coldStarts = output.lines().map(expectValidEmf).filter((emf) => 'ColdStart' in emf);
    expect(coldStarts).toHaveLength(1);
    expect(coldStarts[0]).toMatchObject({ ColdStart: 1, service: 'PredictFunction' });
  });

  test('a flush with nothing recorded writes nothing (no empty-metrics warning)', () => {
    output.writer.flush();
    expect(output.lines()).toEqual([]);
  });

  test('values are cleared by a flush: the next flush carries only new ones', () => {
    output.writer.put('RejectedRequests', 1, 'Count');
    output.writer.flush();
    output.writer.put('PredictedRecords', 2, 'Count');
    output.writer.flush();
    const [first, second] = output.lines().map(expectValidEmf);
    expect(first).toHaveProperty('RejectedRequests', 1);
    expect(second).not.toHaveProperty('RejectedRequests');
    expect(second).toHaveProperty('PredictedRecords', 2);
  });

  test('putAll writes one line at once, every value under the service and the given dimensions', () => {
    output.writer.putAll([
      { name: 'AnswersScored', value: 3, unit: 'Count' },
      { name: 'ChurnProbabilitySum', value: 1.25, unit: 'None' },
    ], { Endpoint: 'churn-endpoint' });
    expect(output.lines()).toHaveLength(1);
    const emf = expectValidEmf(output.lines()[0]);
    expect(emf._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'Endpoint']]);
    expect(emf._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'AnswersScored', Unit: 'Count' }, { Name: 'ChurnProbabilitySum', Unit: 'None' }]);
    expect(emf).toMatchObject({ service: 'PredictFunction', Endpoint: 'churn-endpoint', AnswersScored: 3, ChurnProbabilitySum: 1.25 });
  });
});
