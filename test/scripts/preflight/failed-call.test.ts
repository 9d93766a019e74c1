import { callFailureKind, failedCall } from '../../../scripts/preflight/failed-call';
import { sdkError } from './support';

describe('failed AWS calls', () => {
  test.each([
    ['AccessDeniedException', 400, 'access-denied'],
    ['AccessDenied', 403, 'access-denied'],
    ['UnauthorizedException', 401, 'access-denied'],
    ['SomethingNew', 403, 'access-denied'],
    ['ThrottlingException', 400, 'throttled'],
    ['Throttling', 400, 'throttled'],
    ['TooManyRequestsException', 429, 'throttled'],
    ['SomethingElse', 429, 'throttled'],
    ['CredentialsProviderError', 0, 'no-credentials'],
    ['ExpiredTokenException', 400, 'no-credentials'],
    ['InvalidClientTokenId', 403, 'no-credentials'],
    ['ServiceUnavailable', 503, 'other'],
  ])('%s (HTTP %d) is %s', (name, status, kind) => {
    expect(callFailureKind(sdkError(name, 'm', status))).toBe(kind);
  });

  test('whatever was thrown, the result is a failed check quoting it', () => {
    expect(callFailureKind('boom')).toBe('other');
    expect(failedCall('X', 'svc:Action', 'boom')).toEqual({
      check: 'X', ok: false, detail: 'svc:Action failed (boom)', fix: 'check the region, your network and the error above, then run the preflight again',
    });
    expect(failedCall('X', 'svc:Action', sdkError('CredentialsProviderError', 'Could not load credentials from any providers', 0)).fix)
      .toMatch(/^configure valid AWS credentials/);
  });
});
