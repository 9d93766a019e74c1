/**
 * How the equivalence tests judge one body: the function's validation and API Gateway's model
 * validation (a real draft-04 validator) over the same request schema, and the expectation that
 * both agree. Shared by api-gateway-model-equivalence.test.ts (hand-picked and valid corpora) and
 * its property integration test (generated malformed requests, arbitrary JSON).
 */
import type { JsonSchema } from '../../contract/json-schema';
import { validateAgainstSchema } from '../../lambda/predict/schema-validator';
import { draft04Validator, fieldOfAjvError } from './draft-04-validator';

/** The batch size of the schema both test files judge against. */
export const EQUIVALENCE_MAX_RECORDS = 5;
/** fast-check's seed for the generated corpora, so a failure replays. */
export const EQUIVALENCE_SEED = 20261123;

/** Both verdicts on one value and the fields each names. */
export interface Judgement {
  readonly functionValid: boolean;
  readonly gatewayValid: boolean;
  readonly functionFields: ReadonlySet<string>;
  readonly gatewayFields: ReadonlySet<string>;
}

export function schemaJudge(schema: JsonSchema): {
  judge: (value: unknown) => Judgement;
  expectSameJudgement: (value: unknown, label: string) => void;
} {
  const ajv = draft04Validator(schema);

  function judge(value: unknown): Judgement {
    const functionFields = validateAgainstSchema(schema, value).map((error) => error.field);
    const gatewayValid = ajv(value);
    const gatewayFields = gatewayValid ? [] : (ajv.errors ?? []).map((error) => fieldOfAjvError(error, value));
    return { functionValid: functionFields.length === 0, gatewayValid, functionFields: new Set(functionFields), gatewayFields: new Set(gatewayFields) };
  }

  /** Same verdict; every field the function names is named by the model validator too, and vice versa unless the batch size was refused. */
  function expectSameJudgement(value: unknown, label: string): void {
    const verdict = judge(value);
    expect({ label, valid: verdict.functionValid }).toEqual({ label, valid: verdict.gatewayValid });
    for (const field of verdict.functionFields) expect({ label, field, namedByGateway: verdict.gatewayFields.has(field) }).toEqual({ label, field, namedByGateway: true });
    // The function refuses an oversized or empty batch on its size alone; Ajv also checks its items.
    const sizeRefused = [...verdict.functionFields].some((field) => field === 'records');
    if (!sizeRefused) expect({ label, fields: [...verdict.gatewayFields].sort() }).toEqual({ label, fields: [...verdict.functionFields].sort() });
  }

  return { judge, expectSameJudgement };
}
