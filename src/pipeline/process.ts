import { InputError, type ProcessRequest, type ProcessResult } from './types.js';

/** Placeholder until the workbook reader/writer lands (issue 3). */
export async function processWorkbook(_req: ProcessRequest): Promise<ProcessResult> {
  throw new InputError(415, 'not-implemented', '尚未实现 / not implemented yet');
}
