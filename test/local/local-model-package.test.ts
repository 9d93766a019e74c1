import * as fs from 'fs';
import * as path from 'path';
import { modelVersionOfArchive } from '../../lib/model/model-identity';
import { LocalService, startLocalService } from '../../local/local-service';
import { BUNDLED_GOLDEN, goldenOf, packageCopy, STATE_PACKAGE_DIR } from '../support/model-packages';
import { maxAbsDifference } from './support';

/** How far the local run may be from the package's golden.json (the stand-in is within a float32 ulp). */
const TOLERANCE = 1e-7;
const STATE_GOLDEN = goldenOf(STATE_PACKAGE_DIR);

describe('npm start -- --model examples/state-model: the local service follows another package', () => {
  let service: LocalService;
  const silence: jest.SpyInstance[] = [];

  beforeAll(async () => {
    service = await startLocalService({ modelPackage: STATE_PACKAGE_DIR });
    // The function logs every request; these tests read the answers only.
    silence.push(jest.spyOn(process.stdout, 'write').mockImplementation(() => true));
  });

  afterAll(async () => {
    await service.close();
    silence.forEach((spy) => spy.mockRestore());
  });

  const post = async (body: unknown) => {
    const response = await fetch(service.predictionsUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() as Record<string, unknown> };
  };

  test(`reproduces the package's ${STATE_GOLDEN.length} golden records within ${TOLERANCE}, and reports its version`, async () => {
    const probabilities: number[] = [];
    for (let start = 0; start < STATE_GOLDEN.length; start += 100) {
      const answer = await post({ records: STATE_GOLDEN.slice(start, start + 100).map(({ record }) => record) });
      expect(answer.status).toBe(200);
      expect(answer.body.modelVersion).toBe(modelVersionOfArchive(path.join(STATE_PACKAGE_DIR, 'model.tar.gz')));
      probabilities.push(...(answer.body.predictions as { churnProbability: number }[]).map(({ churnProbability }) => churnProbability));
    }
    expect(maxAbsDifference(probabilities, STATE_GOLDEN.map(({ churnProbability }) => churnProbability))).toBeLessThanOrEqual(TOLERANCE);
  });

  test('refuses the bundled package\'s records with 400, naming the fields this package lacks and does not know', async () => {
    const answer = await post({ records: [BUNDLED_GOLDEN[0].record] });
    expect(answer.status).toBe(400);
    const details = (answer.body.error as { details: { field: string; message: string }[] }).details;
    expect(details).toEqual(expect.arrayContaining([
      { field: 'records[0].state', message: 'is required' },
      { field: 'records[0].areaCode', message: 'is not a known field' },
      { field: 'records[0].totalDayCharge', message: 'is not a known field' },
    ]));
  });
});

describe('npm start with a package that cannot be served', () => {
  test('does not start, and names each problem', async () => {
    const broken = packageCopy(STATE_PACKAGE_DIR, { 'model.tar.gz': undefined, 'golden.json': '{}' });
    try {
      await expect(startLocalService({ modelPackage: broken })).rejects.toThrow(
        `The model package ${broken} cannot be served:\n- model.tar.gz cannot be read: it does not exist\n- golden.json must hold a non-empty "records" array`,
      );
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });
});
