import { ANSWER_DISTRIBUTION_METRICS, answerDistribution } from '../../lambda/predict/answer-distribution';
import { batchEvent, fakeDependencies, lambdaContext, scoringModel, TEST_CONFIG, validRecords } from './support';
import { createPredictHandler } from '../../lambda/predict/handler';

const THRESHOLDS = { medium: 0.3, high: 0.7 };
const valueOf = (values: ReturnType<typeof answerDistribution>, name: string) => values.find((v) => v.name === name)?.value;

describe('answerDistribution', () => {
  test('counts each answer in its risk band (boundaries belong to the higher band) and sums the probabilities', () => {
    const values = answerDistribution([0.1, 0.3, 0.69, 0.7, 0.95], THRESHOLDS);
    expect(valueOf(values, ANSWER_DISTRIBUTION_METRICS.scored)).toBe(5);
    expect(valueOf(values, ANSWER_DISTRIBUTION_METRICS.low)).toBe(1);
    expect(valueOf(values, ANSWER_DISTRIBUTION_METRICS.medium)).toBe(2);
    expect(valueOf(values, ANSWER_DISTRIBUTION_METRICS.high)).toBe(2);
    expect(valueOf(values, ANSWER_DISTRIBUTION_METRICS.probabilitySum)).toBeCloseTo(2.74, 12);
  });

  test('the bands always add up to the answers scored', () => {
    const values = answerDistribution([0, 0.2999, 0.5, 1], { medium: 0.5, high: 0.9 });
    const bands = ['low', 'medium', 'high'] as const;
    expect(bands.reduce((sum, band) => sum + (valueOf(values, ANSWER_DISTRIBUTION_METRICS[band]) ?? 0), 0)).toBe(4);
  });
});

describe('the handler writes the answer distribution', () => {
  test('one group per scored request, dimensioned by the endpoint name, with the configured thresholds', async () => {
    let row = 0;
    const deps = fakeDependencies({ invokeModel: scoringModel(() => [0.9, 0.05, 0.5][row++ % 3]) });
    await createPredictHandler(deps)(batchEvent(validRecords(3)), lambdaContext());
    expect(deps.metricGroups).toHaveLength(1);
    const [group] = deps.metricGroups;
    expect(group.dimensions).toEqual({ Endpoint: TEST_CONFIG.endpointName });
    expect(group.values).toEqual(answerDistribution([0.9, 0.05, 0.5], TEST_CONFIG.riskThresholds));
    expect(valueOf(group.values as ReturnType<typeof answerDistribution>, ANSWER_DISTRIBUTION_METRICS.high)).toBe(1);
  });

  test('a rejected request writes no distribution', async () => {
    const deps = fakeDependencies();
    await createPredictHandler(deps)(batchEvent([]), lambdaContext());
    expect(deps.metricGroups).toEqual([]);
  });
});
