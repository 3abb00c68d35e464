/**
 * Blob drop names: uploads/{policy}/{kind}/{name}.{xlsx|xlsm|csv…} → results/{policy}/{kind}/{name}.result.xlsx
 * (.result.xlsm for a macro-enabled workbook; .result.json / .csv when the blob asks for that format) |
 * {name}.error.json. The path only routes: the file's format is judged by its bytes, by the same guard as
 * the CLI and HTTP (same formats, same messages), and policy and kind segments are read as every door reads
 * them (case-insensitive); the kind segment `auto` asks for the kind to be detected from the headers.
 */
import { kindIdFrom } from '../kinds/index.js';
import type { KindId } from '../kinds/types.js';
import { namedMacroEnabled, resultExtension, resultStem } from '../pipeline/names.js';
import type { OutputFormat } from '../pipeline/types.js';
import { policyIdFrom } from '../rules/index.js';
import type { PolicyId } from '../rules/types.js';

export const UPLOADS = 'uploads';
export const RESULTS = 'results';
/** The kind segment that asks for the kind to be detected from the headers (as the CLI does without --kind). */
export const AUTO_KIND = 'auto';

export interface UploadName {
  /** Blob name inside the uploads container. */
  blob: string;
  /** What results and error reports are named after: `blob` with `.`, `..` and empty segments as `_`. */
  base: string;
  policy?: PolicyId;
  /** Undefined with a problem, or when the path says `auto` (detect). */
  kind?: KindId;
  /** File name (last segment). */
  file: string;
  /** Result name inside the results container, as the file's name suggests (resultName settles it once the file is read). */
  result: string;
  error: string;
  /** Why the name itself cannot be processed, if it cannot. */
  problem?: string;
}

/** The result's name beside the upload: `{stem}.result.xlsx` (.xlsm for a macro-enabled workbook), `.result.json`, `.result.csv`. */
export function resultName(name: Pick<UploadName, 'base'>, format: OutputFormat, macroEnabled = false): string {
  return `${resultStem(name.base)}.result.${resultExtension(format, macroEnabled)}`;
}

/**
 * Accepts `uploads/a/b/c.xlsx` (the trigger's path) or the name inside the container. A name with `.` or
 * `..` segments (or empty ones) is refused, and its error report goes under the name with those segments
 * replaced by `_`: nothing is ever written under a name another tool could resolve elsewhere.
 */
export function parseUploadName(path: string): UploadName {
  const blob = path.replace(/^\/+/, '').replace(new RegExp(`^${UPLOADS}/`), '');
  const parts = blob.split('/');
  const dotted = parts.some((p) => p === '.' || p === '..' || p === '');
  const safe = dotted ? parts.map((p) => (p === '.' || p === '..' || p === '' ? '_' : p)).join('/') : blob;
  const file = parts[parts.length - 1] ?? blob;
  const out: UploadName = { blob, base: safe, file, result: resultName({ base: safe }, 'xlsx', namedMacroEnabled(file)), error: `${resultStem(safe)}.error.json` };
  if (dotted) return { ...out, problem: `路径不能含 .、.. 或空的路径段：「${blob}」 / the path must not have ., .. or empty segments: '${blob}'` };
  if (parts.length < 3) {
    return { ...out, problem: `路径应为 uploads/{政策}/{类型}/{文件名}.xlsx，实际为「${blob}」 / expected uploads/{policy}/{kind}/{name}.xlsx, got '${blob}'` };
  }
  const [policyText = '', kindText = ''] = parts;
  const policy = policyIdFrom(policyText);
  if (!policy) return { ...out, problem: `路径中的政策「${policyText}」未知 / unknown policy '${policyText}' in the path` };
  if (kindText.trim().toLowerCase() === AUTO_KIND) return { ...out, policy };
  const kind = kindIdFrom(kindText);
  if (!kind) return { ...out, policy, problem: `路径中的类型「${kindText}」未知 / unknown kind '${kindText}' in the path` };
  return { ...out, policy, kind };
}
