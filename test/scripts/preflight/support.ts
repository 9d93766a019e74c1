/** An error shaped like the AWS SDK v3's service exceptions: a name and the HTTP status. */
export function sdkError(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

/** Access denied, as IAM answers the JSON-protocol services (Lambda, Service Quotas). */
export const accessDenied = (action: string): Error => sdkError(
  'AccessDeniedException', `User: arn:aws:iam::111111111111:user/dev is not authorized to perform: ${action}`, 403,
);

/** Access denied, as the query-protocol services (CloudFormation) answer it. */
export const queryAccessDenied = (action: string): Error => sdkError(
  'AccessDenied', `User: arn:aws:iam::111111111111:user/dev is not authorized to perform: ${action}`, 403,
);

/** Throttling that outlasted the SDK's retries. */
export const throttled = (): Error => sdkError('ThrottlingException', 'Rate exceeded', 400);

/** CloudFormation's answer for a stack that does not exist. */
export const missingStack = (name: string): Error => sdkError('ValidationError', `Stack with id ${name} does not exist`, 400);
