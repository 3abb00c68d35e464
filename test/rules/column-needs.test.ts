/**
 * Columns a rule does not use are not required (issue 14.3). Each policy's kind rules declare the columns
 * they read on some rows only (needs.ts); the row check, the template's comments and GET /api/policies are
 * derived from those declarations. A row without a date computes when nothing it reads depends on the date.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { BatchEngine, runBatch } from '../../src/engine/run.js';
import type { ColumnNeed } from '../../src/rules/needs.js';
import { kindDef } from '../../src/kinds/index.js';
import type { KindId } from '../../src/kinds/types.js';
import type { RawRow } from '../../src/kinds/validate.js';
import { RULE_SETS, ruleSet } from '../../src/rules/index.js';
import type { PolicyId } from '../../src/rules/types.js';
import { readParamSheet, resolveSettings } from '../../src/workbook/params-sheet.js';
import { locateDataSheet, readAllRows, WorkbookFile } from '../../src/workbook/reader.js';
import { call } from '../http/call.js';
import { idFor, run } from '../helpers/rows.js';

const root = path.resolve(import.meta.dirname, '../..');
const RETIREE = idFor('19580101', 123);

describe('a Xining retiree without 月养老金', () => {
  it('computes: the 60-yuan critical-illness premium on the first payment of the year, account credit 90', async () => {
    const r = await run('xining-2024', 'contributions', [{ idNumber: RETIREE, category: '退休', firstOfYear: '是', period: '2024-01' }]);
    const o = r.outcomes[0]!;
    expect(o.status, o.messages.join()).toBe('ok');
    expect([o.results['criticalIllnessFee']?.toString(), o.results['totalDue']?.toString(), o.results['personalAccount']?.toString()]).toEqual(['60', '60', '90']);
  });

  it('in Dongying the account credit reads it (5.7%, 第十八条): the row names the column, the rows and the rule', async () => {
    const r = await run('dongying-2018', 'contributions', [{ idNumber: RETIREE, category: '退休', period: '2021-01' }], { 'dongying.averageWage.monthly': '6000' });
    expect(r.outcomes[0]!.status).toBe('error');
    expect(r.outcomes[0]!.messages.join()).toBe('人员类别为「退休」时「月养老金」必填（退休人员个人账户按养老金的5.7%划入，第十八条） / 月养老金 is required when 人员类别 is 退休');
  });
});

describe('人员状态 of an employee’s settlement', () => {
  const row = { settlementId: 'A1', idNumber: idFor('19800101', 123), scheme: '职工', visitType: '住院', level: '二级', visitDate: '2021-02-03', dischargeDate: '2021-02-15', totalCost: '10000' };
  it('dongying-2018 reads no 人员状态 (one ratio for every employee): (10000 − 500) × 90% = 8550.00', async () => {
    const o = (await run('dongying-2018', 'settlements', [row])).outcomes[0]!;
    expect([o.status, o.results['fundPaid']?.toString()]).toEqual(['ok', '8550']);
  });
  it('xining-2024 reads it (在职/退休 tables): the row is an error saying why', async () => {
    const o = (await run('xining-2024', 'settlements', [{ ...row, visitDate: '2024-02-03', dischargeDate: '2024-02-15' }])).outcomes[0]!;
    expect(o.status).toBe('error');
    expect(o.messages.join()).toContain('险种为「职工」时「人员状态」必填（职工的起付线和支付比例分在职、退休');
  });
});

describe('rows without a date', () => {
  it('maternity allowance (the contract has no date column): 5000 ÷ 30 × 158 = 26333.34, no 年度 needed', async () => {
    const o = (await run('xining-2024', 'maternity-allowance', [{ idNumber: idFor('19900101', 122), unitAverageBase: '5000', leaveDays: '158' }])).outcomes[0]!;
    expect([o.status, o.results['allowance']?.toString()]).toEqual(['ok', '26333.34']);
  });

  it('a Xining retiree contribution without 所属期 computes too (nothing it reads is dated)', async () => {
    const o = (await run('xining-2024', 'contributions', [{ idNumber: RETIREE, category: '退休', firstOfYear: '是' }])).outcomes[0]!;
    expect([o.status, o.results['totalDue']?.toString()]).toEqual(['ok', '60']);
  });

  it('a row whose rules read something dated says which date columns to fill (Dongying: age at the contribution month)', async () => {
    const o = (await run('dongying-2018', 'contributions', [{ idNumber: idFor('19800101', 123), category: '在职', wage: '6000' }], { 'dongying.averageWage.monthly': '6000' })).outcomes[0]!;
    expect(o.status).toBe('error');
    expect(o.messages.join()).toMatch(/^无法确定业务日期：.*请填写「所属期」或「缴纳日期」，或在「参数」表填写「年度」/);
  });

  it('Dongying (a bounded policy) notes that its period could not be checked', async () => {
    const o = (await run('dongying-2018', 'resident-contributions', [{ idNumber: idFor('19800101', 123), paidOn: '2020-10-01', coverageYear: '2021' }], { 'dongying.resident.contribution.personal': '250', 'dongying.resident.contribution.subsidy': '550' })).outcomes[0]!;
    expect(o.status).toBe('ok'); // dated by 缴费日期: no note
    expect(o.messages.join()).not.toContain('无业务日期');
  });
});

describe('the declarations are the rules’ reads (both policies, every kind, every sample row)', () => {
  const samples = Object.values(RULE_SETS).flatMap((rs) => (Object.keys(rs.kinds) as KindId[]).map((kind) => ({ policy: rs.id, kind })))
    .filter((s) => !(s.policy === 'dongying-2018' && s.kind === 'maternity-allowance'));

  /** The sample's rows as the pipeline reads them, and its 参数 sheet's settings. */
  async function sample(policy: PolicyId, kind: KindId): Promise<{ rows: RawRow[]; opts: Parameters<typeof runBatch>[1] }> {
    const wb = await WorkbookFile.open({ path: path.join(root, 'samples', policy, `${kind}.xlsx`) });
    try {
      const ds = await locateDataSheet(wb, kind);
      const settings = resolveSettings(await readParamSheet(wb), {});
      const { rows } = await readAllRows(wb, ds);
      return { rows: rows.map((r) => r.raw), opts: { kind, ruleSet: settings.ruleSet, overrides: settings.overrides, defaultYear: settings.year } };
    } finally {
      await wb.close();
    }
  }

  it.each(samples)('$policy/$kind: a needed column is read by the row’s rules, blanking it names it; blanking any other input never reports a missing column', async ({ policy, kind }) => {
    const def = kindDef(kind);
    const { rows, opts } = await sample(policy, kind);
    const computing = (await runBatch(rows, opts)).outcomes.filter((o) => o.status !== 'error').map((o) => rows[o.index]!);
    expect(computing.length).toBeGreaterThan(3);
    const rules = ruleSet(policy).kinds[kind]!;
    let checked = 0;
    for (const raw of computing) {
      // The row as its rules see it, and every column they read while computing it.
      const engine = new BatchEngine(opts);
      const p = engine.prepare(raw, 0);
      const read = new Set<string>();
      p.row = new Proxy(p.row, { get: (t, k) => (typeof k === 'string' && read.add(k), t[k as string]) });
      engine.compute(p);
      const typed = (await runBatch([raw], opts)).outcomes[0]!.row;
      const applies = (n: ColumnNeed) => !rules.paysNothing?.(typed) && Object.entries(n.when ?? {}).every(([k, vs]) => vs.includes((typed[k] as string | undefined) ?? null));
      // Not over-declared: a need that applies to the row is a column its rules read.
      for (const n of (rules.needs ?? []).filter((x) => !x.computed && applies(x))) expect(n.columns.some((k) => read.has(k)), `${policy}/${kind}: ${n.columns.join('|')} declared, not read`).toBe(true);
      for (const key of Object.keys(raw)) {
        const c = def.inputs.find((x) => x.key === key)!;
        if (c.identityOnly) continue;
        const { [key]: _gone, ...blanked } = raw;
        const o = (await runBatch([blanked], opts)).outcomes[0]!;
        expect(o.messages.join(), `${policy}/${kind} ${key}`).not.toContain('内部错误'); // an undeclared read fails loudly
        const missing = o.messages.some((m) => m.includes(`「${c.zh}」`) && /必填|须填写/.test(m));
        const declared = (computed: boolean) => (rules.needs ?? []).some((n) => !!n.computed === computed && n.columns.includes(key) && n.columns.every((k) => k === key || raw[k] === undefined) && applies(n));
        if (c.required || declared(false)) expect(o.status === 'error' && missing, `${policy}/${kind} ${key}: ${o.messages.join()}`).toBe(true);
        else if (!declared(true)) expect(missing, `${policy}/${kind} ${key} is not needed but: ${o.messages.join()}`).toBe(false);
        checked += 1; // int
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('what each policy needs is said where users look', () => {
  it('GET /api/policies lists, per policy and kind, the columns always needed and those needed on some rows', async () => {
    const j = (await call('GET', '/api/policies')).json();
    const xn = j.policies.find((p: { id: string }) => p.id === 'xining-2024');
    const dy = j.policies.find((p: { id: string }) => p.id === 'dongying-2018');
    expect(xn.columns.contributions.always).toEqual(['idNumber', 'category']);
    expect(xn.columns.contributions.when.map((n: { columns: string[] }) => n.columns[0])).toEqual(['wage', 'employerType', 'flexibleRate']);
    expect(dy.columns.contributions.when.map((n: { columns: string[] }) => n.columns.join('|'))).toEqual(['wage', 'pension', 'chosenBase|wage']);
    expect(xn.columns.settlements.when[0]).toMatchObject({ columns: ['employmentStatus'], when: { scheme: ['职工'] }, text: expect.stringContaining('人员状态') });
    expect(dy.columns.settlements.when.map((n: { columns: string[] }) => n.columns[0])).not.toContain('employmentStatus');
  });

  it('the contributions template’s 月养老金 comment says Dongying needs it for retirees, and nothing of Xining', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path.join(root, 'templates/contributions.xlsx')) as unknown as ArrayBuffer);
    const header = wb.worksheets[0]!.getRow(1);
    const note = (zh: string) => {
      let text = '';
      header.eachCell((c) => {
        if (c.value === zh) text = typeof c.note === 'string' ? c.note : (c.note as { texts: { text: string }[] }).texts.map((t) => t.text).join('');
      });
      return text;
    };
    expect(note('月养老金')).toContain('东营：人员类别为「退休」时必填（退休人员个人账户按养老金的5.7%划入，第十八条）');
    expect(note('月养老金')).not.toContain('西宁');
    expect(note('缴费工资')).toContain('西宁：人员类别为「在职」时必填');
    expect(note('缴费工资')).toContain('东营：人员类别为「在职」或「失业」时必填');
  });
});
