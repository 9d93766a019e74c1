import { bundleHandler, LoadedHandler, loadHandlerBundle } from './api/handler-bundle';
import { AccessLogEntry, PREDICTIONS_PATH, startPredictionApiFront } from './api/prediction-api-front';
import type { ListeningServer } from './http/listening-server';
import { LocalModelPackage, loadLocalModelPackage } from './local-model-package';
import {
  DEFAULT_LOCAL_ENDPOINT_NAME, LOCAL_VARIANT_NAME, SageMakerRuntimeStandIn, startSageMakerRuntimeStandIn,
} from './sagemaker-runtime/sagemaker-runtime-stand-in';
import type { RowScorer } from './sagemaker-runtime/xgboost-container-contract';

export interface LocalServiceOptions {
  /**
   * Port of the prediction API.
   * @default 0 - a free port chosen by the system
   */
  readonly apiPort?: number;
  /**
   * Port of the SageMaker runtime stand-in.
   * @default 0 - a free port chosen by the system
   */
  readonly runtimePort?: number;
  /**
   * Interface both servers listen on.
   * @default '127.0.0.1' - this machine only
   */
  readonly host?: string;
  /**
   * The endpoint name the function is configured with and the stand-in answers to.
   * @default 'churn-prediction-local'
   */
  readonly endpointName?: string;
  /**
   * More environment variables for the function (e.g. `MAX_RECORDS`); they win over the defaults.
   * @default - what the local run needs: ENDPOINT_NAME, MODEL_VERSION and ALLOWED_VARIANTS as deployed, the runtime URL,
   * region and dummy credentials
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The model package to serve (model/README.md, "Model packages"): checked as synth checks it, the
   * stand-in scores with its archive's model, and the function reads its contract and reports its
   * version, as deployed.
   * @default - the bundled churn model, model/bundled
   */
  readonly modelPackage?: string;
  /**
   * The model the stand-in scores with, instead of the package's.
   * @default - the model package's model
   */
  readonly model?: RowScorer;
  /**
   * Minify the handler bundle, as the deployed one is.
   * @default false
   */
  readonly minifyHandler?: boolean;
  /**
   * Receives one entry per API request answered.
   * @default - nothing is logged
   */
  readonly accessLog?: (entry: AccessLogEntry) => void;
}

/** The running local service. */
export interface LocalService {
  /** Base URL of the prediction API, e.g. `http://127.0.0.1:3000`. */
  readonly apiUrl: string;
  /** `POST` `{"records": [...]}` here, e.g. `http://127.0.0.1:3000/live/v1/predictions`. */
  readonly predictionsUrl: string;
  /** Base URL of the SageMaker runtime stand-in (what `AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME` points at). */
  readonly runtimeUrl: string;
  /** The stand-in's InvokeEndpoint URL, for calling the model directly. */
  readonly invocationsUrl: string;
  readonly endpointName: string;
  /** The model package served. */
  readonly modelPackage: LocalModelPackage;
  /** Stops both servers, unloads the handler and restores the environment variables it set. */
  close(): Promise<void>;
}

const LOCAL_REGION = 'us-east-1';

/** Whether a local service is running in this process (the function's environment is process-wide). */
let running = false;

/**
 * The function's environment: what the deployed stack sets (ENDPOINT_NAME, MODEL_VERSION, MODEL_CONTRACT_FILE, ALLOWED_VARIANTS;
 * the risk thresholds and actions are left to the function's defaults, which are the stack's), what Lambda sets,
 * and what points the AWS SDK at the stand-in and lets it sign without an account
 * (`undefined` removes a variable that would get in the way).
 */
function functionEnvironment(
  standIn: SageMakerRuntimeStandIn, modelPackage: LocalModelPackage, extra: Readonly<Record<string, string>>,
): Record<string, string | undefined> {
  return {
    AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: standIn.url,
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'LOCALSTANDINKEY',
    AWS_SECRET_ACCESS_KEY: 'local-stand-in-does-not-check-signatures',
    AWS_SESSION_TOKEN: undefined,
    AWS_LAMBDA_FUNCTION_NAME: 'churn-prediction-local',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    // Lambda sets it for on-demand functions; without it Powertools reports every invocation as warm.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    // The pinned SDK warns once that later versions need Node 22; Lambda runs Node 24.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ENDPOINT_NAME: standIn.endpointName,
    // What the stack sets for a model package (lib/churn-prediction-service.ts); the deployed contract file is in a layer.
    MODEL_VERSION: modelPackage.version,
    MODEL_CONTRACT_FILE: modelPackage.contractPath,
    ALLOWED_VARIANTS: LOCAL_VARIANT_NAME,
    ...extra,
  };
}

/** Applies `changes` to process.env and returns a function that puts the old values back. */
function applyEnvironment(changes: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(changes).map((name) => [name, process.env[name]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  set(changes);
  return () => set(previous);
}

/**
 * Starts the prediction service locally, with no AWS account and no Docker: the SageMaker runtime
 * stand-in (scoring with the model package's model), the real prediction function (bundled by esbuild as
 * the stack bundles it, loaded fresh), and an API Gateway-like front on `POST /live/v1/predictions`.
 *
 * The function reads its configuration from `process.env`, so one local service runs per
 * process at a time; the variables it sets are restored by `close()`.
 */
export async function startLocalService(options: LocalServiceOptions = {}): Promise<LocalService> {
  if (running) throw new Error('A local service is already running in this process; close it first.');
  const modelPackage = loadLocalModelPackage(options.modelPackage);
  running = true;
  const host = options.host ?? '127.0.0.1';
  let standIn: SageMakerRuntimeStandIn | undefined;
  let restoreEnvironment: (() => void) | undefined;
  let loaded: LoadedHandler | undefined;
  let front: ListeningServer | undefined;
  const shutDown = async () => {
    await front?.close();
    loaded?.dispose();
    await standIn?.close();
    restoreEnvironment?.();
    running = false;
  };
  try {
    const code = await bundleHandler({ minify: options.minifyHandler ?? false });
    standIn = await startSageMakerRuntimeStandIn({
      port: options.runtimePort ?? 0,
      host,
      endpointName: options.endpointName ?? DEFAULT_LOCAL_ENDPOINT_NAME,
      model: options.model ?? modelPackage.model,
      region: LOCAL_REGION,
    });
    // Before loading: the handler reads its configuration and creates its client at module level.
    restoreEnvironment = applyEnvironment(functionEnvironment(standIn, modelPackage, options.environment ?? {}));
    loaded = loadHandlerBundle(code);
    front = await startPredictionApiFront({
      handler: loaded.handler, port: options.apiPort ?? 0, host, region: LOCAL_REGION, accessLog: options.accessLog,
    });
  } catch (error) {
    await shutDown();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    apiUrl: front.url,
    predictionsUrl: `${front.url}${PREDICTIONS_PATH}`,
    runtimeUrl: standIn.url,
    invocationsUrl: standIn.invocationsUrl,
    endpointName: standIn.endpointName,
    modelPackage,
    close: () => (closing ??= shutDown()),
  };
}
