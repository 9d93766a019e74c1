import { failed, passed } from '../../../scripts/preflight/preflight-result';
import { EXIT_FAILED, EXIT_PASSED, formatPreflightReport } from '../../../scripts/preflight/report';

describe('preflight report', () => {
  test('all passed: a table with an empty fix column, exit 0', () => {
    expect(formatPreflightReport([passed('CDK bootstrap', 'CDKToolkit is CREATE_COMPLETE, version 6 (≥ 6)'), passed('Alarm subscription', 'ok')])).toEqual({
      exitCode: EXIT_PASSED,
      text: [
        '| check | result | detail | fix |',
        '| --- | --- | --- | --- |',
        '| CDK bootstrap | pass | CDKToolkit is CREATE_COMPLETE, version 6 (≥ 6) |  |',
        '| Alarm subscription | pass | ok |  |',
        '',
        'preflight passed: 2 checks',
      ].join('\n'),
    });
  });

  test('one failure: FAIL with its fix, exit 1; pipes and line breaks cannot break the table', () => {
    const report = formatPreflightReport([passed('A', 'fine'), failed('B', 'a | b\nc', 'run `x | y`')]);
    expect(report.exitCode).toBe(EXIT_FAILED);
    expect(report.text.split('\n')).toEqual([
      '| check | result | detail | fix |',
      '| --- | --- | --- | --- |',
      '| A | pass | fine |  |',
      '| B | FAIL | a \\| b c | run `x \\| y` |',
      '',
      'preflight FAILED: 1 of 2 checks failed; fix them before `cdk deploy`',
    ]);
  });

  test('no results is not a pass', () => {
    expect(formatPreflightReport([]).exitCode).toBe(EXIT_FAILED);
  });
});
