/**
 * Tests run quiet: yibao's JSON log lines (one per batch, upload, progress step…) would bury vitest's report
 * under a thousand lines. They are dropped unless YIBAO_TEST_LOGS=1; a test that checks log lines installs
 * its own sink (setLogSink) and sees them at the usual level. Worker threads and child processes started by
 * tests (shards, the CLI, the local server) inherit YIBAO_LOG_LEVEL=error: only real errors reach the report.
 */
import { setLogSink } from '../../src/log.js';

if (!process.env['YIBAO_TEST_LOGS']) {
  setLogSink(() => {});
  process.env['YIBAO_LOG_LEVEL'] ??= 'error';
}
