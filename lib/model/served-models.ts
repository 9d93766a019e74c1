import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { ModelContract } from '../../contract/model-contract';
import { contractDifferences } from './contract-differences';
import { ModelPackage } from './model-package';

/** Where one variant's model comes from: a package, or (deprecated) bare model data. */
export interface VariantModelSource {
  /**
   * The model package the variant serves.
   * @default - `modelData` when given, else the bundled churn model
   */
  readonly model?: ModelPackage;
  /**
   * A bare archive, assumed to take the bundled churn model's contract.
   * @default - none
   * @deprecated Use `model`: a ModelPackage carries the archive's input contract and is checked at synth.
   */
  readonly modelData?: sagemaker.ModelData;
}

/** What the endpoint's variants serve, declared as the service and the endpoint take it. */
export interface ServedModelsDeclaration extends VariantModelSource {
  /**
   * Production variants, each with its model.
   * @default - one variant serving `model` (or `modelData`)
   */
  readonly variants?: readonly (VariantModelSource & { readonly variantName: string })[];
  /**
   * A shadow variant and its model.
   * @default - none
   */
  readonly shadowVariant?: VariantModelSource & { readonly variantName: string };
}

/** One variant's model as served: its contract, version, and archive. */
export interface ServedModel {
  /** Where it comes from, as problems name it. */
  readonly source: string;
  readonly contract: ModelContract;
  /**
   * The version its answers report.
   * @default - unknown, for bare model data
   */
  readonly version?: string;
  readonly archiveCheckedAtSynth: boolean;
  modelData(): sagemaker.ModelData;
}

/** The models of every variant, the one contract the API and function serve, and what is wrong. */
export interface ServedModels {
  /** Each production variant's model, in order. */
  readonly production: readonly ServedModel[];
  /**
   * The shadow variant's model.
   * @default - none: no shadow variant
   */
  readonly shadow?: ServedModel;
  /** What the API accepts and the function encodes: the first production variant's contract. */
  readonly contract: ModelContract;
  /**
   * The version answers report.
   * @default - unknown unless every production variant serves the same version
   */
  readonly version?: string;
  /** Every problem, each prefixed with the prop path that declared it. */
  readonly problems: readonly string[];
}

function bareModelData(modelData: sagemaker.ModelData): ServedModel {
  const bundled = ModelPackage.bundled();
  return { source: 'modelData', contract: bundled.contract, archiveCheckedAtSynth: false, modelData: () => modelData };
}

/** One declared source, resolved; its problems are prefixed with `path`. */
function resolve(source: VariantModelSource, path: string, problems: string[]): ServedModel {
  const at = (prop: string) => (path === '' ? prop : `${path}.${prop}`);
  if (source.model !== undefined && source.modelData !== undefined) problems.push(`${at('model')}: give model or modelData, not both`);
  if (source.model === undefined && source.modelData !== undefined) return bareModelData(source.modelData);
  const modelPackage = source.model ?? ModelPackage.bundled();
  problems.push(...modelPackage.problems.map((problem) => `${at('model')} (${modelPackage.source}): ${problem}`));
  return modelPackage;
}

/**
 * Resolves what each variant serves and checks it in one pass: each package's own problems, and
 * that every variant (A/B and shadow) serves the same contract, since one API and one function
 * validate and encode the records for all of them.
 */
export function servedModels(declaration: ServedModelsDeclaration, at: (prop: string) => string = (prop) => prop): ServedModels {
  const problems: string[] = [];
  const declared = declaration.variants === undefined
    ? [{ path: '', source: declaration as VariantModelSource }]
    : declaration.variants.map((variant, index) => ({ path: at(`variants[${index}]`), source: variant as VariantModelSource }));
  const production = declared.map(({ path, source }) => resolve(source, path, problems));
  const shadow = declaration.shadowVariant === undefined ? undefined : resolve(declaration.shadowVariant, at('shadowVariant'), problems);
  // An empty variant list is the endpoint's problem to report; the bundled contract stands in meanwhile.
  const first = production[0] ?? ModelPackage.bundled();
  const firstPath = declared[0]?.path === '' ? 'model' : `${declared[0]?.path}.model`;
  const others = [
    ...production.slice(1).map((model, index) => ({ model, path: `${at(`variants[${index + 1}]`)}.model` })),
    ...(shadow === undefined ? [] : [{ model: shadow, path: `${at('shadowVariant')}.model` }]),
  ];
  for (const { model, path } of others) {
    // A contract that could not be read has its own problem already.
    if (model.contract.fields.length === 0 || first.contract.fields.length === 0) continue;
    const differences = contractDifferences(first.contract, model.contract);
    if (differences.length > 0) {
      problems.push(`${path} (${model.source}) serves another input contract than ${firstPath} (${first.source}), but one API and one `
        + `function serve every variant: ${differences.join('; ')}`);
    }
  }
  const versions = new Set(production.map((model) => model.version));
  return {
    production,
    shadow,
    contract: first.contract,
    version: versions.size === 1 ? [...versions][0] : undefined,
    problems,
  };
}

/** Warns, once per archive, about an archive synth could not check against its contract. */
export function addUncheckedArchiveWarnings(scope: IConstruct, served: ServedModels): void {
  const unchecked = new Map([...served.production, ...(served.shadow === undefined ? [] : [served.shadow])]
    .filter((model) => !model.archiveCheckedAtSynth)
    .map((model) => [model.source, model]));
  for (const [source, model] of unchecked) {
    const message = model instanceof ModelPackage
      ? `The archive of ${source} is in S3, so synth could not check it against its contract (one xgboost-model file, the `
        + 'contract\'s features in order, binary:logistic, no early-stopping limit). After deploying, run '
        + '`npm run verify -- --model <package directory>` to score its golden records through the API.'
      : 'modelData is a bare archive: nothing checks that it takes the bundled churn model\'s input contract, which the API '
        + 'and the function assume. Give model: ModelPackage.fromDirectory(...) or ModelPackage.fromBucket(...) instead.';
    Annotations.of(scope).addWarningV2(`churn-prediction:unchecked-model-archive:${source}`, message);
  }
}
