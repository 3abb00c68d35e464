/**
 * Writes samples/<policy>/<kind>.xlsx (`npm run samples`): realistic batches per policy and kind with the
 * handbook's worked examples and deliberately wrong rows (marked in 备注). Deterministic: a seeded PRNG
 * and fixed workbook dates, so regenerating gives the same content.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { kindDef } from '../src/kinds/index.js';
import { KIND_IDS, type KindId } from '../src/kinds/types.js';
import { POLICY_IDS } from '../src/rules/index.js';
import type { PolicyId } from '../src/rules/types.js';
import { AVERAGE_WAGE_LINE, POLICY_LINE, YEAR_LINE } from '../src/templates/build.js';
import { addDataSheet, addParamSheet, newWorkbook, type ParamLine, type SheetRow } from '../src/templates/sheet.js';
import { DONGYING_EXAMPLE_AVERAGE_WAGE, dongyingSamples } from './samples/dongying.js';
import { NOTE } from './samples/fixtures.js';
import { xiningSamples } from './samples/xining.js';
import { repoRoot } from './repo-root.js';

const SAMPLES: Record<PolicyId, { rows: Partial<Record<KindId, SheetRow[]>>; params: ParamLine[] }> = {
  'xining-2024': {
    rows: xiningSamples(20240801),
    params: [
      { ...POLICY_LINE, value: 'xining-2024' },
      { ...YEAR_LINE, value: 2024 },
    ],
  },
  'dongying-2018': {
    rows: dongyingSamples(20180401),
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

export async function writeSamples(root: string): Promise<string[]> {
  const written: string[] = [];
  for (const policy of POLICY_IDS) {
    const sample = SAMPLES[policy];
    const dir = path.join(root, 'samples', policy);
    await mkdir(dir, { recursive: true });
    for (const kind of KIND_IDS) {
      const rows = sample.rows[kind];
      if (!rows) continue;
      const def = kindDef(kind);
      const wb = newWorkbook(`${def.zh}样例（${policy}）`);
      addDataSheet(wb, def, rows, { extras: [NOTE], dropEmpty: true });
      addParamSheet(wb, sample.params, POLICY_IDS);
      const file = path.join(dir, `${kind}.xlsx`);
      await writeFile(file, Buffer.from(await wb.xlsx.writeBuffer()));
      written.push(file);
    }
  }
  return written;
}

for (const file of await writeSamples(repoRoot())) console.log(`wrote ${path.relative(process.cwd(), file)}`);
