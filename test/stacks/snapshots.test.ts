import { DEV, PROD } from '../../lib/stage-config';
import { sharedStageTemplate } from '../support/stage-templates';

// One snapshot per stage, for review in pull requests; asset hashes are masked
// (test/support/asset-hash-serializer.ts). Intent is asserted in the other stack tests.
describe.each([DEV, PROD])('$name stage', (settings) => {
  test('template matches the reviewed snapshot', () => {
    expect(sharedStageTemplate(settings).template.toJSON()).toMatchSnapshot();
  });
});
