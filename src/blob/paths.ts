/** Blob drop names: uploads/{policy}/{kind}/{name}.xlsx → results/{policy}/{kind}/{name}.result.xlsx | .error.json */
import { isKindId } from '../kinds/index.js';
import type { KindId } from '../kinds/types.js';
import { isPolicyId } from '../rules/index.js';
import type { PolicyId } from '../rules/types.js';
import type { OutputFormat } from '../pipeline/types.js';

export const UPLOADS = 'uploads';
export const RESULTS = 'results';
/** The kind segment that asks for the kind to be detected from the headers (as the CLI does without --kind). */
export const AUTO_KIND = 'auto';

export interface UploadName {
  /** Blob name inside the uploads container. */
  blob: string;
  policy?: PolicyId;
  /** Undefined with a problem, or when the path says `auto` (detect). */
  kind?: KindId;
  /** File name (last segment). */
  file: string;
  /** Result names inside the results container. */
  result: string;
  error: string;
  /** Why the name itself cannot be processed, if it cannot. */
  problem?: string;
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
  const stem = safe.replace(/\.xls[xm]$/i, '');
  const out: UploadName = { blob, file, result: `${stem}.result.xlsx`, error: `${stem}.error.json` };
  if (dotted) return { ...out, problem: `路径不能含 .、.. 或空的路径段：「${blob}」 / the path must not have ., .. or empty segments: '${blob}'` };
  if (parts.length < 3) {
    return { ...out, problem: `路径应为 uploads/{政策}/{类型}/{文件名}.xlsx，实际为「${blob}」 / expected uploads/{policy}/{kind}/{name}.xlsx, got '${blob}'` };
  }
  const [policy = '', kind = ''] = parts;
  if (!isPolicyId(policy)) return { ...out, problem: `路径中的政策「${policy}」未知 / unknown policy '${policy}' in the path` };
  if (kind !== AUTO_KIND && !isKindId(kind)) return { ...out, policy, problem: `路径中的类型「${kind}」未知 / unknown kind '${kind}' in the path` };
  const known = kind === AUTO_KIND ? {} : { kind: kind as KindId };
  if (!/\.xls[xm]$/i.test(file)) {
    return { ...out, policy, ...known, problem: `只处理 .xlsx 工作簿，收到「${file}」 / only .xlsx workbooks are processed, got '${file}'` };
  }
  return { ...out, policy, ...known };
}

/** The result's name for an output format: `{stem}.result.xlsx` (the blob drop's default), `.result.json`, `.result.csv`. */
export function resultName(name: UploadName, format: OutputFormat): string {
  return name.result.replace(/\.xlsx$/, `.${format}`);
}
