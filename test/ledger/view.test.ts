/**
 * A person-year as people read it (`yibao ledger show`, GET /api/ledger/…): every year-to-date accumulator
 * the rules keep has a Chinese label citing the articles it serves, and its value as an amount, a count or
 * 是/否 — never the internal name alone.
 */
import { describe, expect, it } from 'vitest';
import { formatPersonYear } from '../../src/cli/summary-print.js';
import { MemoryLedger } from '../../src/ledger/memory.js';
import { showPersonYear } from '../../src/ledger/view.js';
import { ruleSet } from '../../src/rules/index.js';
import { ACC as DONGYING } from '../../src/rules/dongying-2018/settlements/shared.js';
import { ACC as XINING } from '../../src/rules/xining-2024/settlements/accumulators.js';
import type { PolicyId } from '../../src/rules/types.js';
import { testKey } from '../helpers/ledger.js';
import { idFor } from '../helpers/rows.js';
import { records, workbook } from './helpers.js';
import { generateYear, YEAR_HEADERS } from './year-data.js';

describe('yibao ledger show: the year-to-date state as a clerk reads it', () => {
  it('every accumulator name of both rule sets has a Chinese label and parameters that exist', () => {
    const cases: [PolicyId, string[]][] = [
      ['xining-2024', [...Object.values(XINING), 'xining.disease.class2.高血压', 'xining.disease.twoDiseases.糖尿病']],
      ['dongying-2018', [...Object.values(DONGYING).filter((v) => typeof v === 'string'), ...[1, 2, 3, 4].map((q) => DONGYING.chronicDeductible(q))]],
    ];
    for (const [policy, names] of cases) {
      const rules = ruleSet(policy);
      const hooks = rules.kinds.settlements!.ledger!;
      for (const name of names) {
        const l = hooks.accumulator!(name);
        expect(l, name).toBeDefined();
        expect(l!.zh, name).toMatch(/^[\u4e00-\u9fff]/);
        for (const id of l!.params) expect(rules.params.some((p) => p.id === id), `${name}: parameter ${id}`).toBe(true);
      }
    }
  });

  it('a generated year of each city: every accumulator shown by its label, with the articles', async () => {
    for (const [city, policy, year] of [['xining', 'xining-2024', 2024], ['dongying', 'dongying-2018', 2021]] as const) {
      const data = generateYear(city, 40, city === 'xining' ? 11 : 12);
      const ledger = new MemoryLedger();
      // The text gives no Dongying resident outpatient ratio (RULES.md): set, so those rows compute.
      await records(await workbook(YEAR_HEADERS, data.rows), { policy, ledger, ...(city === 'dongying' ? { overrides: { 'dongying.resident.outpatient.ratio': '0.5' } } : {}) });
      let shown = 0;
      for (const id of new Set(data.ids)) {
        const v = await showPersonYear(ledger, testKey(), policy, year, id);
        const book = v.books[0]!;
        expect(book.ytd.map((t) => t.name)).toEqual(Object.keys(book.totals));
        for (const t of book.ytd) {
          expect(t.label, t.name).not.toBe(t.name);
          if (!/年度累计统筹支付/.test(t.label)) expect(t.label, t.name).toMatch(/（[^（）]*(第[一二三四五六七八九十]+条|[一二]\(二\)|八7)[^（）]*）$/);
        }
        const text = formatPersonYear(v);
        expect(text).not.toMatch(/(xining|dongying)\.[a-z]/);
        shown += book.ytd.length;
      }
      expect(shown).toBeGreaterThan(100);
    }
  });

  it('two Xining stays of one employee: admissions, the cap and year-to-date figures, by label and value', async () => {
    const ledger = new MemoryLedger();
    const A = idFor('19800101', 123);
    const H = ['结算号', '身份证号', '姓名', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额'];
    // (10000 − 750) × 75% = 6,937.50, then (10000 − 650) × 75% = 7,012.50: 13,950.00 in the year.
    await records(await workbook(H, [['J1', A, '张三', '职工', '在职', '住院', '三级', '2024-01-03', '2024-01-10', 10000, 0, 0], ['F1', A, '张三', '职工', '在职', '住院', '三级', '2024-02-03', '2024-02-10', 10000, 0, 0]]), { policy: 'xining-2024', ledger });
    const text = formatPersonYear(await showPersonYear(ledger, testKey(), 'xining-2024', 2024, A));
    expect(text).toContain('    职工本年住院次数（定起付标准的次序）（二(二)4(1)、八7）：2\n');
    expect(text).toContain('    职工住院及特殊药品统筹基金支付累计（计入年度最高支付限额）（二(二)4(1)）：13950.00\n');
    expect(text).toContain('    年度累计统筹支付（本年各项统筹基金支付合计）：13950.00\n');
  });
});
