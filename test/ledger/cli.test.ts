/** The ledger on the command line: --ledger, --ledger-mode peek, `yibao ledger show`, and what is refused (exit 2). */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt, ROOT } from '../cli/run-cli.js';
import { idFor } from '../helpers/rows.js';
import { TEST_KEY_HEX, useLedgerStores } from '../helpers/ledger.js';
import { workbook } from './helpers.js';

const stores = useLedgerStores();
const H = ['结算号', '身份证号', '姓名', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额'];
const A = idFor('19800101', 123);

/** `key`: YIBAO_LEDGER_KEY for the run (null: unset). */
function yibao(args: string[], key: string | null = TEST_KEY_HEX) {
  const env: NodeJS.ProcessEnv = { ...process.env, YIBAO_LOG_LEVEL: 'error' };
  delete env['YIBAO_LEDGER_KEY'];
  delete env['YIBAO_LEDGER'];
  if (key !== null) env['YIBAO_LEDGER_KEY'] = key;
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'yibao.js'), ...args], { cwd: ROOT, env });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

describe('yibao with a ledger', () => {
  it('commits, peeks, shows a person-year, and refuses a missing or short key and --workers', async () => {
    assertBuilt();
    const dir = stores.dir();
    const jan = join(dir, 'jan.xlsx');
    const feb = join(dir, 'feb.xlsx');
    writeFileSync(jan, await workbook(H, [['J1', A, '张三', '职工', '在职', '住院', '三级', '2024-01-03', '2024-01-10', 10000, 0, 0]]));
    writeFileSync(feb, await workbook(H, [['F1', A, '张三', '职工', '在职', '住院', '三级', '2024-02-03', '2024-02-10', 10000, 0, 0]]));
    const db = join(dir, 'cli.db');
    const base = ['--policy', 'xining-2024', '--format', 'json', '--out', '-'];

    const noKey = yibao(['process', jan, ...base, '--ledger', db], null);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('未设置台账密钥 YIBAO_LEDGER_KEY');
    const short = yibao(['process', jan, ...base, '--ledger', db], 'abcdef');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('至少需要32个随机字节');
    const workers = yibao(['process', jan, ...base, '--ledger', db, '--workers', '2']);
    expect(workers.code).toBe(2);
    expect(workers.stderr).toContain('--workers 不能与台账同时使用');

    const peek = yibao(['process', feb, ...base, '--ledger', db, '--ledger-mode', 'peek']);
    expect(peek.code, peek.stderr).toBe(0);
    expect(JSON.parse(peek.stdout)[0].deductible).toBe(750);
    expect(peek.stderr).toContain('预览，未提交');
    expect(yibao(['process', jan, ...base, '--ledger', db]).code).toBe(0);
    const f = yibao(['process', feb, ...base, '--ledger', db]);
    expect(JSON.parse(f.stdout)[0].deductible).toBe(650);
    expect(f.stderr).toContain('1 人年已提交');

    const shown = yibao(['ledger', 'show', '--policy', 'xining-2024', '--year', '2024', '--id', A, '--ledger', db]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('2 次提交 / commits, 2 行 / rows');
    expect(shown.stdout).toMatch(/J1 {2}2024-01-10 {2}ok {2}统筹基金支付=6937.50/);
    expect(shown.stdout).not.toContain(A);
    // The year-to-date state by the labels a clerk reads, with the articles; not the rules' internal names.
    expect(shown.stdout).toContain('    职工本年住院次数（定起付标准的次序）（二(二)4(1)、八7）：2\n');
    expect(shown.stdout).toContain('    年度累计统筹支付（本年各项统筹基金支付合计）：13950.00\n');
    expect(shown.stdout).not.toMatch(/xining\.[a-z]/);
    const json = JSON.parse(yibao(['ledger', 'show', '--policy', 'xining-2024', '--year', '2024', '--id', A, '--ledger', db, '--format', 'json']).stdout);
    expect(json.books[0].totals['xining.employee.inpatient.admissions']).toBe('2');
    expect(yibao(['ledger', 'show', '--policy', 'xining-2024', '--id', A, '--ledger', db]).code).toBe(2);
  }, 120_000);
});
