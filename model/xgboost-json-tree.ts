/** Checks one tree of an xgboost JSON model: array shapes, child links, split features. */

import { isCount, isNumberArray, isObject, numberFromParam } from './json-values';

/** A child index of -1 marks a leaf in xgboost's tree arrays. */
export const LEAF = -1;

/** One tree's arrays after checking, still with tree-local node indices. */
export interface CheckedTree {
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly splitIndex: readonly number[];
  readonly condition: readonly number[];
  readonly defaultLeft: readonly number[];
}

/**
 * Confirms that following child links from the root never reaches a node twice, so a walk
 * always ends at a leaf. Nodes no link reaches (deleted by pruning) are allowed.
 */
function isProperTree(left: readonly number[], right: readonly number[]): boolean {
  const seen = new Uint8Array(left.length);
  const pending = [0];
  while (pending.length > 0) {
    const node = pending.pop() as number;
    if (seen[node] === 1) return false;
    seen[node] = 1;
    if (left[node] !== LEAF) pending.push(left[node], right[node]);
  }
  return true;
}

/** The first problem with one node, or undefined when it is a well-formed split or leaf. */
function nodeProblem(tree: CheckedTree, node: number, featureCount: number): string | undefined {
  const left = tree.left[node];
  const right = tree.right[node];
  const value = tree.condition[node];
  if (!Number.isFinite(value)) return `node ${node} has a non-finite split condition or leaf value`;
  if (left === LEAF || right === LEAF) {
    return left === right ? undefined : `node ${node} has only one child`;
  }
  const nodeCount = tree.left.length;
  if (!isCount(left) || !isCount(right) || left >= nodeCount || right >= nodeCount) {
    return `node ${node} has a child index outside 0..${nodeCount - 1}`;
  }
  const feature = tree.splitIndex[node];
  if (!isCount(feature) || feature >= featureCount) {
    return `node ${node} splits on feature ${feature}, but the model has ${featureCount} features`;
  }
  const defaultLeft = tree.defaultLeft[node];
  return defaultLeft === 0 || defaultLeft === 1 ? undefined : `node ${node} has default_left ${defaultLeft}; expected 0 or 1`;
}

/** The first problem with one tree's structure, or undefined when it can be walked safely. */
function treeProblem(tree: CheckedTree, declaredNodeCount: number, featureCount: number): string | undefined {
  const nodeCount = tree.left.length;
  const lengths = [tree.right, tree.splitIndex, tree.condition, tree.defaultLeft].map((array) => array.length);
  if (nodeCount === 0 || lengths.some((length) => length !== nodeCount)) {
    return 'node arrays must be non-empty and of equal length';
  }
  if (!Number.isNaN(declaredNodeCount) && declaredNodeCount !== nodeCount) {
    return `tree_param.num_nodes is ${declaredNodeCount} but the arrays hold ${nodeCount} nodes`;
  }
  for (let node = 0; node < nodeCount; node++) {
    const problem = nodeProblem(tree, node, featureCount);
    if (problem !== undefined) return problem;
  }
  return isProperTree(tree.left, tree.right) ? undefined : 'child links revisit a node (not a tree)';
}

/**
 * Checks one tree (`trees[i]` at `path`) against a model of `featureCount` features. Records
 * the first problem found in `problems` and returns undefined, or returns the checked arrays.
 */
export function readTree(value: unknown, path: string, featureCount: number, problems: string[]): CheckedTree | undefined {
  if (!isObject(value)) {
    problems.push(`${path} must be an object`);
    return undefined;
  }
  const arrayNames = ['left_children', 'right_children', 'split_indices', 'split_conditions', 'default_left'];
  const badArray = arrayNames.find((name) => !isNumberArray(value[name]));
  if (badArray !== undefined) {
    problems.push(`${path}.${badArray} must be an array of numbers`);
    return undefined;
  }
  if (isNumberArray(value.split_type) && value.split_type.some((type) => type !== 0)) {
    problems.push(`${path} has categorical splits (split_type ≠ 0), which are not supported`);
    return undefined;
  }
  const tree: CheckedTree = {
    left: value.left_children as number[],
    right: value.right_children as number[],
    splitIndex: value.split_indices as number[],
    condition: value.split_conditions as number[],
    defaultLeft: value.default_left as number[],
  };
  const declaredNodeCount = isObject(value.tree_param) ? numberFromParam(value.tree_param.num_nodes) : Number.NaN;
  const problem = treeProblem(tree, declaredNodeCount, featureCount);
  if (problem !== undefined) {
    problems.push(`${path}: ${problem}`);
    return undefined;
  }
  return tree;
}
