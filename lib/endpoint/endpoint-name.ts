import { Names } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** SageMaker endpoint names: at most 63 letters, digits and hyphens (CreateEndpoint, EndpointName). */
const MAX_ENDPOINT_NAME_LENGTH = 63;

/**
 * A name for the endpoint resource that is known at synth time and unique per stack and construct
 * path: the stack name, the path and a hash of it, shortened to SageMaker's 63 characters.
 *
 * A fixed name is safe for an endpoint, unlike for a Model or an EndpointConfig: a new endpoint
 * configuration updates the endpoint in place, and only a change of `EndpointName` replaces it
 * (AWS::SageMaker::Endpoint, "Update requires"). Moving the endpoint in the construct tree, or
 * switching between instance and serverless capacity (a different resource), gives a new name, so a
 * replacement never collides with the old endpoint.
 */
export function stableEndpointName(endpoint: IConstruct): string {
  return Names.uniqueResourceName(endpoint, { maxLength: MAX_ENDPOINT_NAME_LENGTH, separator: '-' });
}

/**
 * The log group SageMaker writes an endpoint's container logs to (SageMaker Developer Guide,
 * "Log Amazon SageMaker AI Events with Amazon CloudWatch": `/aws/sagemaker/Endpoints/[EndpointName]`).
 */
export function endpointLogGroupName(endpointName: string): string {
  return `/aws/sagemaker/Endpoints/${endpointName}`;
}
