/**
 * The one logger. Every line passes through maskIdsInText, and callers never pass names: privacy is
 * enforced here rather than remembered at each call site (issue: no ID numbers or names in logs).
 * Lines go to stderr as JSON so that the Functions host and the CLI treat them alike.
 */
import { maskIdsInText } from './kinds/idcard.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (line: string) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let sink: LogSink = (line) => process.stderr.write(`${line}\n`);
let threshold: LogLevel = (process.env['YIBAO_LOG_LEVEL'] as LogLevel | undefined) ?? 'info';

/** Replace the sink (tests capture every line; the Functions host routes to context.log). */
export function setLogSink(s: LogSink): LogSink {
  const prev = sink;
  sink = s;
  return prev;
}

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

export function log(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const line = JSON.stringify({ level, event, ...fields });
  sink(maskIdsInText(line));
}
