/**
 * The parts of xgboost's JSON model format (as written by `Booster.save_model('x.json')` in
 * xgboost 1.7) that a gbtree, binary:logistic scorer reads. Scalars in the `*_param` objects
 * are strings in this format (`"5E-1"`, `"21"`); tree arrays are plain JSON numbers.
 *
 * These types document the shape and type hand-built test models; a model read from disk is
 * `unknown` until {@link readXgboostJsonModel} has checked it.
 */
export interface XgboostJsonDocument {
  readonly version?: readonly number[];
  readonly learner: XgboostJsonLearner;
}

/** The `learner` object: objective, booster, global parameters and feature names. */
export interface XgboostJsonLearner {
  readonly feature_names?: readonly string[];
  /** `"float"`, `"int"`, `"i"`, `"q"` or `"c"` (categorical) per feature; often empty. */
  readonly feature_types?: readonly string[];
  readonly learner_model_param: {
    /** The prior probability, e.g. `"5E-1"`; turned into a margin with the objective's link. */
    readonly base_score: string;
    readonly num_feature: string;
    readonly num_class?: string;
    readonly num_target?: string;
    readonly boost_from_average?: string;
  };
  readonly objective: { readonly name: string };
  readonly gradient_booster: {
    readonly name: string;
    readonly model: XgboostJsonGbtreeModel;
  };
  readonly attributes?: Readonly<Record<string, string>>;
}

/** The gbtree booster's model: the trees and, per tree, the class (output group) it adds to. */
export interface XgboostJsonGbtreeModel {
  readonly gbtree_model_param: {
    readonly num_trees: string;
    readonly num_parallel_tree?: string;
    readonly size_leaf_vector?: string;
  };
  readonly tree_info: readonly number[];
  readonly trees: readonly XgboostJsonTree[];
}

/**
 * One regression tree as parallel arrays indexed by node id; node 0 is the root.
 * A node is a leaf when its `left_children` entry is -1; its leaf value is then stored in
 * `split_conditions`.
 */
export interface XgboostJsonTree {
  readonly id?: number;
  readonly tree_param?: { readonly num_nodes: string; readonly num_feature?: string; readonly size_leaf_vector?: string };
  readonly left_children: readonly number[];
  readonly right_children: readonly number[];
  readonly split_indices: readonly number[];
  readonly split_conditions: readonly number[];
  /** 1 when a missing value (NaN) takes the left branch, 0 when it takes the right. */
  readonly default_left: readonly number[];
  /** 0 for a numerical split, 1 for a categorical one (not supported here). */
  readonly split_type?: readonly number[];
}
