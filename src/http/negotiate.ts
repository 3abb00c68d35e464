/** Response details shared by the routes: format negotiation and download names. */
import type { OutputFormat } from '../pipeline/types.js';
import { CONTENT_TYPES } from '../pipeline/types.js';

/** `format` query wins; else the first Accept type we can produce (q-values honoured); else xlsx. */
export function negotiateFormat(format: OutputFormat | undefined, accept: string | null): OutputFormat {
  if (format) return format;
  if (!accept) return 'xlsx';
  const ranked = accept
    .split(',')
    .map((part, i) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return { type, q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((a) => a.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { type } of ranked) {
    if (type === 'application/json') return 'json';
    if (type === 'text/csv') return 'csv';
    if (type === CONTENT_TYPES.xlsx) return 'xlsx';
  }
  return 'xlsx';
}

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266 / RFC 5987), so
 * that 工资表.result.xlsx arrives intact in browsers, curl -OJ and Power Query.
 */
export function contentDisposition(filename: string): string {
  const clean = safeFilename(filename).replace(/[\r\n"\\/]/g, '_');
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === clean ? `attachment; filename="${clean}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Control characters (C0, DEL, C1: `%00`, `%1B` in a `name` query) and bidirectional controls
 * (`\u202Eslx.exe` shows as `exe.xls`) removed from a download name; an empty result becomes `workbook…`.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function safeFilename(name: string): string {
  const clean = name.replace(UNSAFE_IN_NAMES, '');
  return clean.startsWith('.') || clean === '' ? `workbook${clean}` : clean;
}
