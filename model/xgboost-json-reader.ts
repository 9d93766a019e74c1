/**
 * Checks an xgboost JSON model (gbtree, binary:logistic) and converts its trees into flat typed
 * arrays for fast scoring. Every problem found is collected and reported in one error.
 */

import { isCount, isNumberArray, isObject, JsonObject, numberFromParam } from './json-values';
import { FlatTreeEnsemble, flatten } from './flat-tree-ensemble';
import { CheckedTree, readTree } from './xgboost-json-tree';

/** The most problems an error message lists; the count says how many there were. */
const MAX_LISTED_PROBLEMS = 10;

/** Thrown when a JSON document is not an xgboost model this scorer can evaluate exactly. */
export class XgboostModelFormatError extends Error {
  /** Every problem found, each naming its JSON path. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
    const rest = problems.length > MAX_LISTED_PROBLEMS ? `; and ${problems.length - MAX_LISTED_PROBLEMS} more` : '';
    super(`Cannot score this xgboost JSON model (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${listed}${rest}`);
    this.name = 'XgboostModelFormatError';
    this.problems = problems;
  }
}

/** `parent[key]` when it is an object; otherwise records that `path` must be one. */
function objectAt(parent: JsonObject | undefined, key: string, path: string, problems: string[]): JsonObject | undefined {
  if (parent === undefined) return undefined;
  const value = parent[key];
  if (isObject(value)) return value;
  problems.push(`${path} must be an object`);
  return undefined;
}

/** Only binary:logistic on gbtree is scored exactly as xgboost does. */
function checkObjectiveAndBooster(learner: JsonObject, problems: string[]): void {
  const objective = isObject(learner.objective) ? learner.objective.name : undefined;
  if (objective !== 'binary:logistic') {
    problems.push(`learner.objective.name is ${JSON.stringify(objective)}; only "binary:logistic" is supported`);
  }
  const booster = isObject(learner.gradient_booster) ? learner.gradient_booster.name : undefined;
  if (booster !== 'gbtree') {
    problems.push(`learner.gradient_booster.name is ${JSON.stringify(booster)}; only "gbtree" is supported`);
  }
}

/** The feature count, or undefined when it is unusable (a problem is then recorded). */
function readFeatureCount(param: JsonObject | undefined, problems: string[]): number | undefined {
  if (param === undefined) return undefined;
  const count = numberFromParam(param.num_feature);
  if (!isCount(count) || count === 0) {
    problems.push(`learner.learner_model_param.num_feature must be a positive whole number, got ${JSON.stringify(param.num_feature)}`);
    return undefined;
  }
  return count;
}

/** `base_score` as xgboost's float32; a probability in (0, 1) is required by the logit link. */
function readBaseScore(param: JsonObject | undefined, problems: string[]): number {
  if (param === undefined) return Number.NaN;
  const baseScore = Math.fround(numberFromParam(param.base_score));
  if (!(baseScore > 0 && baseScore < 1)) {
    problems.push(`learner.learner_model_param.base_score must be a probability strictly between 0 and 1, got ${JSON.stringify(param.base_score)}`);
  }
  return baseScore;
}

/** Rejects multi-class and multi-target models, whose trees add to several outputs. */
function checkSingleOutput(param: JsonObject | undefined, problems: string[]): void {
  if (param === undefined) return;
  if (param.num_class !== undefined && numberFromParam(param.num_class) !== 0) {
    problems.push(`learner.learner_model_param.num_class is ${JSON.stringify(param.num_class)}; only binary models (0) are supported`);
  }
  if (param.num_target !== undefined && numberFromParam(param.num_target) !== 1) {
    problems.push(`learner.learner_model_param.num_target is ${JSON.stringify(param.num_target)}; only single-target models (1) are supported`);
  }
}

/** `feature_names`, or `f0`, `f1`, … when absent; rejects categorical feature types. */
function readFeatureNames(learner: JsonObject, featureCount: number | undefined, problems: string[]): string[] {
  const names = learner.feature_names;
  const types = learner.feature_types;
  if (Array.isArray(types) && types.includes('c')) {
    problems.push('learner.feature_types has categorical ("c") features, which are not supported');
  }
  if (names === undefined || (Array.isArray(names) && names.length === 0)) {
    return Array.from({ length: featureCount ?? 0 }, (_, index) => `f${index}`);
  }
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) {
    problems.push('learner.feature_names must be an array of strings');
    return [];
  }
  if (featureCount !== undefined && names.length !== featureCount) {
    problems.push(`learner.feature_names has ${names.length} names but num_feature is ${featureCount}`);
  }
  return names as string[];
}

/** Checks the tree list against `num_trees` and `tree_info`, then each tree. */
function readTrees(booster: JsonObject | undefined, featureCount: number | undefined, problems: string[]): CheckedTree[] {
  const model = objectAt(booster, 'model', 'learner.gradient_booster.model', problems);
  if (model === undefined) return [];
  const path = 'learner.gradient_booster.model';
  const trees = model.trees;
  if (!Array.isArray(trees)) {
    problems.push(`${path}.trees must be an array`);
    return [];
  }
  const param = isObject(model.gbtree_model_param) ? model.gbtree_model_param : {};
  const declaredTreeCount = numberFromParam(param.num_trees);
  if (declaredTreeCount !== trees.length) {
    problems.push(`${path}.gbtree_model_param.num_trees is ${JSON.stringify(param.num_trees)} but ${trees.length} trees are stored`);
  }
  if (param.size_leaf_vector !== undefined && numberFromParam(param.size_leaf_vector) !== 0) {
    problems.push(`${path}.gbtree_model_param.size_leaf_vector must be 0 (vector leaves are not supported)`);
  }
  const treeInfo = model.tree_info;
  if (!isNumberArray(treeInfo) || treeInfo.length !== trees.length || treeInfo.some((group) => group !== 0)) {
    problems.push(`${path}.tree_info must list output group 0 once per tree`);
  }
  if (featureCount === undefined) return [];
  const checked: CheckedTree[] = [];
  trees.forEach((tree, index) => {
    const result = readTree(tree, `${path}.trees[${index}]`, featureCount, problems);
    if (result !== undefined) checked.push(result);
  });
  return checked;
}

/**
 * Checks a parsed xgboost JSON model and returns its trees as a {@link FlatTreeEnsemble}.
 *
 * @throws XgboostModelFormatError listing every problem: an objective other than
 *   binary:logistic, a booster other than gbtree, a feature count that disagrees with the
 *   feature names or the splits, categorical or vector-leaf trees, or malformed tree arrays.
 */
export function readXgboostJsonModel(json: unknown): FlatTreeEnsemble {
  const problems: string[] = [];
  const learner = isObject(json) ? objectAt(json, 'learner', 'learner', problems) : undefined;
  if (learner === undefined) {
    throw new XgboostModelFormatError(isObject(json) ? problems : ['the document must be a JSON object with a "learner"']);
  }
  checkObjectiveAndBooster(learner, problems);
  const param = objectAt(learner, 'learner_model_param', 'learner.learner_model_param', problems);
  const featureCount = readFeatureCount(param, problems);
  const baseScore = readBaseScore(param, problems);
  checkSingleOutput(param, problems);
  const featureNames = readFeatureNames(learner, featureCount, problems);
  const booster = isObject(learner.gradient_booster) ? learner.gradient_booster : undefined;
  const trees = readTrees(booster, featureCount, problems);
  if (problems.length > 0) throw new XgboostModelFormatError(problems);
  return flatten(trees, featureNames, baseScore);
}
