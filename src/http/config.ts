/** Door settings from the environment (Function App settings / local.settings.json / the shell). */

import { resolveLimits } from '../guard/limits.js';

const MB = 1024 * 1024;

/**
 * Largest request body accepted (YIBAO_MAX_BODY_MB; else the guard's input limit, YIBAO_MAX_INPUT_BYTES,
 * default 20 MB); larger → 413.
 */
export function maxBodyBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['YIBAO_MAX_BODY_MB'];
  if (raw !== undefined && /^\d+(\.\d+)?$/.test(raw.trim())) return Math.floor(Number(raw) * MB); // int: byte count
  return resolveLimits({}, env).maxInputBytes;
}

/**
 * How much of a workbook's output the HTTP door holds before it starts streaming (YIBAO_RESPONSE_BUFFER_MB,
 * default 8): an answer that fits goes out whole, and a refusal before then is the usual 4xx JSON error.
 */
export function responseBufferBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['YIBAO_RESPONSE_BUFFER_MB'];
  if (raw !== undefined && /^\d+(\.\d+)?$/.test(raw.trim()) && Number(raw) > 0) return Math.floor(Number(raw) * MB); // int: byte count
  return 8 * MB;
}
