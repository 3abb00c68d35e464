/** npm test is quiet by default (issue 15.10): yibao's log lines reach stderr only with YIBAO_TEST_LOGS=1. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runBatch } from '../../src/engine/run.js';
import { log, setLogSink } from '../../src/log.js';
import { ruleSet } from '../../src/rules/index.js';

afterEach(() => vi.restoreAllMocks());

describe.skipIf(process.env['YIBAO_TEST_LOGS'])('quiet test logs', () => {
  it('a batch logs nothing to stderr, and children inherit YIBAO_LOG_LEVEL=error', async () => {
    const write = vi.spyOn(process.stderr, 'write');
    log('info', 'test.line', { n: 1 });
    await runBatch([{ idNumber: '630102198001011230', unitAverageBase: '5000', leaveDays: '158' }], { kind: 'maternity-allowance', ruleSet: ruleSet('xining-2024') });
    expect(write.mock.calls.filter(([chunk]) => String(chunk).includes('"level"'))).toEqual([]);
    expect(process.env['YIBAO_LOG_LEVEL']).toBe('error');
  });

  it('a test that installs its own sink still sees info lines', () => {
    const lines: string[] = [];
    const prev = setLogSink((l) => lines.push(l));
    try {
      log('info', 'test.line', { n: 2 });
    } finally {
      setLogSink(prev);
    }
    expect(lines).toEqual(['{"level":"info","event":"test.line","n":2}']);
  });
});
