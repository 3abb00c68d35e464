/**
 * Headers as finance clerks and HIS exports write them (issue 15.1, 15.2, 15.5, 15.6): aliases read, every
 * other header reported, a rule-like one warned on every row, result headers never repeated, messages in
 * the sheet's own words, and JSON/CSV that keep the user's columns.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSamples } from '../../scripts/samples/build.js';
import { KINDS } from '../../src/kinds/index.js';
import { KIND_IDS, type KindId } from '../../src/kinds/types.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { InputError } from '../../src/pipeline/types.js';
import { matchHeader } from '../../src/workbook/headers.js';
import { resultHeadersFor, warnsAsRuleInput } from '../../src/workbook/sheet-columns.js';
import { idFor } from '../helpers/rows.js';
import { parseCsv } from './helpers.js';
import { byHeader, type Cell, d, exportBook, headerRow, processed, records } from './exports.js';

const P = idFor('19790618', 123);
const Q = idFor('19800101', 246);

/** The handbook's 张某 (二(二)4(1)): 7959.12 total, 258 全自费, 170.75 乙类自付, 二级, first admission. */
const ZHANG: Cell[] = ['S1', P, '职工', '在职', '住院', '二级', d('2024-02-03'), d('2024-02-15'), 7959.12, 258, 170.75];
const HANDBOOK_BASIS = '起付线550(二(二)4(1)·二级·年度第1次)；(7959.12-258-170.75-550)×80%=5584.30(二(二)4(1))';

describe('15.1: 总费用 · 自费 · 乙类自付 (a real HIS export)', () => {
  const HEADERS = ['结算号', '身份证号码', '险种', '人员类别', '就诊类型', '医院级别', '入院日期', '出院日期', '总费用', '自费', '乙类自付'];

  it('reproduces the handbook to the fen: (7959.12-258-170.75-550)×80% = 5584.30, 成功', async () => {
    const { res, wb } = await processed(await exportBook([{ name: '结算', rows: [HEADERS, ZHANG] }], 'xining-2024'));
    const ws = wb.getWorksheet('结算')!;
    expect(byHeader(ws, 1, 2, '统筹基金支付')).toBe('5584.30');
    expect(byHeader(ws, 1, 2, '政策范围内费用')).toBe('7530.37');
    expect(byHeader(ws, 1, 2, '个人负担')).toBe('2374.82');
    expect(byHeader(ws, 1, 2, '状态')).toBe('成功');
    expect(byHeader(ws, 1, 2, '计算依据')).toBe(HANDBOOK_BASIS);
    expect(res.unusedColumns).toEqual([]);
  });

  it('breakdown columns (药品费, 检查费, 床位费, 科室, 备注) are listed, not warned: still 成功', async () => {
    const extra = ['药品费', '检查费', '床位费', '科室', '备注'];
    const { res, wb } = await processed(await exportBook([{ name: '结算', rows: [[...HEADERS, ...extra], [...ZHANG, 3000, 800, 600, '内科', '手册案例']] }], 'xining-2024'));
    expect(byHeader(wb.getWorksheet('结算')!, 1, 2, '状态')).toBe('成功');
    expect(byHeader(wb.getWorksheet('结算')!, 1, 2, '统筹基金支付')).toBe('5584.30');
    expect(res.unusedColumns.map((u) => [u.header, u.cell, u.warned])).toEqual([
      ['药品费', 'L1', false],
      ['检查费', 'M1', false],
      ['床位费', 'N1', false],
      ['科室', 'O1', false],
      ['备注', 'P1', false],
    ]);
    const summary = wb.getWorksheet('汇总')!;
    const listed: string[] = [];
    summary.eachRow((row) => {
      if (row.getCell(2).value === '结算' && row.getCell(3).value) listed.push(`${String(row.getCell(1).value)}@${String(row.getCell(3).value)}`);
    });
    expect(listed).toEqual(['药品费@L1', '检查费@M1', '床位费@N1', '科室@O1', '备注@P1']);
  });

  it('a header that looks like a rule input and is not read makes every row 警告 naming it', async () => {
    const rows = [[...HEADERS, '个人自负金额'], [...ZHANG, 100], ['S2', Q, '职工', '在职', '普通门诊', '三级', d('2024-03-11'), null, 300, 0, 0, 0]];
    const { res, wb } = await processed(await exportBook([{ name: '结算', rows }], 'xining-2024'));
    const ws = wb.getWorksheet('结算')!;
    for (const r of [2, 3]) {
      expect(byHeader(ws, 1, r, '状态')).toBe('警告');
      expect(byHeader(ws, 1, r, '提示')).toContain('列「个人自负金额」未被识别，未参与计算');
    }
    // The amounts are still computed as the known columns say.
    expect(byHeader(ws, 1, 2, '统筹基金支付')).toBe('5584.30');
    expect(res.summary.byStatus).toEqual({ ok: 0, warning: 2, error: 0 });
    expect(res.unusedColumns).toEqual([{ sheet: '结算', cell: 'L1', col: 12, header: '个人自负金额', warned: true }]);
  });

  it('which unknown headers are warned: rule-input words, or resembling a column a rule reads; not results, not breakdowns', () => {
    const s = KINDS.settlements;
    for (const h of ['个人自付', '统筹金额', '起付标准', '报销比例', '人员状态码', '待遇类别', '本次出院日期', '病种名称', '费用']) expect(warnsAsRuleInput(s, h), h).toBe(true);
    for (const h of ['药品费', '检查费', '床位费', '科室', '备注', '起付线', '个人负担', '大病保险支付', '姓名拼音']) expect(warnsAsRuleInput(s, h), h).toBe(false);
  });
});

