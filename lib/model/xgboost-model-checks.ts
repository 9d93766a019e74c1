import type { ModelContract } from '../../contract/model-contract';
import { MODEL_FILE_NAME } from './model-archive';

/** The only objective served: the container's score is read as the probability of the positive label. */
export const SERVED_OBJECTIVE = 'binary:logistic';

const MAX_LISTED_NAMES = 5;

type Json = Record<string, unknown>;

function objectAt(value: unknown, ...keys: string[]): Json | undefined {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Json)[key];
  }
  return typeof current === 'object' && current !== null && !Array.isArray(current) ? current as Json : undefined;
}

/** xgboost writes its `*_param` and attribute values as strings ("250", "5E-1"). */
function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : undefined;
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED_NAMES).join(', ');
  return names.length > MAX_LISTED_NAMES ? `${shown} and ${names.length - MAX_LISTED_NAMES} more` : shown;
}

/** How the model's feature names differ from the contract's features, in order. */
function featureProblems(learner: Json, contract: ModelContract): string[] {
  const expected = contract.features.map((feature) => feature.name);
  const count = numberOf(objectAt(learner, 'learner_model_param')?.num_feature);
  const names = learner.feature_names;
  if (!Array.isArray(names) || names.length === 0) {
    return [
      `${MODEL_FILE_NAME} stores no feature_names, so the order of its columns cannot be checked: train it with `
        + `feature_names set to the contract's ${expected.length} features, in order`,
      ...(count !== expected.length ? [`${MODEL_FILE_NAME} takes ${count} features; the contract lists ${expected.length}`] : []),
    ];
  }
  const actual = names.map(String);
  if (actual.length === expected.length && actual.every((name, index) => name === expected[index])) return [];
  const onlyModel = actual.filter((name) => !expected.includes(name));
  const onlyContract = expected.filter((name) => !actual.includes(name));
  const parts = [`the model takes ${actual.length} features, the contract lists ${expected.length}`];
  if (onlyModel.length > 0) parts.push(`only in the model: ${listed(onlyModel)}`);
  if (onlyContract.length > 0) parts.push(`only in the contract: ${listed(onlyContract)}`);
  if (onlyModel.length === 0 && onlyContract.length === 0) {
    const column = actual.findIndex((name, index) => name !== expected[index]);
    parts.push(`the same names in another order, first at column ${column + 1} (model ${actual[column]}, contract ${expected[column]})`);
  }
  return [`${MODEL_FILE_NAME}'s feature names differ from the contract's features: ${parts.join('; ')}`];
}

/** Early-stopping attributes that make xgboost score fewer trees than the model holds. */
function earlyStoppingProblems(learner: Json): string[] {
  const attributes = objectAt(learner, 'attributes') ?? {};
  const booster = objectAt(learner, 'gradient_booster', 'model');
  const trees = Array.isArray(booster?.trees) ? booster.trees.length : numberOf(objectAt(booster, 'gbtree_model_param')?.num_trees);
  const perRound = numberOf(objectAt(booster, 'gbtree_model_param')?.num_parallel_tree) ?? 1;
  if (trees === undefined) return [];
  const problems: string[] = [];
  const limit = numberOf(attributes.best_ntree_limit);
  if (limit !== undefined && limit > 0 && limit < trees) {
    problems.push(`${MODEL_FILE_NAME} stores best_ntree_limit ${limit} (early stopping): the serving container scores only its first `
      + `${limit} of ${trees} trees. Save the model cut to its best iteration (booster[: best_iteration + 1]) or train without early stopping`);
  }
  const best = numberOf(attributes.best_iteration);
  if (limit === undefined && best !== undefined && (best + 1) * perRound < trees) {
    problems.push(`${MODEL_FILE_NAME} stores best_iteration ${best} (early stopping) but ${trees} trees: xgboost's own predict scores `
      + `${(best + 1) * perRound} trees where the container scores all. Save the model cut to its best iteration or train without early stopping`);
  }
  return problems;
}

/**
 * What keeps an xgboost JSON model from serving a contract on the sagemaker-xgboost container:
 * another objective than binary:logistic, feature names or count other than the contract's features
 * in order (the container checks neither), and early-stopping attributes that make the container
 * score fewer trees than the model was trained with. Empty when it can serve.
 */
export function xgboostModelProblems(document: unknown, contract: ModelContract): string[] {
  const learner = objectAt(document, 'learner');
  if (learner === undefined) return [`${MODEL_FILE_NAME} is not an xgboost JSON model (it has no "learner")`];
  const problems: string[] = [];
  const objective = objectAt(learner, 'objective')?.name;
  if (objective !== SERVED_OBJECTIVE) {
    problems.push(`${MODEL_FILE_NAME}'s objective is ${JSON.stringify(objective)}; the service serves ${SERVED_OBJECTIVE} models only `
      + '(it reads the score as the probability of the positive label)');
  }
  return [...problems, ...featureProblems(learner, contract), ...earlyStoppingProblems(learner)];
}
