import { FlatTreeEnsemble } from './flat-tree-ensemble';
import { readXgboostJsonModel } from './xgboost-json-reader';
import { LEAF } from './xgboost-json-tree';

/**
 * A dependency-free evaluator of xgboost's JSON model format (gbtree, binary:logistic) that
 * reproduces xgboost 1.7's predictions: splits compare in float32 (`x < threshold` goes left),
 * missing values (NaN) follow `default_left`, and leaf values are added in float32 starting
 * from the margin of `base_score`.
 *
 * @example
 * const model = XgboostJsonModel.fromJson(fs.readFileSync('model/xgboost-model.json', 'utf8'));
 * const probability = model.predictProbability([128, 0, 1, 25, ...]);
 */
export class XgboostJsonModel {
  /**
   * Checks and loads a model saved by `Booster.save_model('….json')`.
   *
   * @param json the file's text (a string), or the document already parsed
   * @throws XgboostModelFormatError when the model is not a gbtree binary:logistic model, or is malformed
   */
  static fromJson(json: unknown): XgboostJsonModel {
    const document: unknown = typeof json === 'string' ? JSON.parse(json) : json;
    return new XgboostJsonModel(readXgboostJsonModel(document));
  }

  /** Feature (CSV column) names in the order the model expects them. */
  readonly featureNames: readonly string[];

  /** The starting margin: logit of `base_score`, as a float32. */
  readonly baseMargin: number;

  private readonly trees: FlatTreeEnsemble;

  private constructor(trees: FlatTreeEnsemble) {
    this.trees = trees;
    this.featureNames = trees.featureNames;
    this.baseMargin = logitAsXgboost(trees.baseScore);
  }

  /** How many values a feature row holds. */
  get featureCount(): number {
    return this.featureNames.length;
  }

  /** How many trees are summed. */
  get treeCount(): number {
    return this.trees.treeRoots.length;
  }

  /**
   * The raw score (log-odds) for one row, as a float32 value.
   *
   * Like the sagemaker-xgboost container scoring CSV, a row shorter than {@link featureCount}
   * is scored with the absent trailing values missing; NaN also means missing.
   *
   * @throws RangeError when the row holds more values than the model has features
   */
  predictMargin(features: ArrayLike<number>): number {
    const row = this.toFloat32Row(features);
    const { treeRoots, leftChild, rightChild, splitFeature, thresholdOrLeafValue, missingGoesLeft } = this.trees;
    let margin = this.baseMargin;
    for (let tree = 0; tree < treeRoots.length; tree++) {
      let node = treeRoots[tree];
      while (leftChild[node] !== LEAF) {
        const value = row[splitFeature[node]];
        if (Number.isNaN(value)) {
          node = missingGoesLeft[node] === 1 ? leftChild[node] : rightChild[node];
        } else {
          node = value < thresholdOrLeafValue[node] ? leftChild[node] : rightChild[node];
        }
      }
      margin = Math.fround(margin + thresholdOrLeafValue[node]);
    }
    return margin;
  }

  /** The probability of the positive class for one row, as the float32 xgboost returns. */
  predictProbability(features: ArrayLike<number>): number {
    return sigmoidAsFloat32(this.predictMargin(features));
  }

  /** One probability per row, e.g. for rows from {@link parseCsvFeatureRows}. */
  predictProbabilities(rows: readonly ArrayLike<number>[]): number[] {
    return rows.map((row) => this.predictProbability(row));
  }

  /** The row in float32, NaN-padded to the feature count, so splits compare as xgboost does. */
  private toFloat32Row(features: ArrayLike<number>): Float32Array {
    if (features.length > this.featureCount) {
      throw new RangeError(`A feature row holds ${features.length} values; the model takes at most ${this.featureCount}`);
    }
    const row = new Float32Array(this.featureCount).fill(Number.NaN);
    for (let index = 0; index < features.length; index++) {
      const value = features[index];
      row[index] = typeof value === 'number' ? value : Number.NaN;
    }
    return row;
  }
}

/** xgboost's binary:logistic `ProbToMargin`: `-logf(1.0f / p - 1.0f)`, each step in float32. */
function logitAsXgboost(probability: number): number {
  const odds = Math.fround(Math.fround(1 / probability) - 1);
  return Math.fround(-Math.log(odds));
}

/**
 * xgboost 1.7's `Sigmoid`: `1.0f / (1.0f + expf(-x))`, each step in float32. (`Math.exp` is
 * rounded once more to float32, so a result can still differ from glibc's `expf` by one ulp.)
 */
function sigmoidAsFloat32(margin: number): number {
  const exp = Math.fround(Math.exp(-margin));
  return Math.fround(1 / Math.fround(1 + exp));
}
