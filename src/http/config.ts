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
