/** Door settings from the environment (Function App settings / local.settings.json / the shell). */

const MB = 1024 * 1024;

/** Largest request body accepted (YIBAO_MAX_BODY_MB, default 20 MB); larger → 413. */
export function maxBodyBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['YIBAO_MAX_BODY_MB'];
  const mb = raw !== undefined && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : 20;
  return Math.floor(mb * MB); // int: byte count
}
