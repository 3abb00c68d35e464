/** The sample workbooks in memory: one per policy × kind the policy has samples for. */
import type ExcelJS from 'exceljs';
import { kindDef } from '../../src/kinds/index.js';
import { KIND_IDS, type KindId } from '../../src/kinds/types.js';
import { needLines, POLICY_IDS } from '../../src/rules/index.js';
import type { PolicyId } from '../../src/rules/types.js';
import { AVERAGE_WAGE_LINE, POLICY_LINE, YEAR_LINE } from '../../src/templates/build.js';
import { addDataSheet, addParamSheet, newWorkbook, type ParamLine, type SheetRow } from '../../src/templates/sheet.js';
import { DONGYING_EXAMPLE_AVERAGE_WAGE, dongyingSamples } from './dongying.js';
import { NOTE } from './fixtures.js';
import { monthlySettlements } from './monthly.js';
import { xiningSamples } from './xining.js';

/** Parameters a sample of one kind needs beyond its policy's common lines (example values, said so). */
const KIND_PARAMS: Partial<Record<PolicyId, Partial<Record<KindId, ParamLine[]>>>> = {
  'dongying-2018': {
    'resident-contributions': [
      { name: 'dongying.resident.contribution.personal', value: 280, note: '示例值，请替换：办法第十三条未给出数值，此处按国家2020年城乡居民个人缴费最低标准280元/年演示' },
      { name: 'dongying.resident.contribution.subsidy', value: 550, note: '示例值，请替换：办法第十三条未给出数值，此处按国家2020年财政补助最低标准550元/年演示' },
    ],
  },
};

const SAMPLES: Record<PolicyId, { rows: () => Partial<Record<KindId, SheetRow[]>>; params: ParamLine[] }> = {
  'xining-2024': {
    rows: () => xiningSamples(20240801),
    params: [
      { ...POLICY_LINE, value: 'xining-2024' },
      { ...YEAR_LINE, value: 2024 },
    ],
  },
  'dongying-2018': {
    rows: () => dongyingSamples(20180401),
    params: [
      { ...POLICY_LINE, value: 'dongying-2018' },
      { ...YEAR_LINE, value: 2020 },
      {
        ...AVERAGE_WAGE_LINE,
        value: Number(DONGYING_EXAMPLE_AVERAGE_WAGE),
        note: '示例值，请替换：《东营市社会医疗保险办法》未给出数值，此处6500元/月仅为演示用的山东省参考值，使用前改为公布的上年度全省职工月平均工资',
      },
    ],
  },
};

export interface Sample {
  policy: PolicyId;
  kind: KindId;
  rows: SheetRow[];
  workbook: ExcelJS.Workbook;
}

export function buildSamples(): Sample[] {
  const out: Sample[] = [];
  for (const policy of POLICY_IDS) {
    const sample = SAMPLES[policy];
    const byKind = sample.rows();
    for (const kind of KIND_IDS) {
      const rows = byKind[kind];
      if (!rows) continue;
      const def = kindDef(kind);
      const workbook = newWorkbook(`${def.zh}样例（${policy}）`);
      addDataSheet(workbook, def, rows, { extras: [NOTE], dropEmpty: true, needs: needLines(kind) });
      addParamSheet(workbook, [...sample.params, ...(KIND_PARAMS[policy]?.[kind] ?? [])], POLICY_IDS);
      out.push({ policy, kind, rows, workbook });
    }
  }
  return out;
}

/** A sample beside the one-per-kind ones, at `samples/<policy>/<file>`. */
export interface ExtraSample extends Sample {
  /** Path under samples/<policy>/. */
  file: string;
}

/** samples/xining-2024/monthly/settlements.xlsx: the settlement sample as one sheet per month, with 合计 and signature rows. */
export function buildMonthlySamples(): ExtraSample[] {
  const policy = 'xining-2024';
  const sample = SAMPLES[policy];
  const rows = sample.rows().settlements ?? [];
  const workbook = monthlySettlements(policy, rows, (wb) => addParamSheet(wb, sample.params, POLICY_IDS));
  return [{ policy, kind: 'settlements', rows, workbook, file: 'monthly/settlements.xlsx' }];
}
