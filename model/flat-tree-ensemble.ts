/** The checked trees of a model laid end to end in typed arrays, ready to score. */

import { CheckedTree, LEAF } from './xgboost-json-tree';

/**
 * All trees of a model as parallel arrays over one shared node numbering: tree `t` starts at
 * node `treeRoots[t]`, and child indices point into the same arrays.
 */
export interface FlatTreeEnsemble {
  /** Feature (column) names in model order; `f0`, `f1`, … when the model stores none. */
  readonly featureNames: readonly string[];
  /** The prior probability `base_score`, as the float32 xgboost holds. */
  readonly baseScore: number;
  /** Global index of each tree's root node. */
  readonly treeRoots: Int32Array;
  /** Global index of each node's left child, or {@link LEAF}. */
  readonly leftChild: Int32Array;
  /** Global index of each node's right child, or {@link LEAF}. */
  readonly rightChild: Int32Array;
  /** Feature index each split node tests (0 for leaves). */
  readonly splitFeature: Int32Array;
  /** Split threshold of a split node, or the leaf value of a leaf: float32, as xgboost stores them. */
  readonly thresholdOrLeafValue: Float32Array;
  /** 1 when a missing value takes the left branch. */
  readonly missingGoesLeft: Uint8Array;
}

/** Lays the trees end to end in shared typed arrays, rebasing child indices. */
export function flatten(trees: readonly CheckedTree[], featureNames: readonly string[], baseScore: number): FlatTreeEnsemble {
  const totalNodes = trees.reduce((sum, tree) => sum + tree.left.length, 0);
  const ensemble = {
    featureNames,
    baseScore,
    treeRoots: new Int32Array(trees.length),
    leftChild: new Int32Array(totalNodes),
    rightChild: new Int32Array(totalNodes),
    splitFeature: new Int32Array(totalNodes),
    thresholdOrLeafValue: new Float32Array(totalNodes),
    missingGoesLeft: new Uint8Array(totalNodes),
  };
  let offset = 0;
  trees.forEach((tree, treeIndex) => {
    ensemble.treeRoots[treeIndex] = offset;
    for (let node = 0; node < tree.left.length; node++) {
      const isLeaf = tree.left[node] === LEAF;
      const at = offset + node;
      ensemble.leftChild[at] = isLeaf ? LEAF : offset + tree.left[node];
      ensemble.rightChild[at] = isLeaf ? LEAF : offset + tree.right[node];
      ensemble.splitFeature[at] = isLeaf ? 0 : tree.splitIndex[node];
      ensemble.thresholdOrLeafValue[at] = tree.condition[node];
      ensemble.missingGoesLeft[at] = tree.defaultLeft[node] === 1 ? 1 : 0;
    }
    offset += tree.left.length;
  });
  return ensemble;
}
