/** yibao's invocation contract: help, version, exit codes 0/2/3 and the template command. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KIND_IDS } from '../../src/kinds/types.js';
import { D } from '../../src/money.js';
import { workbookSnapshot } from '../../src/templates/snapshot.js';
import { assertBuilt, ROOT, yibao } from './run-cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'yibao-cli-'));
const sample = 'samples/xining-2024/settlements.xlsx';

beforeAll(() => assertBuilt());

describe('yibao --help / --version', () => {
  it('--help prints the usage and exits 0', () => {
    const r = yibao(['--help']);
    expect(r.code).toBe(0);
    const out = r.stdout.toString();
    expect(out).toContain('yibao process <in.xlsx>');
    expect(out).toContain('yibao template <kind>');
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = yibao(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString().trim()).toBe(`yibao ${pkg.version}`);
  });
});

describe('exit code 2: bad invocation', () => {
  it.each([
    ['no command', []],
    ['unknown command', ['compute', sample]],
    ['unknown option', ['process', sample, '--bogus']],
    ['missing file argument', ['process']],
    ['unknown policy', ['process', sample, '--policy', 'beijing-2024']],
    ['unknown kind', ['process', sample, '--kind', 'payroll']],
    ['unknown format', ['process', sample, '--format', 'pdf']],
    ['unknown headers', ['process', sample, '--headers', 'fr']],
    ['malformed --param', ['process', sample, '--param', 'xining.averageWage.monthly']],
    ['template without kind', ['template']],
    ['template with unknown kind', ['template', 'payroll']],
    ['two input files', ['process', sample, sample]],
    ['--param with an id the policy does not have', ['process', sample, '--param', 'xining.noSuchParameter=1', '--out', path.join(tmp, 'p1.xlsx')]],
    ['--param with a value that is not a number', ['process', sample, '--param', 'xining.employee.inpatient.cap=abc', '--out', path.join(tmp, 'p2.xlsx')]],
  ])('%s', (_what, args) => {
    const r = yibao(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/yibao: /);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('exit code 3: the file cannot be processed', () => {
  it('a file that does not exist', () => {
    const r = yibao(['process', path.join(tmp, 'missing.xlsx'), '--policy', 'xining-2024']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('missing.xlsx');
  });

  it('a file that is not a workbook', () => {
    const f = path.join(tmp, 'notes.xlsx');
    writeFileSync(f, '这不是工作簿 / this is not a workbook\n');
    const r = yibao(['process', f, '--policy', 'xining-2024', '--out', path.join(tmp, 'notes.out.xlsx')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/yibao: .+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a workbook with no sheet holding the kind’s headers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('工资表');
    ws.addRow(['工号', '部门', '基本工资']);
    ws.addRow(['A001', '财务部', 5000]);
    const f = path.join(tmp, 'payroll.xlsx');
    await wb.xlsx.writeFile(f);
    const r = yibao(['process', f, '--policy', 'xining-2024', '--kind', 'settlements', '--out', path.join(tmp, 'payroll.out.xlsx')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/yibao: .+/);
  });
});

describe('exit code 2: no policy anywhere is a bad invocation', () => {
  it('template with an empty 政策 and no --policy: the message names --policy', () => {
    const r = yibao(['process', 'templates/settlements.xlsx', '--out', path.join(tmp, 'nopolicy.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--policy');
    expect(r.stderr).toContain('xining-2024');
  });

  it('--policy is case-insensitive, as on every door', () => {
    const r = yibao(['process', sample, '--policy', 'XINING-2024', '--format', 'json', '--out', '-']);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('--param reaches the rules', () => {
  it('a ratio override changes the 7959.12 example: (7959.12-258-170.75-550)×90% = 6282.33', () => {
    const r = yibao(['process', sample, '--format', 'json', '--out', '-', '--param', 'xining.employee.inpatient.ratio.level2.employed=90%']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout.toString('utf8')) as Record<string, unknown>[];
    const zhang = rows.find((x) => String(x['totalCost']) === '7959.12')!;
    expect(D(String(zhang['fundPaid'])).toFixed(2)).toBe('6282.33');
  });
});

describe('yibao template <kind>', () => {
  it.each(KIND_IDS)('%s: --out - writes the committed template’s content to stdout', async (kind) => {
    const r = yibao(['template', kind, '--out', '-']);
    expect(r.code).toBe(0);
    const committed = readFileSync(path.join(ROOT, 'templates', `${kind}.xlsx`));
    expect(await workbookSnapshot(r.stdout)).toEqual(await workbookSnapshot(committed));
  });

  it('--out <file> writes the file; the default name is <kind>.xlsx in the working directory', async () => {
    const out = path.join(tmp, 'my-template.xlsx');
    expect(yibao(['template', 'account-refund', '--out', out]).code).toBe(0);
    const committed = readFileSync(path.join(ROOT, 'templates', 'account-refund.xlsx'));
    expect(await workbookSnapshot(readFileSync(out))).toEqual(await workbookSnapshot(committed));
    const cwd = mkdtempSync(path.join(tmpdir(), 'yibao-cwd-'));
    expect(yibao(['template', 'contributions'], { cwd }).code).toBe(0);
    expect(await workbookSnapshot(readFileSync(path.join(cwd, 'contributions.xlsx')))).toEqual(
      await workbookSnapshot(readFileSync(path.join(ROOT, 'templates', 'contributions.xlsx'))),
    );
  });
});
