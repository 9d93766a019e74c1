import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import type { ModelPackage } from '../model/model-package';
import { VariantCapacity } from './variant-capacity';

/** One model behind the endpoint, with its own compute and share of traffic. */
export interface ProductionVariantProps {
  /**
   * The variant's name: letters, digits and hyphens, up to 63 characters. Metrics, scaling and
   * `TargetVariant` requests refer to it; keep it stable (blue/green deployments need the same
   * variant names in the old and new configuration).
   */
  readonly variantName: string;
  /**
   * The model package this variant serves. Every variant (A/B and shadow) must take the same input
   * contract: one API and one function serve them all.
   * @default - the bundled churn model
   */
  readonly model?: ModelPackage;
  /**
   * The model archive (`model.tar.gz` holding one XGBoost model file) this variant serves, assumed
   * to take the bundled churn model's contract.
   * @default - the bundled churn model
   * @deprecated Use `model`: a ModelPackage carries its input contract and is checked at synth.
   */
  readonly modelData?: sagemaker.ModelData;
  /**
   * Compute of the variant.
   * @default VariantCapacity.instances()
   */
  readonly capacity?: VariantCapacity;
  /**
   * Relative share of traffic (production variants) or of copied traffic (a shadow variant,
   * relative to the production variant). Must be > 0.
   * @default 1
   */
  readonly initialWeight?: number;
}

/** The name of the variant an endpoint gets when none are listed. */
export const DEFAULT_VARIANT_NAME = 'AllTraffic';
