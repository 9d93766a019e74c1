/**
 * The deploy guide's request and answer (docs/OPERATIONS.md, "Deploy") are real: the request passes the
 * contract, and the handler, given the bundled model's golden probabilities for those records,
 * answers exactly the guide's JSON, with the model version the construct derives from the archive.
 */
import * as fs from 'fs';
import * as path from 'path';
import golden from '../../model/bundled/golden.json';
import { createPredictHandler } from '../../lambda/predict/handler';
import { modelVersionOfArchive } from '../../lib/model/model-identity';
import { BUNDLED_MODEL_ARCHIVE } from '../../lib/model/model-identity';
import { DEV } from '../../lib/stage-config';
import { encodeCsv } from '../../lambda/predict/feature-encoder';
import { BUNDLED_CONTRACT } from '../support/model-packages';
import { CustomerRecord } from '../../lambda/predict/customer-record';
import { apiEvent, fakeDependencies, lambdaContext, modelAnswer, TEST_CONFIG } from '../lambda/support';

const GUIDE = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'OPERATIONS.md'), 'utf8');

function guideRequest(): string {
  const match = /-d '(\{"records": \[[\s\S]*?\]\})'/.exec(GUIDE);
  if (match === null) throw new Error('docs/OPERATIONS.md has no curl request body');
  return match[1];
}

function guideAnswer(): unknown {
  const match = /Answer \([\s\S]*?```json\n([\s\S]*?)```/.exec(GUIDE);
  if (match === null) throw new Error('docs/OPERATIONS.md has no JSON answer');
  return JSON.parse(match[1]);
}

test('the deploy guide\'s answer is what the function answers for its request', async () => {
  const rows = new Map(golden.records.map((entry) => [encodeCsv([entry.record as CustomerRecord], BUNDLED_CONTRACT), entry.churnProbability]));
  const deps = fakeDependencies({
    config: {
      ...TEST_CONFIG,
      riskThresholds: { medium: DEV.predictions.mediumRiskThreshold, high: DEV.predictions.highRiskThreshold },
      recommendedActions: DEV.predictions.recommendedActions,
      modelVersion: modelVersionOfArchive(BUNDLED_MODEL_ARCHIVE),
    },
    invokeModel: async ({ csvBody }) => ({
      body: modelAnswer(csvBody.split('\n').map((row) => {
        const probability = rows.get(row);
        if (probability === undefined) throw new Error(`the guide's record ${row} is not a golden record`);
        return probability;
      })),
    }),
  });
  const result = await createPredictHandler(deps)(apiEvent(guideRequest()), lambdaContext());
  expect(result.statusCode).toBe(200);
  expect(JSON.parse(result.body)).toEqual(guideAnswer());
});
