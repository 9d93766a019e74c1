/**
 * The public API of the construct library: `import { ChurnPredictionService } from 'churn-prediction-service'`.
 * docs/CONSTRUCTS.md describes each construct's props, what it exposes and its defaults.
 */

// The whole service, and one stage of it as a stack.
export { ChurnPredictionService } from './churn-prediction-service';
export type { ChurnPredictionServiceProps } from './churn-prediction-service';
export { ChurnPredictionStack } from './churn-prediction-stack';
export type { ChurnPredictionStackProps } from './churn-prediction-stack';
export { DEV, PROD, STAGES, stageSettingsProblems } from './stage-config';
export type { DeploymentSettings, InstanceCapacitySettings, ServerlessCapacitySettings, StageSettings } from './stage-config';

// The SageMaker endpoint: model data, variants and their capacity, guardrails, data capture.
export { BUNDLED_MODEL_ARCHIVE, ChurnModelEndpoint } from './endpoint/churn-model-endpoint';
export type { ChurnModelEndpointProps } from './endpoint/churn-model-endpoint';
export { S3ObjectModelData } from './endpoint/s3-object-model-data';
export { DEFAULT_VARIANT_NAME } from './endpoint/production-variant';
export type { ProductionVariantProps } from './endpoint/production-variant';
export { VariantCapacity } from './endpoint/variant-capacity';
export type {
  InstanceAutoScalingOptions, InstanceCapacityProps, ResolvedCapacity, ResolvedInstanceCapacity, ResolvedServerlessCapacity,
  ScheduledInstanceCount, ServerlessCapacityProps,
} from './endpoint/variant-capacity';
export { ShiftSize, TrafficShifting } from './endpoint/deployment-guardrails';
export type { DeploymentGuardrailsOptions } from './endpoint/deployment-guardrails';
export { DATA_CAPTURE_PREFIX, EndpointDataCapture } from './endpoint/endpoint-data-capture';
export type { DataCaptureOptions, EndpointDataCaptureProps } from './endpoint/endpoint-data-capture';
export { EndpointRollbackAlarms } from './endpoint/rollback-alarms';
export type { EndpointRollbackAlarmsProps, RollbackAlarmOptions } from './endpoint/rollback-alarms';
export { VariantAutoScaling } from './endpoint/variant-auto-scaling';
export type { VariantAutoScalingProps } from './endpoint/variant-auto-scaling';
export { SageMakerExecutionRole } from './endpoint/sagemaker-execution-role';
export { XgboostServingImage } from './endpoint/xgboost-serving-image';

// The model's network.
export { ModelNetwork } from './network/model-network';
export type { IModelNetwork, ModelNetworkProps } from './network/model-network';

// The REST API and its Lambda proxy.
export { API_STAGE_NAME, PredictionApi } from './api/prediction-api';
export type { ApiKeyUsagePlanOptions, PredictionApiProps } from './api/prediction-api';
export { PREDICT_FUNCTION_TIMEOUT, PredictFunction } from './api/predict-function';
export type { IInvocableEndpoint, PredictFunctionProps, PredictionRules, RecommendedActions } from './api/predict-function';
export { RateLimitedWebAcl } from './api/rate-limited-web-acl';
export type { RateLimitedWebAclProps } from './api/rate-limited-web-acl';
export { MODEL_VERSION_PATTERN, modelVersionOfArchive } from './api/model-version';

// Monitoring.
export { ServiceAlarms } from './monitoring/service-alarms';
export type { ServiceAlarmsProps } from './monitoring/service-alarms';

// Encryption.
export { ServiceKey } from './encryption/service-key';
