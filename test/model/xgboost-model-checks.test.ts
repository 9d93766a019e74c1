import { xgboostModelProblems } from '../../lib/model/xgboost-model-checks';
import type { XgboostJsonDocument } from '../../model/xgboost-json-format';
import { archivedModelOf, BUNDLED_CONTRACT, BUNDLED_PACKAGE_DIR, contractOf, STATE_PACKAGE_DIR } from '../support/model-packages';

const BUNDLED_MODEL = archivedModelOf(BUNDLED_PACKAGE_DIR);

/** The bundled model with learner parts replaced. */
function withLearner(parts: Record<string, unknown>): XgboostJsonDocument {
  const document = structuredClone(BUNDLED_MODEL);
  return { ...document, learner: { ...document.learner, ...parts } } as XgboostJsonDocument;
}

describe('xgboostModelProblems: what the sagemaker-xgboost container would serve silently wrong', () => {
  test('each committed package\'s model serves its contract', () => {
    expect(xgboostModelProblems(BUNDLED_MODEL, BUNDLED_CONTRACT)).toEqual([]);
    expect(xgboostModelProblems(archivedModelOf(STATE_PACKAGE_DIR), contractOf(STATE_PACKAGE_DIR))).toEqual([]);
  });

  test('When the model has other features than the contract: refused, naming both sides', () => {
    expect(xgboostModelProblems(archivedModelOf(STATE_PACKAGE_DIR), BUNDLED_CONTRACT)).toEqual([
      'xgboost-model\'s feature names differ from the contract\'s features: the model takes 65 features, the contract lists 21; '
        + 'only in the model: total_minutes, state_AK, state_AL, state_AR, state_AZ and 47 more; '
        + 'only in the contract: total_day_charge, total_eve_charge, total_night_charge, total_intl_charge, total_charge and 3 more',
    ]);
  });

  test('When the model has the contract\'s features in another order: refused, naming the first column that differs', () => {
    const names = [...(BUNDLED_MODEL.learner.feature_names ?? [])];
    [names[1], names[2]] = [names[2], names[1]];
    expect(xgboostModelProblems(withLearner({ feature_names: names }), BUNDLED_CONTRACT)).toEqual([
      'xgboost-model\'s feature names differ from the contract\'s features: the model takes 21 features, the contract lists 21; '
        + 'the same names in another order, first at column 2 (model voice_mail_plan, contract international_plan)',
    ]);
  });

  test('When the model stores no feature names: refused, since the order cannot be checked', () => {
    expect(xgboostModelProblems(withLearner({ feature_names: [] }), BUNDLED_CONTRACT)).toEqual([
      'xgboost-model stores no feature_names, so the order of its columns cannot be checked: train it with feature_names set to the '
        + 'contract\'s 21 features, in order',
    ]);
  });

  test('When the objective is not binary:logistic: refused', () => {
    expect(xgboostModelProblems(withLearner({ objective: { name: 'reg:squarederror' } }), BUNDLED_CONTRACT)).toEqual([
      'xgboost-model\'s objective is "reg:squarederror"; the service serves binary:logistic models only (it reads the score as the '
        + 'probability of the positive label)',
    ]);
  });

  test('When early stopping left best_ntree_limit below the trees held: refused, the container would score fewer trees', () => {
    const problems = xgboostModelProblems(withLearner({ attributes: { best_iteration: '99', best_ntree_limit: '100', best_score: '0.93' } }), BUNDLED_CONTRACT);
    expect(problems).toEqual([expect.stringContaining('stores best_ntree_limit 100 (early stopping): the serving container scores only its first 100 of 250 trees')]);
  });

  test('When early stopping left best_iteration only: refused, xgboost and the container would score different trees', () => {
    const problems = xgboostModelProblems(withLearner({ attributes: { best_iteration: '149' } }), BUNDLED_CONTRACT);
    expect(problems).toEqual([expect.stringContaining('stores best_iteration 149 (early stopping) but 250 trees: xgboost\'s own predict scores 150 trees')]);
  });

  test('early-stopping attributes that cover every tree are fine', () => {
    expect(xgboostModelProblems(withLearner({ attributes: { best_iteration: '249', best_ntree_limit: '250' } }), BUNDLED_CONTRACT)).toEqual([]);
  });

  test('When several things are wrong: each is named', () => {
    const document = withLearner({ objective: { name: 'multi:softprob' }, feature_names: ['a'], attributes: { best_ntree_limit: '3' } });
    expect(xgboostModelProblems(document, BUNDLED_CONTRACT)).toHaveLength(3);
  });
});
