/** What a template holds: the column table's headers, styles, comments, validations, examples, 参数 sheet. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkRow } from '../../src/kinds/checks.js';
import { kindDef } from '../../src/kinds/index.js';
import { KIND_IDS } from '../../src/kinds/types.js';
import { validateRow } from '../../src/kinds/validate.js';
import { templateBuffer } from '../../src/templates/build.js';
import { FIXED_DATE, VALIDATION_ROWS, validations } from '../../src/templates/sheet.js';
import { readSheetRows } from './sheet-rows.js';

async function load(kind: (typeof KIND_IDS)[number]) {
  const bytes = await templateBuffer(kind);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return { bytes, wb };
}

describe.each(KIND_IDS)('template %s', (kind) => {
  const def = kindDef(kind);

  it('has exactly the column table’s Chinese headers, required ones styled apart, each with its help as a comment', async () => {
    const { wb } = await load(kind);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe(def.zh);
    const header = ws.getRow(1);
    expect(def.inputs.map((_c, i) => header.getCell(i + 1).value)).toEqual(def.inputs.map((c) => c.zh));
    expect(header.getCell(def.inputs.length + 1).value ?? null).toBeNull();
    const fillOf = (i: number) => JSON.stringify(header.getCell(i + 1).fill);
    const req = def.inputs.flatMap((c, i) => (c.required ? [fillOf(i)] : []));
    const opt = def.inputs.flatMap((c, i) => (c.required ? [] : [fillOf(i)]));
    expect(new Set(req).size).toBe(1);
    expect(new Set(opt).size).toBe(1);
    expect(req[0]).not.toBe(opt[0]);
    def.inputs.forEach((c, i) => {
      const note = header.getCell(i + 1).note;
      const text = typeof note === 'string' ? note : (note?.texts ?? []).map((t) => t.text).join('');
      expect(text).toContain(c.help);
      if (c.required) expect(text).toContain('必填');
    });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(wb.created.toISOString()).toBe(FIXED_DATE.toISOString());
  });

  it('offers every enumeration’s canonical values as a drop-down list', async () => {
    const { wb } = await load(kind);
    const ws = wb.worksheets[0]!;
    const model = validations(ws).model;
    def.inputs.forEach((c, i) => {
      const cell = ws.getRow(2).getCell(i + 1).address;
      const last = ws.getRow(VALIDATION_ROWS + 1).getCell(i + 1).address;
      if (c.type !== 'enum') return;
      for (const a of [cell, last]) {
        const dv = model[a];
        expect(dv?.type, `${c.zh} ${a}`).toBe('list');
        expect(dv?.formulae?.[0]).toBe(`"${c.options!.map((o) => o.value).join(',')}"`);
      }
    });
  });

  it('has 2–3 example rows that pass validation, and a 参数 sheet with 政策 and 年度 left empty', async () => {
    const { bytes, wb } = await load(kind);
    const { rows, params } = await readSheetRows(bytes, def);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.length).toBeLessThanOrEqual(3);
    for (const raw of rows) {
      const { row, issues } = validateRow(def, raw);
      expect([...issues, ...checkRow(kind, row)].filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([]);
    }
    const ps = wb.getWorksheet('参数')!;
    expect([ps.getRow(1).getCell(1).value, ps.getRow(1).getCell(2).value]).toEqual(['参数', '值']);
    expect(params.has('政策')).toBe(true);
    expect(params.get('政策') ?? null).toBeNull();
    expect(params.has('年度')).toBe(true);
  });
});
