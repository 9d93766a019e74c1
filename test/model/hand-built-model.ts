import { XgboostJsonDocument, XgboostJsonTree } from '../../model/xgboost-json-format';

/** A split node: `feature < threshold` goes to `left`, otherwise `right`; missing follows `missingGoesLeft`. */
export interface SplitNode {
  readonly feature: number;
  readonly threshold: number;
  readonly left: number;
  readonly right: number;
  readonly missingGoesLeft: boolean;
}

/** A leaf node and the value it adds to the margin. */
export interface LeafNode {
  readonly leaf: number;
}

export type TreeNode = SplitNode | LeafNode;

/** A tree in xgboost's parallel-array layout, from nodes listed by id (node 0 is the root). */
export function treeOf(nodes: readonly TreeNode[]): XgboostJsonTree {
  const split = (node: TreeNode): node is SplitNode => 'feature' in node;
  return {
    tree_param: { num_nodes: String(nodes.length), num_feature: '0', size_leaf_vector: '0' },
    left_children: nodes.map((node) => (split(node) ? node.left : -1)),
    right_children: nodes.map((node) => (split(node) ? node.right : -1)),
    split_indices: nodes.map((node) => (split(node) ? node.feature : 0)),
    split_conditions: nodes.map((node) => (split(node) ? node.threshold : node.leaf)),
    default_left: nodes.map((node) => (split(node) && node.missingGoesLeft ? 1 : 0)),
    split_type: nodes.map(() => 0),
  };
}

/** One split on `feature`, a leaf of value `left` below `threshold` and of value `right` at or above it. */
export function stump(feature: number, threshold: number, left: number, right: number, missingGoesLeft = true): XgboostJsonTree {
  return treeOf([{ feature, threshold, left: 1, right: 2, missingGoesLeft }, { leaf: left }, { leaf: right }]);
}

/** Options of {@link modelOf}, each defaulting to a valid two-feature binary:logistic gbtree model. */
export interface HandBuiltModelOptions {
  /** @default '5E-1' (margin 0) */
  readonly baseScore?: string;
  /** @default 2 */
  readonly featureCount?: number;
  /** @default ['f_a', 'f_b', …] one per feature */
  readonly featureNames?: readonly string[];
  /** @default 'binary:logistic' */
  readonly objective?: string;
  /** @default 'gbtree' */
  readonly booster?: string;
}

/** A complete model document around `trees`, shaped like xgboost 1.7.4's `save_model` output. */
export function modelOf(trees: readonly XgboostJsonTree[], options: HandBuiltModelOptions = {}): XgboostJsonDocument {
  const featureCount = options.featureCount ?? 2;
  return {
    version: [1, 7, 4],
    learner: {
      attributes: {},
      feature_names: options.featureNames ?? Array.from({ length: featureCount }, (_, index) => `f_${String.fromCharCode(97 + index)}`),
      feature_types: [],
      learner_model_param: {
        base_score: options.baseScore ?? '5E-1',
        boost_from_average: '1',
        num_class: '0',
        num_feature: String(featureCount),
        num_target: '1',
      },
      objective: { name: options.objective ?? 'binary:logistic' },
      gradient_booster: {
        name: options.booster ?? 'gbtree',
        model: {
          gbtree_model_param: { num_parallel_tree: '1', num_trees: String(trees.length), size_leaf_vector: '0' },
          tree_info: trees.map(() => 0),
          trees,
        },
      },
    },
  };
}

/** `T` with `readonly` removed at every level, so a test can alter a copy of a model. */
export type DeepMutable<T> = { -readonly [K in keyof T]: DeepMutable<T[K]> };

/** A deep copy of a model document with one change applied, e.g. to break it in one place. */
export function changed(document: XgboostJsonDocument, change: (copy: DeepMutable<XgboostJsonDocument>) => void): XgboostJsonDocument {
  const copy = JSON.parse(JSON.stringify(document)) as DeepMutable<XgboostJsonDocument>;
  change(copy);
  return copy;
}
