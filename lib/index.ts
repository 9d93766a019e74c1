/**
 * The public API of the construct library: `import { ChurnPredictionService } from 'churn-prediction-service'`.
 * docs/CONSTRUCTS.md describes each construct's props, what it exposes and its defaults.
 */

// The whole service, and one stage of it as a stack.
export { ChurnPredictionService } from './churn-prediction-service';
export type { ChurnPredictionServiceProps } from './churn-prediction-service';
export type { ServiceDataCaptureOptions, ServiceEndpointOptions, ServiceMonitoringOptions } from './service-options';
export { InvalidPropsError } from './invalid-props-error';
export { ChurnPredictionStack } from './churn-prediction-stack';
export type { ChurnPredictionStackProps } from './churn-prediction-stack';
export { DEV, PROD, STAGES } from './stage-config';
export type {
  ApiSettings, AuthorizationSettings, DeploymentSettings, EndpointSettings, InstanceAutoScalingSettings, InstanceCapacitySettings,
  MonitoringSettings, NetworkSettings, PredictionSettings, ServerlessCapacitySettings, StageSettings, UsagePlanSettings,
} from './stage-config';

// The model to serve: a package of model.tar.gz and the input contract that travels with it.
export { ModelPackage } from './model/model-package';
export { BUNDLED_MODEL_ARCHIVE, MODEL_VERSION_PATTERN } from './model/model-identity';
export type { ModelPackageBucketOptions, ModelPackageDirectoryOptions } from './model/model-package';
export type { FeatureSpec, FieldSpec, ModelContract } from '../contract/model-contract';

// The SageMaker endpoint: model data, variants and their capacity, guardrails, data capture.
export { ChurnModelEndpoint } from './endpoint/churn-model-endpoint';
export type { ChurnModelEndpointProps } from './endpoint/churn-model-endpoint';
export { S3ObjectModelData } from './endpoint/s3-object-model-data';
export { DEFAULT_VARIANT_NAME } from './endpoint/production-variant';
export type { ProductionVariantProps } from './endpoint/production-variant';
export { VariantCapacity } from './endpoint/variant-capacity';
export type { InstanceAutoScalingOptions, InstanceCapacityProps, ScheduledInstanceCount, ServerlessCapacityProps } from './endpoint/variant-capacity';
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
export { DATA_QUALITY_METRICS_NAMESPACE, DataQualityMonitor } from './endpoint/data-quality-monitor';
export type { DataQualityMonitorProps } from './endpoint/data-quality-monitor';
export { CAPACITY_HEADROOM, MEASURED_REQUESTS_PER_VCPU_SECOND } from './endpoint/measured-capacity';

// The model's network.
export { ModelNetwork } from './network/model-network';
export type { IModelNetwork, ModelNetworkProps } from './network/model-network';
export { ServiceNetwork } from './network/service-network';
export type { ExistingVpcOptions, ManagedVpcOptions } from './network/service-network';

// The REST API and its Lambda proxy.
export { API_STAGE_NAME, PredictionApi } from './api/prediction-api';
export type { ApiThrottleOptions, PredictionApiOptions, PredictionApiProps } from './api/prediction-api';
export { ApiAuthorization } from './api/api-authorization';
export type { UsagePlanOptions } from './api/api-authorization';
export { PREDICT_FUNCTION_TIMEOUT, PredictFunction } from './api/predict-function';
export { ModelContractLayer } from './api/model-contract-layer';
export type { ModelContractLayerProps } from './api/model-contract-layer';
export type { IInvocableEndpoint, PredictFunctionProps, PredictionOptions, RecommendedActions } from './api/predict-function';
export { ApiWebAcl } from './api/api-web-acl';
export type { ApiWebAclProps } from './api/api-web-acl';
export { WebAclLogging } from './api/web-acl-logging';
export type { WebAclLoggingProps } from './api/web-acl-logging';

// Monitoring.
export { ServiceMonitoring } from './monitoring/service-monitoring';
export type { ExistingVariantAlarms, ServiceMonitoringProps } from './monitoring/service-monitoring';
export { ServiceDashboard } from './monitoring/service-dashboard';
export type { ServiceDashboardProps } from './monitoring/service-dashboard';
export { AlarmTopics } from './monitoring/alarm-topics';
export type { AlarmTopicsProps } from './monitoring/alarm-topics';
export { LatencyBudget, DEFAULT_LATENCY_BUDGET_MILLIS } from './monitoring/core/latency-budget';
export type { LatencyBudgetMillis, LatencyBudgetProps } from './monitoring/core/latency-budget';
export type {
  MonitoredEndpoint, MonitoredInstanceVariant, MonitoredServerlessVariant, MonitoredVariant,
} from './monitoring/endpoint/monitored-endpoint';
export { LambdaFunctionMetrics } from './monitoring/function/lambda-function-metrics';
export { RestApiMetrics } from './monitoring/api/rest-api-metrics';
export { SageMakerVariantMetrics } from './monitoring/endpoint/sagemaker-variant-metrics';
export { AlarmFactory } from './monitoring/core/alarm-factory';
export type { AlarmDefinition, MonitoredAlarm } from './monitoring/core/alarm-factory';
export type { AlarmThresholds } from './monitoring/core/alarm-thresholds';
export type { GuardedLatencyOptions, GuardedRateOptions } from './monitoring/core/guarded-expressions';
export { TrafficAlarms } from './monitoring/core/traffic-alarm';
export type { LatencyAlarmDefinition, RateAlarmDefinition } from './monitoring/core/traffic-alarm';
export { Severity } from './monitoring/core/severity';
export type { SeverityThresholds } from './monitoring/core/severity';
export { ModelQualityMonitoring } from './monitoring/model-quality/model-quality-monitoring';
export type { AnswerDriftTolerance, ModelQualityMonitoringProps } from './monitoring/model-quality/model-quality-monitoring';
export { AnswerDistributionMetrics } from './monitoring/model-quality/answer-distribution-metrics';
export type { WatchedRiskBand } from './monitoring/model-quality/answer-distribution-metrics';
export { DataQualityMetrics } from './monitoring/model-quality/data-quality-metrics';
export type { HeldOutScores, MonitoringBaseline } from './model/monitoring-baseline';

// Encryption.
export { ServiceKey } from './encryption/service-key';
