/**
 * The column tables' names and aliases (issue 15.1): the headers clerks actually use are known, and no name
 * means two things where that would be ambiguous.
 */
import { describe, expect, it } from 'vitest';
import { KINDS, resultColumns } from '../../src/kinds/index.js';
import { KIND_IDS } from '../../src/kinds/types.js';
import { matchHeader, normalizeHeader } from '../../src/workbook/headers.js';

/** Every name (header, alias, English key) a column answers to, normalised. */
function names(c: { zh: string; key: string; aliases?: readonly string[] }): string[] {
  return [c.zh, ...(c.aliases ?? []), c.key].map(normalizeHeader);
}

describe('aliases people use', () => {
  const cases: [string, string, string][] = [
    ['settlements', '自费', 'fullySelfPaid'],
    ['settlements', '全自费', 'fullySelfPaid'],
    ['settlements', '完全自费', 'fullySelfPaid'],
    ['settlements', '全自费金额', 'fullySelfPaid'],
    ['settlements', '先行自付', 'classBSelfPay'],
    ['settlements', '乙类先行自付', 'classBSelfPay'],
    ['settlements', '乙类自付', 'classBSelfPay'],
    ['settlements', '医疗费总额', 'totalCost'],
    ['settlements', '费用总额', 'totalCost'],
    ['settlements', '医疗费用总额', 'totalCost'],
    ['settlements', '总费用', 'totalCost'],
    ['settlements', '医院级别', 'level'],
    ['settlements', '机构等级', 'level'],
    ['settlements', '身份证号码', 'idNumber'],
    ['settlements', '结算单号', 'settlementId'],
    ['settlements', '结算流水号', 'settlementId'],
    ['settlements', '人员类别', 'employmentStatus'],
    ['settlements', '统筹基金支付', 'hisFundPaid'],
    ['contributions', '缴费基数', 'wage'],
    ['contributions', '身份证号码', 'idNumber'],
    ['resident-contributions', '身份证号码', 'idNumber'],
    ['retirement-supplement', '身份证号码', 'idNumber'],
    ['maternity-allowance', '身份证号码', 'idNumber'],
    ['account-refund', '身份证号码', 'idNumber'],
  ];
  it.each(cases)('%s: 「%s」 is %s', (kind, header, key) => {
    expect(matchHeader(KINDS[kind as keyof typeof KINDS], header)?.key).toBe(key);
    // With a unit and full-width spaces as exports write them.
    expect(matchHeader(KINDS[kind as keyof typeof KINDS], ` ${header}（元）`)?.key).toBe(key);
  });
});

describe('no name means two things', () => {
  it.each(KIND_IDS)('%s: every header, alias and key names one input column', (id) => {
    const owner = new Map<string, string>();
    for (const c of KINDS[id].inputs) {
      for (const n of new Set(names(c))) {
        expect(owner.get(n), `「${n}」 is ${owner.get(n)} and ${c.key}`).toBeUndefined();
        owner.set(n, c.key);
      }
    }
  });

  it.each(KIND_IDS)('%s: every enumeration value, code and alias names one value', (id) => {
    for (const c of KINDS[id].inputs) {
      const owner = new Map<string, string>();
      for (const o of c.options ?? []) {
        for (const t of new Set([o.value, ...(o.code !== undefined ? [o.code] : []), ...(o.aliases ?? [])].map((x) => x.replace(/\s/g, '').toLowerCase()))) {
          expect(owner.get(t), `${c.key}: 「${t}」 is ${owner.get(t)} and ${o.value}`).toBeUndefined();
          owner.set(t, o.value);
        }
      }
    }
  });

  /**
   * A name that is an input in one kind and another column in another is fine (the kind is chosen per
   * sheet) when it means the same thing there; these are the ones that do not, each on purpose.
   */
  const ACROSS_KINDS: Record<string, string> = {
    // HIS exports call a settlement's 在职/退休/灵活就业 人员类别; HR sheets' 人员类别 is the same idea, keyed by kind.
    人员类别: 'contributions.category account-refund.category settlements.employmentStatus',
    人员类型: 'contributions.category settlements.employmentStatus',
  };
  it('across kinds: a name means one key, except the listed ones', () => {
    const keys = new Map<string, Set<string>>();
    for (const id of KIND_IDS) for (const c of KINDS[id].inputs) for (const n of names(c)) keys.set(n, (keys.get(n) ?? new Set()).add(`${id}.${c.key}`));
    const clashes = [...keys].filter(([, ks]) => new Set([...ks].map((k) => k.split('.')[1])).size > 1);
    expect(Object.fromEntries(clashes.map(([n, ks]) => [n, [...ks].sort().join(' ')]))).toEqual(
      Object.fromEntries(Object.entries(ACROSS_KINDS).map(([n, ks]) => [normalizeHeader(n), ks.split(' ').sort().join(' ')])),
    );
  });

  /** An input named like a result of its own kind: read as the input, and the result appended under a distinct name (issue 15.2). */
  const LIKE_RESULTS: Record<string, string> = {
    'settlements.统筹基金支付': 'hisFundPaid', // a HIS export's own fund payment: compared in 差异
    'contributions.缴费基数': 'wage', // HR's declared monthly base; the result is the base after floor and ceiling
  };
  it('an input alias equal to a result header of its kind is one of the listed ones', () => {
    const found: Record<string, string> = {};
    for (const id of KIND_IDS) {
      for (const r of resultColumns(KINDS[id])) {
        const c = matchHeader(KINDS[id], r.zh);
        if (c) found[`${id}.${r.zh}`] = c.key;
      }
    }
    expect(found).toEqual(LIKE_RESULTS);
  });
});