describe('15.1: renaming a required or rule-input column never yields 成功 (property)', () => {
  const samples = buildSamples().filter((s) => s.policy === 'xining-2024');
  /** Per kind: a sample row that computes 成功 as it is, and the columns it fills. */
  const good = new Map<KindId, { row: Record<string, unknown>; keys: string[] }>();

  async function run(kind: KindId, headers: string[], values: Cell[]) {
    try {
      const res = await processWorkbook({ source: { bytes: await exportBook([{ name: 'S', rows: [headers, values] }], 'xining-2024') }, kind, format: 'json' });
      return records(res).map((r) => r['status']);
    } catch (e) {
      // A required header renamed away: the file is refused (no row at all, so none 成功).
      if (e instanceof InputError && e.code === 'missing-headers') return [];
      throw e;
    }
  }

  /** A sample value as a user's cell holds it (as the sample workbooks write it: src/templates/sheet.ts). */
  const cellOf = (kind: KindId, key: string, v: unknown): Cell => {
    const type = KINDS[kind].inputs.find((c) => c.key === key)!.type;
    if (typeof v !== 'string') return v as Cell;
    if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return d(v);
    if ((type === 'money' || type === 'decimal' || type === 'int') && /^\d+(\.\d+)?$/.test(v)) return Number(v);
    return v;
  };

  it('finds a 成功 row for every kind first', async () => {
    for (const kind of KIND_IDS) {
      const def = KINDS[kind];
      for (const row of samples.find((s) => s.kind === kind)!.rows) {
        if (String(row['note'] ?? '').startsWith('故意错误')) continue;
        const keys = def.inputs.filter((c) => row[c.key] !== undefined && row[c.key] !== '').map((c) => c.key);
        const statuses = await run(kind, keys.map((k) => def.inputs.find((c) => c.key === k)!.zh), keys.map((k) => cellOf(kind, k, row[k])));
        if (statuses[0] === 'ok') {
          good.set(kind, { row, keys });
          break;
        }
      }
      expect(good.has(kind), kind).toBe(true);
    }
  }, 120_000);

  it('a renamed column (prefix/suffix around its name or an alias) gives 警告 or 错误, or refuses the file', async () => {
    const arb = fc.record({
      kind: fc.constantFrom(...KIND_IDS),
      column: fc.nat(),
      name: fc.nat(),
      prefix: fc.constantFrom('', '本次', '实际', '原', 'HIS'),
      suffix: fc.constantFrom('', '信息', '名称', '值', '数据', '项'),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ kind, column, name, prefix, suffix }) => {
        const def = KINDS[kind];
        const { row, keys } = good.get(kind)!;
        const candidates = keys.filter((k) => {
          const c = def.inputs.find((x) => x.key === k)!;
          return c.required || !c.echoOnly;
        });
        const key = candidates[column % candidates.length]!;
        const col = def.inputs.find((c) => c.key === key)!;
        const names = [col.zh, ...(col.aliases ?? [])];
        const renamed = `${prefix}${names[name % names.length]}${suffix}`;
        fc.pre(matchHeader(def, renamed) === undefined);
        const headers = keys.map((k) => (k === key ? renamed : def.inputs.find((c) => c.key === k)!.zh));
        const statuses = await run(kind, headers, keys.map((k) => cellOf(kind, k, row[k])));
        expect(statuses.includes('ok'), `${kind}: ${col.zh} → ${renamed}`).toBe(false);
      }),
      { numRuns: 120, seed: 1501 },
    );
  }, 240_000);
});

