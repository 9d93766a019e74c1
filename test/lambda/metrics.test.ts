import { createEmfMetricWriter, METRICS_NAMESPACE } from '../../lambda/shared/metrics';

const NOW = 1_732_000_000_000;

interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [key: string]: unknown;
}

function writerWithLines(service = 'PredictFunction') {
  const lines: string[] = [];
  const writer = createEmfMetricWriter(service, (line) => lines.push(line), () => NOW);
  return { writer, lines };
}

/** Checks the rules of the EMF specification that CloudWatch enforces when extracting. */
function expectValidEmf(line: string): EmfLine {
  expect(line).not.toContain('\n');
  const parsed = JSON.parse(line) as EmfLine;
  expect(Number.isInteger(parsed._aws.Timestamp)).toBe(true);
  expect(parsed._aws.CloudWatchMetrics.length).toBeGreaterThan(0);
  for (const directive of parsed._aws.CloudWatchMetrics) {
    expect(typeof directive.Namespace).toBe('string');
    for (const dimensionSet of directive.Dimensions) {
      expect(dimensionSet.length).toBeLessThanOrEqual(30);
      for (const dimension of dimensionSet) expect(typeof parsed[dimension]).toBe('string');
    }
    for (const metric of directive.Metrics) expect(typeof parsed[metric.Name]).toBe('number');
  }
  return parsed;
}

describe('createEmfMetricWriter', () => {
  test('writes one EMF line with the namespace, the Service dimension, the metric and its value', () => {
    const { writer, lines } = writerWithLines();
    writer.put('PredictedRecords', 3, 'Count');
    expect(lines).toHaveLength(1);
    expect(expectValidEmf(lines[0])).toEqual({
      _aws: {
        Timestamp: NOW,
        CloudWatchMetrics: [{
          Namespace: 'ChurnPrediction',
          Dimensions: [['Service']],
          Metrics: [{ Name: 'PredictedRecords', Unit: 'Count' }],
        }],
      },
      Service: 'PredictFunction',
      PredictedRecords: 3,
    });
    expect(METRICS_NAMESPACE).toBe('ChurnPrediction');
  });

  test('adds extra dimensions after Service, as keys and as top-level values', () => {
    const { writer, lines } = writerWithLines();
    writer.put('Faults', 1, 'Count', { FaultCode: 'ModelThrottled' });
    expect(expectValidEmf(lines[0])).toEqual({
      _aws: {
        Timestamp: NOW,
        CloudWatchMetrics: [{
          Namespace: 'ChurnPrediction',
          Dimensions: [['Service', 'FaultCode']],
          Metrics: [{ Name: 'Faults', Unit: 'Count' }],
        }],
      },
      Service: 'PredictFunction',
      FaultCode: 'ModelThrottled',
      Faults: 1,
    });
  });

  test('writes milliseconds with their unit and exact value', () => {
    const { writer, lines } = writerWithLines('OtherFunction');
    writer.put('ModelCallLatency', 123.5, 'Milliseconds');
    const parsed = expectValidEmf(lines[0]);
    expect(parsed._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'ModelCallLatency', Unit: 'Milliseconds' }]);
    expect(parsed.ModelCallLatency).toBe(123.5);
    expect(parsed.Service).toBe('OtherFunction');
  });

  test('writes one line per value, each with the time of its own put', () => {
    const lines: string[] = [];
    let clock = NOW;
    const writer = createEmfMetricWriter('PredictFunction', (line) => lines.push(line), () => clock++);
    writer.put('RejectedRequests', 1, 'Count');
    writer.put('RejectedRequests', 1, 'Count');
    expect(lines.map((line) => expectValidEmf(line)._aws.Timestamp)).toEqual([NOW, NOW + 1]);
  });

  test('by default writes to stdout, one line ending in a newline, stamped with the current time', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const before = Date.now();
    try {
      createEmfMetricWriter('PredictFunction').put('Faults', 1, 'Count', { FaultCode: 'ModelTimeout' });
    } finally {
      spy.mockRestore();
    }
    expect(written).toHaveLength(1);
    expect(written[0].endsWith('\n')).toBe(true);
    const parsed = expectValidEmf(written[0].slice(0, -1));
    expect(parsed.Faults).toBe(1);
    expect(parsed._aws.Timestamp).toBeGreaterThanOrEqual(before);
    expect(parsed._aws.Timestamp).toBeLessThanOrEqual(Date.now());
  });
});
