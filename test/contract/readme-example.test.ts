/**
 * The README's request and answer are real: the request passes the contract, and the handler,
 * given the bundled model's golden probabilities for those records, answers exactly the README's
 * JSON, with the model version the construct derives from the archive.
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

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

function readmeRequest(): string {
  const match = /-d '(\{"records": \[[\s\S]*?\]\})'/.exec(README);
  if (match === null) throw new Error('README has no curl request body');
  return match[1];
}

function readmeAnswer(): unknown {
  const match = /Answer \([\s\S]*?```json\n([\s\S]*?)```/.exec(README);
  if (match === null) throw new Error('README has no JSON answer');
  return JSON.parse(match[1]);
}

test('the README\'s answer is what the function answers for the README\'s request', async () => {
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
        if (probability === undefined) throw new Error(`the README's record ${row} is not a golden record`);
        return probability;
      })),
    }),
  });
  const result = await createPredictHandler(deps)(apiEvent(readmeRequest()), lambdaContext());
  expect(result.statusCode).toBe(200);
  expect(JSON.parse(result.body)).toEqual(readmeAnswer());
});