describe('15.2: input columns named like result columns', () => {
  const HIS = ['结算号', '身份证号', '险种', '人员状态', '就诊类型', '医院等级', '入院日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额', '统筹基金支付', '个人负担'];

  it("reads a hospital's own 统筹基金支付 as 医院计算统筹支付 (差异 computed) and appends ours under a distinct name", async () => {
    const bytes = await exportBook([{ name: 'HIS', rows: [HIS, [...ZHANG, 5584, 2375.12]] }], 'xining-2024');
    const { res, wb } = await processed(bytes);
    const ws = wb.getWorksheet('HIS')!;
    const heads = headerRow(ws, 1);
    expect(heads.slice(0, 13)).toEqual(HIS);
    expect(heads).toContain('统筹基金支付（医保计算）');
    expect(heads).toContain('个人负担（医保计算）');
    expect(new Set(heads).size).toBe(heads.length);
    expect(byHeader(ws, 1, 2, '统筹基金支付（医保计算）')).toBe('5584.30');
    expect(byHeader(ws, 1, 2, '差异')).toBe('0.30');
    expect(byHeader(ws, 1, 2, '个人负担（医保计算）')).toBe('2374.82');
    // The hospital's own values stay as they were; its 个人负担 is listed, not warned (a result, not an input).
    expect(byHeader(ws, 1, 2, '统筹基金支付')).toBe('5584.00');
    expect(res.unusedColumns.map((u) => [u.header, u.warned])).toEqual([['个人负担', false]]);
    expect(byHeader(ws, 1, 2, '状态')).toBe('成功');

    // Processed again, the result replaces its own block: same headers, same values, no third copy.
    const again = await processed(res.body!);
    const ws2 = again.wb.getWorksheet('HIS')!;
    expect(headerRow(ws2, 1)).toEqual(heads);
    expect(byHeader(ws2, 1, 2, '统筹基金支付（医保计算）')).toBe('5584.30');
    expect(byHeader(ws2, 1, 2, '差异')).toBe('0.30');
  });

  it('an HR sheet with 缴费基数: read as 缴费工资, the 核定 base appended as 缴费基数（医保计算）', async () => {
    const rows = [['身份证号', '姓名', '人员类别', '缴费基数', '单位类型', '年度首次缴费', '所属期'], [Q, '测试', '在职', 6000, '企业', '否', '2024-03']];
    const { wb } = await processed(await exportBook([{ name: '缴费', rows }], 'xining-2024'));
    const ws = wb.getWorksheet('缴费')!;
    expect(byHeader(ws, 1, 2, '缴费基数（医保计算）')).toBe('6000.00');
    expect(byHeader(ws, 1, 2, '单位缴费')).toBe('360.00'); // 6000×6% (二(一)2(1))
    expect(byHeader(ws, 1, 2, '个人缴费')).toBe('120.00');
    expect(byHeader(ws, 1, 2, '状态')).toBe('成功');
  });

  it.each(KIND_IDS)('%s: no output has two columns with the same header, whatever result names the sheet already has', async (kind) => {
    const def = KINDS[kind];
    const inputs = def.inputs.filter((c) => c.required).map((c) => c.zh);
    const results = resultHeadersFor(def, []);
    const heads = [...inputs, ...results.filter((h) => !matchHeader(def, h))];
    const { wb } = await processed(await exportBook([{ name: 'S', rows: [heads, heads.map(() => null)] }], 'xining-2024'), { kind });
    const out = headerRow(wb.getWorksheet('S')!, 1);
    expect(new Set(out).size, out.join(',')).toBe(out.length);
  });
});

describe('15.5: messages name the header the sheet has', () => {
  it('a bad date under 入院日期 is named 入院日期 (not 就诊日期); a blank required 总费用 is named 总费用', async () => {
    const rows = [
      ['结算号', '身份证号', '险种', '人员状态', '就诊类型', '医院等级', '入院日期', '出院日期', '总费用'],
      ['S1', P, '职工', '在职', '住院', '二级', '2024-13-45', d('2024-02-15'), 1000],
      ['S2', P, '职工', '在职', '普通门诊', '二级', d('2024-03-01'), null, null],
    ];
    const { res } = await processed(await exportBook([{ name: '结算', rows }], 'xining-2024'), { format: 'json' });
    const [a, b] = records(res);
    expect(String(a!['messages'])).toContain('列「入院日期」的值「2024-13-45」不是有效日期');
    expect(String(a!['messages'])).not.toContain('就诊日期');
    expect(String(b!['messages'])).toContain('缺少必填列「总费用」的值');
  });
});

describe('15.6: JSON and CSV keep the user’s columns', () => {
  const rows = [
    ['结算号', '身份证号', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额', '科室', '个人负担', 'status'],
    [...ZHANG, '内科', 2375.12, '已审'],
  ];

  it('JSON: other columns under their header text, a colliding one suffixed; sheet named; fixed keys unchanged', async () => {
    const bytes = await exportBook([{ name: '二月', rows }], 'xining-2024');
    const en = records((await processed(bytes, { format: 'json' })).res)[0]!;
    expect(en).toMatchObject({ row: 2, settlementId: 'S1', fundPaid: 5584.3, status: 'ok', sheet: '二月', 科室: '内科', 个人负担: 2375.12, 'status（原表）': '已审' });
    const zh = records((await processed(bytes, { format: 'json', headers: 'zh' })).res)[0]!;
    expect(zh).toMatchObject({ 行号: 2, 统筹基金支付: 5584.3, 个人负担: 2374.82, '个人负担（原表）': 2375.12, 状态: '成功', 工作表: '二月', 科室: '内科', status: '已审' });
  });

  it('CSV: the same columns after the fixed ones', async () => {
    const res = (await processed(await exportBook([{ name: '二月', rows }], 'xining-2024'), { format: 'csv' })).res;
    const [head, first] = parseCsv(res.body!.toString('utf8').replace(/^\uFEFF/, ''));
    expect(head!.slice(-5)).toEqual(['basis', 'sheet', '科室', '个人负担', 'status（原表）']);
    expect(first!.slice(-4)).toEqual(['二月', '内科', '2375.12', '已审']);
  });
});
