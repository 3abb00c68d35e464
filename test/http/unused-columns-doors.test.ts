/**
 * Unused columns and skipped rows reach every door (issue 15.1, 14.1): the HTTP answer's headers (non-ASCII
 * header text percent-encoded), the CLI's stderr, and ProcessResult (which the job state carries).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_UNUSED_IN_HEADER, unusedColumnsHeader } from '../../src/http/process.js';
import { assertBuilt, yibao } from '../cli/run-cli.js';
import { idFor } from '../helpers/rows.js';
import { d, exportBook } from '../workbook/exports.js';
import { call } from './call.js';

const P = idFor('19790618', 123);
const rows = [
  ['结算号', '身份证号', '险种', '人员状态', '就诊类型', '医院等级', '入院日期', '出院日期', '总费用', '自费', '乙类自付', '药品费', '个人自负, 金额'],
  ['S1', P, '职工', '在职', '住院', '二级', d('2024-02-03'), d('2024-02-15'), 7959.12, 258, 170.75, 3000, 10],
  [],
  ['合计', null, null, null, null, null, null, null, 7959.12],
];

describe('POST /api/{kind}: x-yibao-unused-columns and x-yibao-skipped', () => {
  it('lists the unused headers percent-encoded (UTF-8), comma-separated; counts the skipped rows', async () => {
    const r = await call('POST', '/api/settlements?policy=xining-2024&format=json', { body: await exportBook([{ name: '结算', rows }]) });
    expect(r.status).toBe(200);
    const raw = r.headers['x-yibao-unused-columns']!;
    expect(raw).toMatch(/^[\x21-\x7e]+$/); // ASCII only
    expect(raw.split(',').map(decodeURIComponent)).toEqual(['药品费', '个人自负, 金额']);
    expect(r.headers['x-yibao-skipped']).toBe('1');
    expect(r.headers['x-yibao-warnings']).toBe('1'); // 个人自负 looks like a rule input
    expect(r.json()[0]).toMatchObject({ fundPaid: 5584.3, status: 'warning' });
  });

  it('no unused header: no x-yibao-unused-columns; a long list is cut with an encoded …', async () => {
    const clean = await call('POST', '/api/settlements?policy=xining-2024&format=json', { body: await exportBook([{ name: '结算', rows: rows.map((r) => r.slice(0, 11)) }]) });
    expect(clean.headers['x-yibao-unused-columns']).toBeUndefined();
    const many = Array.from({ length: MAX_UNUSED_IN_HEADER + 5 }, (_, i) => ({ sheet: 's', cell: `A${i}`, col: i, header: `列${i}`, warned: false }));
    const parts = unusedColumnsHeader(many).split(',').map(decodeURIComponent);
    expect(parts).toHaveLength(MAX_UNUSED_IN_HEADER + 1);
    expect(parts.at(-1)).toBe('…');
  });
});

describe('yibao process: unused columns and uncomputed sheets on stderr', () => {
  beforeAll(() => assertBuilt());

  it('prints them (with their cells) and the warning, even with --quiet', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yibao-unused-'));
    const file = path.join(dir, 'export.xlsx');
    writeFileSync(file, await exportBook([{ name: '结算', rows }, { name: '3月', rows: [rows[0]!.filter((h) => h !== '医院等级')] }], 'xining-2024'));
    const r = yibao(['process', file, '--out', path.join(dir, 'out.xlsx'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('未使用的列 / unused columns: 「药品费」(结算!L1)、「个人自负, 金额」(结算!M1)');
    expect(r.stderr).toContain('警告：「个人自负, 金额」 像是计算所需的列却未被识别');
    expect(r.stderr).toContain('工作表「3月」第1行缺少 医院等级，未计算');
    const loud = yibao(['process', file, '--out', path.join(dir, 'out2.xlsx')]);
    expect(loud.stdout.toString()).toContain('跳过 1');
  });
});
