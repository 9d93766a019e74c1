import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

/** Values a log entry may carry: counts, codes, timings and ids, never customer data. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** What the handler needs of a logger; fakes implement it in tests. */
export interface RequestLogger {
  /** Starts an invocation: its Lambda context, and keys every entry of it carries (e.g. the API request id). */
  beginInvocation(context: Context, keys: LogFields): void;
  info(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * A RequestLogger on Powertools Logger: one JSON line per entry with the function's request id,
 * cold start and X-Ray trace id. The event is never logged.
 */
export function createPowertoolsRequestLogger(logger: Logger = new Logger({ serviceName: 'PredictFunction' })): RequestLogger {
  return {
    beginInvocation(context, keys) {
      logger.resetKeys();
      logger.addContext(context);
      logger.appendKeys(keys);
    },
    info: (message, fields = {}) => logger.info(message, fields),
    error: (message, fields = {}) => logger.error(message, fields),
  };
}
