/**
 * Template workbooks, built from the column tables (src/kinds) the reader uses, so a template can never
 * disagree with what yibao reads. `npm run templates` writes them to templates/<kind>.xlsx; the CLI's
 * `yibao template <kind>` and GET /api/templates/{kind} serve the same bytes-for-content workbook.
 */
import type ExcelJS from 'exceljs';
import { kindDef } from '../kinds/index.js';
import type { KindId } from '../kinds/types.js';
import { needLines, POLICY_IDS } from '../rules/index.js';
import { exampleRows } from './examples.js';
import { addDataSheet, addParamSheet, newWorkbook, type ParamLine } from './sheet.js';

export const POLICY_LINE: ParamLine = { name: '政策', note: '必填（或在请求、命令行 --policy 指定）：dongying-2018（东营市社会医疗保险办法）或 xining-2024（西宁市城中区医疗保障政策）' };
export const YEAR_LINE: ParamLine = { name: '年度', note: '可选：行内无日期时所属的年度' };
export const AVERAGE_WAGE_LINE: ParamLine = {
  name: '上年度全省职工月平均工资',
  note: '元/月。东营必填（办法未给出数值）；西宁缺省按手册8029元。用于缴费基数上下限、灵活就业基数、退休补缴',
};

/** Parameters users commonly set, by kind (ids of RULES.md; any other parameter id may be added as a line). */
const COMMON_LINES: Record<KindId, ParamLine[]> = {
  contributions: [AVERAGE_WAGE_LINE],
  settlements: [
    { name: 'xining.classB.selfPayRate', note: '西宁：只填乙类费用、未填乙类自付金额时的先行自付比例（手册未给出，如 10%）' },
    { name: 'dongying.resident.outpatient.ratio', note: '东营居民普通门诊统筹支付比例（办法未给出，如 50%）' },
  ],
  'resident-contributions': [],
  'retirement-supplement': [AVERAGE_WAGE_LINE],
  'maternity-allowance': [],
  'account-refund': [],
};

export function templateParamLines(kind: KindId): ParamLine[] {
  return [POLICY_LINE, YEAR_LINE, ...COMMON_LINES[kind]];
}

/** The template of `kind`: data sheet (header, 2–3 example rows) and 参数 sheet. */
export function buildTemplate(kind: KindId): ExcelJS.Workbook {
  const def = kindDef(kind);
  const wb = newWorkbook(`${def.zh}模板`);
  addDataSheet(wb, def, exampleRows(def), { needs: needLines(kind) });
  addParamSheet(wb, templateParamLines(kind), POLICY_IDS);
  return wb;
}

export async function templateBuffer(kind: KindId): Promise<Buffer> {
  return Buffer.from(await buildTemplate(kind).xlsx.writeBuffer());
}

export function templateFileName(kind: KindId): string {
  return `${kind}.xlsx`;
}
