import { XgboostJsonModel } from '../../model/xgboost-json-scorer';
import { XgboostModelFormatError } from '../../model/xgboost-json-reader';
import { changed, modelOf, stump, treeOf } from './hand-built-model';

/** Leaf values that tell which branch a row took. */
const LEFT = -1;
const RIGHT = 1;

/** The problems a load of `document` reports (none when it loads). */
function loadProblems(document: unknown): readonly string[] {
  try {
    XgboostJsonModel.fromJson(document);
    return [];
  } catch (error) {
    if (error instanceof XgboostModelFormatError) return error.problems;
    throw error;
  }
}

describe('XgboostJsonModel', () => {
  describe('base_score', () => {
    test('5E-1 starts the margin at 0, so a tree of one zero leaf predicts 0.5', () => {
      // GIVEN
      const model = XgboostJsonModel.fromJson(modelOf([treeOf([{ leaf: 0 }])]));

      // THEN the margin is -0 (as -logf(1.0f) is in xgboost), which adds like 0
      expect(Math.abs(model.baseMargin)).toBe(0);
      expect(model.predictMargin([1, 2])).toBe(0);
      expect(model.predictProbability([1, 2])).toBe(0.5);
    });

    test('8E-1 starts the margin at logit(0.8) = ln 4, held as a float32', () => {
      const model = XgboostJsonModel.fromJson(modelOf([treeOf([{ leaf: 0 }])], { baseScore: '8E-1' }));

      expect(model.baseMargin).toBeCloseTo(Math.log(4), 6);
      expect(model.baseMargin).toBe(Math.fround(model.baseMargin));
      expect(Math.abs(model.predictProbability([0, 0]) - 0.8)).toBeLessThan(1e-7);
    });

    test('leaf values are added to the base margin', () => {
      const model = XgboostJsonModel.fromJson(modelOf([stump(0, 10, -0.5, 0.75)], { baseScore: '8E-1' }));

      expect(model.predictMargin([20, 0])).toBe(Math.fround(model.baseMargin + 0.75));
      expect(model.predictMargin([5, 0])).toBe(Math.fround(model.baseMargin - 0.5));
    });
  });

  describe('splits', () => {
    const model = XgboostJsonModel.fromJson(modelOf([stump(1, 1.5, LEFT, RIGHT)]));

    test('a value below the threshold goes left', () => {
      expect(model.predictMargin([0, 1.25])).toBe(LEFT);
    });

    test('a value equal to the threshold goes right (the test is strictly "less than")', () => {
      expect(model.predictMargin([0, 1.5])).toBe(RIGHT);
    });

    test('the split reads the feature named by split_indices, not another column', () => {
      expect(model.predictMargin([100, 1.25])).toBe(LEFT);
      expect(model.predictMargin([-100, 1.75])).toBe(RIGHT);
    });

    test('a deeper tree routes each row to its own leaf', () => {
      // GIVEN feature 0 < 10 ? (feature 1 < 0 ? 1 : 2) : 3
      const deeper = XgboostJsonModel.fromJson(modelOf([treeOf([
        { feature: 0, threshold: 10, left: 1, right: 2, missingGoesLeft: true },
        { feature: 1, threshold: 0, left: 3, right: 4, missingGoesLeft: false },
        { leaf: 3 },
        { leaf: 1 },
        { leaf: 2 },
      ])]));

      expect([[5, -1], [5, 1], [15, -1]].map((row) => deeper.predictMargin(row))).toEqual([1, 2, 3]);
    });
  });

  describe('float32 comparison', () => {
    test('0.1 is below the stored threshold 0.1 in double, but equal in float32, so it goes right', () => {
      // GIVEN the threshold xgboost wrote as 0.1 is the float32 nearest 0.1 (slightly above it)
      const model = XgboostJsonModel.fromJson(modelOf([stump(0, 0.1, LEFT, RIGHT)]));
      expect(0.1 < Math.fround(0.1)).toBe(true);

      // THEN the row value is rounded to float32 first, as xgboost's DMatrix does
      expect(model.predictMargin([0.1, 0])).toBe(RIGHT);
    });

    test('a value a hair below 1.5 rounds to 1.5 in float32 and goes right', () => {
      const model = XgboostJsonModel.fromJson(modelOf([stump(0, 1.5, LEFT, RIGHT)]));
      const hairBelow = 1.5 - 2 ** -30;

      expect(hairBelow < 1.5).toBe(true);
      expect(model.predictMargin([hairBelow, 0])).toBe(RIGHT);
      expect(model.predictMargin([1.5 - 2 ** -20, 0])).toBe(LEFT);
    });

    test('leaf values add up in float32: 1 + 1e-8 stays 1', () => {
      const model = XgboostJsonModel.fromJson(modelOf([treeOf([{ leaf: 1 }]), treeOf([{ leaf: 1e-8 }])]));

      expect(model.predictMargin([0, 0])).toBe(1);
    });
  });

  describe('missing values', () => {
    test('with default_left = 1, NaN goes left', () => {
      const model = XgboostJsonModel.fromJson(modelOf([stump(0, 0, LEFT, RIGHT, true)]));

      expect(model.predictMargin([Number.NaN, 0])).toBe(LEFT);
    });

    test('with default_left = 0, NaN goes right', () => {
      const model = XgboostJsonModel.fromJson(modelOf([stump(0, 0, LEFT, RIGHT, false)]));

      expect(model.predictMargin([Number.NaN, 0])).toBe(RIGHT);
    });

    test('a short row is scored with its absent trailing values missing, like the container does', () => {
      const leftWhenMissing = XgboostJsonModel.fromJson(modelOf([stump(1, 0, LEFT, RIGHT, true)]));
      const rightWhenMissing = XgboostJsonModel.fromJson(modelOf([stump(1, 0, LEFT, RIGHT, false)]));

      expect(leftWhenMissing.predictMargin([5])).toBe(LEFT);
      expect(rightWhenMissing.predictMargin([5])).toBe(RIGHT);
      expect(rightWhenMissing.predictMargin([])).toBe(RIGHT);
    });

    test('a row longer than the feature count is rejected', () => {
      const model = XgboostJsonModel.fromJson(modelOf([stump(0, 0, LEFT, RIGHT)]));

      expect(() => model.predictMargin([1, 2, 3])).toThrow(/3 values; the model takes at most 2/);
    });
  });

  describe('probability', () => {
    test('is the logistic function of the margin, as a float32', () => {
      const model = XgboostJsonModel.fromJson(modelOf([treeOf([{ leaf: 2 }])]));
      const probability = model.predictProbability([0, 0]);

      expect(Math.abs(probability - 1 / (1 + Math.exp(-2)))).toBeLessThan(1e-7);
      expect(probability).toBe(Math.fround(probability));
    });

    test('predictProbabilities scores each row in order', () => {
      const model = XgboostJsonModel.fromJson(modelOf([stump(0, 0, -3, 3)]));

      const [low, high] = model.predictProbabilities([[-1, 0], [1, 0]]);

      expect(low).toBeLessThan(0.1);
      expect(high).toBeGreaterThan(0.9);
    });
  });

  describe('loading', () => {
    const valid = modelOf([stump(0, 0, LEFT, RIGHT), stump(1, 0, LEFT, RIGHT)]);

    test('accepts the JSON text as well as the parsed document', () => {
      const model = XgboostJsonModel.fromJson(JSON.stringify(valid));

      expect(model.featureNames).toEqual(['f_a', 'f_b']);
      expect(model.featureCount).toBe(2);
      expect(model.treeCount).toBe(2);
    });

    test('names features f0, f1, … when the model stores no names', () => {
      const unnamed = changed(valid, (copy) => { copy.learner.feature_names = []; });

      expect(XgboostJsonModel.fromJson(unnamed).featureNames).toEqual(['f0', 'f1']);
    });

    test('When the objective is not binary:logistic: an exception names it', () => {
      const regression = modelOf([stump(0, 0, LEFT, RIGHT)], { objective: 'reg:squarederror' });

      expect(() => XgboostJsonModel.fromJson(regression)).toThrow(XgboostModelFormatError);
      expect(() => XgboostJsonModel.fromJson(regression)).toThrow(/"reg:squarederror"; only "binary:logistic" is supported/);
    });

    test('When the model is multi-class: both the objective and num_class are reported', () => {
      const multiClass = changed(modelOf([stump(0, 0, LEFT, RIGHT)], { objective: 'multi:softprob' }), (copy) => {
        copy.learner.learner_model_param.num_class = '3';
      });

      const problems = loadProblems(multiClass);
      expect(problems).toHaveLength(2);
      expect(problems.join('\n')).toMatch(/multi:softprob/);
      expect(problems.join('\n')).toMatch(/num_class is "3"/);
    });

    test.each(['gblinear', 'dart'])('When the booster is %s: an exception says only gbtree is supported', (booster) => {
      expect(loadProblems(modelOf([stump(0, 0, LEFT, RIGHT)], { booster }))).toEqual([
        `learner.gradient_booster.name is "${booster}"; only "gbtree" is supported`,
      ]);
    });

    test('When feature_names and num_feature disagree: an exception gives both counts', () => {
      const mismatched = modelOf([stump(0, 0, LEFT, RIGHT)], { featureCount: 3, featureNames: ['a', 'b'] });

      expect(loadProblems(mismatched)).toEqual(['learner.feature_names has 2 names but num_feature is 3']);
    });

    test('When a split reads a feature beyond num_feature: an exception names the tree and node', () => {
      const beyond = modelOf([stump(0, 0, LEFT, RIGHT), stump(2, 0, LEFT, RIGHT)]);

      expect(loadProblems(beyond)).toEqual([
        'learner.gradient_booster.model.trees[1]: node 0 splits on feature 2, but the model has 2 features',
      ]);
    });

    test('When num_trees disagrees with the stored trees: an exception is thrown', () => {
      const miscounted = changed(valid, (copy) => { copy.learner.gradient_booster.model.gbtree_model_param.num_trees = '3'; });

      expect(loadProblems(miscounted).join('\n')).toMatch(/num_trees is "3" but 2 trees are stored/);
    });

    test('When a tree has categorical splits: an exception is thrown', () => {
      const categorical = changed(valid, (copy) => { copy.learner.gradient_booster.model.trees[0].split_type![0] = 1; });

      expect(loadProblems(categorical).join('\n')).toMatch(/trees\[0\] has categorical splits/);
    });

    test('When child links loop back: an exception is thrown instead of a walk that never ends', () => {
      const looped = modelOf([treeOf([
        { feature: 0, threshold: 0, left: 1, right: 2, missingGoesLeft: true },
        { feature: 0, threshold: 1, left: 0, right: 2, missingGoesLeft: true },
        { leaf: 1 },
      ])]);

      expect(loadProblems(looped)).toEqual(['learner.gradient_booster.model.trees[0]: child links revisit a node (not a tree)']);
    });

    test.each(['0', '1', '1.5', 'half'])('When base_score is %s: an exception says it must be a probability', (baseScore) => {
      expect(loadProblems(modelOf([stump(0, 0, LEFT, RIGHT)], { baseScore })).join('\n')).toMatch(
        /base_score must be a probability strictly between 0 and 1/,
      );
    });

    test('When several things are wrong: one exception lists them all', () => {
      const wrong = modelOf([stump(0, 0, LEFT, RIGHT)], { objective: 'reg:squarederror', booster: 'gblinear' });

      expect(() => XgboostJsonModel.fromJson(wrong)).toThrow(/\(2 problems\).*objective.*gradient_booster/);
    });

    test('When the document is not a model: an exception says what is expected', () => {
      expect(loadProblems([])).toEqual(['the document must be a JSON object with a "learner"']);
      expect(loadProblems({ learner: 'x' })).toEqual(['learner must be an object']);
    });
  });
});
