/**
 * Blob drop names: uploads/{policy}/{kind}/{name}.{xlsx|xlsm|csv…} → results/{policy}/{kind}/{name}.result.xlsx
 * (.result.xlsm for a macro-enabled workbook) | {name}.error.json. The path only routes: the file's format
 * is judged by its bytes, by the same guard as the CLI and HTTP (same formats, same messages), and policy
 * and kind segments are read as every door reads them (case-insensitive).
 */
import { kindIdFrom } from '../kinds/index.js';
import type { KindId } from '../kinds/types.js';
import { namedMacroEnabled, resultStem } from '../pipeline/names.js';
import { policyIdFrom } from '../rules/index.js';
import type { PolicyId } from '../rules/types.js';

export const UPLOADS = 'uploads';
export const RESULTS = 'results';

export interface UploadName {
  /** Blob name inside the uploads container. */
  blob: string;
  policy?: PolicyId;
  kind?: KindId;
  /** File name (last segment). */
  file: string;
  /** Result name inside the results container, as the file's name suggests (resultFor settles it once the file is read). */
  result: string;
  error: string;
  /** Why the name itself cannot be processed, if it cannot. */
  problem?: string;
}

/** The result's name beside the upload: `.result.xlsm` when the workbook is macro-enabled, else `.result.xlsx`. */
export function resultFor(name: Pick<UploadName, 'blob'>, macroEnabled: boolean): string {
  return `${resultStem(name.blob)}.result.${macroEnabled ? 'xlsm' : 'xlsx'}`;
}

/** Accepts `uploads/a/b/c.xlsx` (the trigger's path) or the name inside the container. */
export function parseUploadName(path: string): UploadName {
  const blob = path.replace(/^\/+/, '').replace(new RegExp(`^${UPLOADS}/`), '');
  const parts = blob.split('/');
  const file = parts[parts.length - 1] ?? blob;
  const out: UploadName = { blob, file, result: resultFor({ blob }, namedMacroEnabled(file)), error: `${resultStem(blob)}.error.json` };
  if (parts.length < 3) {
    return { ...out, problem: `路径应为 uploads/{政策}/{类型}/{文件名}.xlsx，实际为「${blob}」 / expected uploads/{policy}/{kind}/{name}.xlsx, got '${blob}'` };
  }
  const [policyText = '', kindText = ''] = parts;
  const policy = policyIdFrom(policyText);
  if (!policy) return { ...out, problem: `路径中的政策「${policyText}」未知 / unknown policy '${policyText}' in the path` };
  const kind = kindIdFrom(kindText);
  if (!kind) return { ...out, policy, problem: `路径中的类型「${kindText}」未知 / unknown kind '${kindText}' in the path` };
  return { ...out, policy, kind };
}
