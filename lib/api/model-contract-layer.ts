import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ModelContract } from '../../contract/model-contract';

/** The layer's folder: Lambda extracts layers under /opt. */
const LAYER_DIRECTORY = 'model-contract';
const CONTRACT_FILE_NAME = 'contract.json';

/** Lambda layer descriptions hold at most 256 characters. */
const MAX_DESCRIPTION_LENGTH = 256;

export interface ModelContractLayerProps {
  /** The contract the function reads at init. */
  readonly contract: ModelContract;
}

/**
 * The served model package's input contract as a Lambda layer: one file,
 * `/opt/model-contract/contract.json`, which the prediction function reads at init (its
 * `MODEL_CONTRACT_FILE`). The contract reaches the function at deploy time, beside its code, so the
 * function's bundle is the same for every package; a new contract is a new layer version, switched
 * in the same function update as the rest of its configuration. Unlike an environment variable
 * (4 KB for all of them together) a layer holds a contract of any size; unlike an S3 object or an
 * SSM parameter it needs no call, permission or network at init.
 */
export class ModelContractLayer extends Construct {
  /** Where the function finds the contract. */
  public static readonly CONTRACT_FILE = `/opt/${LAYER_DIRECTORY}/${CONTRACT_FILE_NAME}`;

  public readonly layerVersion: lambda.LayerVersion;

  constructor(scope: Construct, id: string, props: ModelContractLayerProps) {
    super(scope, id);
    const { contract } = props;
    const description = `Input contract of model package ${contract.name}: ${contract.fields.length} fields, ${contract.features.length} features`;
    this.layerVersion = new lambda.LayerVersion(this, 'Layer', {
      code: lambda.Code.fromAsset(stagedContractDirectory(contract)),
      description: description.slice(0, MAX_DESCRIPTION_LENGTH),
    });
  }
}

/**
 * A directory holding `model-contract/contract.json`, written once per contract content (the
 * directory is named after its digest) under the system's temporary directory, as CDK's own
 * in-memory sources (`s3deploy.Source.data`) are. The asset's hash depends on the content only.
 */
function stagedContractDirectory(contract: ModelContract): string {
  const text = `${JSON.stringify(contract, null, 2)}\n`;
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 32);
  const directory = path.join(os.tmpdir(), `churn-model-contract-${digest}`);
  const file = path.join(directory, LAYER_DIRECTORY, CONTRACT_FILE_NAME);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return directory;
  // Written beside and moved into place, so a concurrent synth never sees a half-written file.
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'churn-model-contract-staging-'));
  fs.mkdirSync(path.join(staging, LAYER_DIRECTORY));
  fs.writeFileSync(path.join(staging, LAYER_DIRECTORY, CONTRACT_FILE_NAME), text);
  try {
    fs.renameSync(staging, directory);
  } catch {
    // Another synth staged it first.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) throw new Error(`Cannot stage the model contract in ${directory}`);
  }
  return directory;
}
