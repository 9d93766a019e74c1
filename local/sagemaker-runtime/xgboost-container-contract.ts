/**
 * The `POST /invocations` contract of the `sagemaker-xgboost:1.7-1` serving container, for the
 * one request type the prediction function sends (CSV rows, no header). Behaviour follows
 * /work/shared/reference/SAGEMAKER-FACTS.md (read in aws/sagemaker-xgboost-container at
 * v1.7-1): an empty body answers 204; a missing Content-Type means `text/csv`; other request
 * types answer 415; rows are split on newlines after trimming the body, and an empty field is
 * a missing value; one score per row; too many columns answer 400, too few are scored as
 * missing; Accept `application/json` or `text/csv` (the default), anything else 406.
 *
 * Where the stand-in is narrower than the container, it says so in its answer: `text/libsvm`
 * and RecordIO-protobuf requests, and `application/jsonlines` or RecordIO answers, are refused
 * here although the container serves them.
 */
import { parseCsvFeatureRows } from '../../model/csv-feature-rows';

/** What the stand-in needs of a model: one probability per feature row. */
export interface RowScorer {
  /**
   * @throws RangeError when a row holds more values than the model has features
   */
  predictProbabilities(rows: readonly ArrayLike<number>[]): number[];
}

/** One `POST /invocations` request as the container sees it. */
export interface ContainerRequest {
  /** The request's Content-Type header, if any. */
  readonly contentType?: string;
  /** The request's Accept header, if any. */
  readonly accept?: string;
  readonly body: Uint8Array;
}

/** The container's answer: status, media type and body text. */
export interface ContainerAnswer {
  readonly statusCode: number;
  readonly contentType: string;
  readonly body: string;
}

/** The container's request size limit (`MAX_CONTENT_LENGTH`, 6 MiB). */
export const CONTAINER_MAX_BODY_BYTES = 6_291_456;

/** Request media types the container reads; the stand-in implements only `text/csv`. */
const CONTAINER_REQUEST_TYPES = ['text/csv', 'text/libsvm', 'text/x-libsvm', 'application/x-recordio-protobuf'];
/** Answer media types the container writes; the stand-in implements JSON and CSV. */
const CONTAINER_ANSWER_TYPES = ['application/json', 'application/jsonlines', 'application/x-recordio-protobuf', 'text/csv'];
const STAND_IN_ANSWER_TYPES = ['application/json', 'text/csv'];

/** Python's `bytes.strip()` removes ASCII whitespace only. */
const ASCII_WHITESPACE_AT_ENDS = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;

function plainText(statusCode: number, body: string): ContainerAnswer {
  return { statusCode, contentType: 'text/plain; charset=utf-8', body };
}

/** The media type without parameters, lower-cased (`Text/CSV; charset=utf-8` → `text/csv`). */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** The feature rows of a CSV body, or the 415 answer the container gives when it cannot load them. */
function readCsvRows(body: Uint8Array): number[][] | ContainerAnswer {
  const text = new TextDecoder().decode(body).replace(ASCII_WHITESPACE_AT_ENDS, '');
  const lines = text.split('\n');
  const columns = lines.map((line) => line.split(',').length);
  const ragged = columns.findIndex((count) => count !== columns[0]);
  if (ragged !== -1) {
    // numpy cannot make one array of rows of different lengths.
    return plainText(415, `Loading csv data failed: row ${ragged + 1} has ${columns[ragged]} columns, row 1 has ${columns[0]}`);
  }
  const blank = lines.findIndex((line) => line.trim() === '');
  if (blank !== -1) return plainText(415, `Loading csv data failed: row ${blank + 1} is empty`);
  try {
    return parseCsvFeatureRows(lines.join('\n'));
  } catch (error) {
    return plainText(415, `Loading csv data failed: ${(error as Error).message}`);
  }
}

function encodeScores(scores: readonly number[], answerType: string): ContainerAnswer {
  if (answerType === 'application/json') {
    return { statusCode: 200, contentType: 'application/json', body: JSON.stringify({ predictions: scores.map((score) => ({ score })) }) };
  }
  return { statusCode: 200, contentType: 'text/csv', body: scores.map(String).join('\n') };
}

/** The answer type for an Accept header, or the 406 answer. A missing Accept or `*\/*` means `text/csv`. */
function answerTypeFor(accept: string | undefined): string | ContainerAnswer {
  const wanted = mediaType(accept);
  if (wanted === '' || wanted === '*/*') return 'text/csv';
  if (STAND_IN_ANSWER_TYPES.includes(wanted)) return wanted;
  if (CONTAINER_ANSWER_TYPES.includes(wanted)) {
    return plainText(406, `Accept type ${wanted} is served by the container but not by this local stand-in; use ${STAND_IN_ANSWER_TYPES.join(' or ')}.`);
  }
  return plainText(406, `Accept type ${wanted} is not supported; supported accept types: ${CONTAINER_ANSWER_TYPES.join(', ')}.`);
}

/**
 * Answers one `POST /invocations` as the sagemaker-xgboost 1.7-1 container does. Checks run in
 * the container's order: empty body, request type and CSV loading (415), scoring (400), Accept (406).
 */
export function answerInvocation(request: ContainerRequest, model: RowScorer): ContainerAnswer {
  if (request.body.length === 0) return plainText(204, '');
  const requestType = mediaType(request.contentType) || 'text/csv';
  if (requestType !== 'text/csv') {
    return CONTAINER_REQUEST_TYPES.includes(requestType)
      ? plainText(415, `Content-type ${requestType} is read by the container but not by this local stand-in; send text/csv.`)
      : plainText(415, `Content-type ${requestType} is not supported; supported content types: ${CONTAINER_REQUEST_TYPES.join(', ')}.`);
  }
  const rows = readCsvRows(request.body);
  if (!Array.isArray(rows)) return rows;
  let scores: number[];
  try {
    scores = model.predictProbabilities(rows);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return plainText(400, `Unable to evaluate payload provided: ${error.message}`);
  }
  const answerType = answerTypeFor(request.accept);
  return typeof answerType === 'string' ? encodeScores(scores, answerType) : answerType;
}
