/**
 * Issue 16 (medium 3): parameter overrides have bounds per unit, one notation for rates, a digit cap, the
 * same on every door (HTTP `param.<id>`, POST/GET calc, CLI `--param`, the 参数 sheet), refusals naming
 * the option or the cell; and a result the payer chain has to limit says so (警告).
 */
import { describe, expect, it } from 'vitest';
import { D } from '../../src/money.js';
import { ParamValueError, parseParamValue, type ParamDef } from '../../src/rules/params.js';
import { ruleSet } from '../../src/rules/index.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { InputError } from '../../src/pipeline/types.js';
import { resolveSettings } from '../../src/workbook/params-sheet.js';
import { buildFixture } from '../workbook/fixture.js';
import { call } from '../http/call.js';
import { yibao, assertBuilt } from '../cli/run-cli.js';
import { emp, pick, settle } from '../helpers/dongying.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const def = (unit: ParamDef['unit'], value = '0.9'): Pick<ParamDef, 'unit' | 'values'> => ({ unit, values: [{ from: '2000-01-01', value }] });
const ok = (d: Pick<ParamDef, 'unit' | 'values'>, raw: string) => parseParamValue(d, raw).toString();
const refused = (d: Pick<ParamDef, 'unit' | 'values'>, raw: string) => {
  try {
    parseParamValue(d, raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ParamValueError);
    return (e as Error).message;
  }
  throw new Error(`${raw} was accepted`);
};

describe('parseParamValue: bounds per unit', () => {
  it('rates: a fraction 0–1 or a percentage with its sign; a bare number above 1 is refused, not guessed', () => {
    const rate = def('rate');
    expect([ok(rate, '0.8'), ok(rate, '80%'), ok(rate, '８０％'), ok(rate, '1'), ok(rate, '0'), ok(rate, '100%'), ok(rate, '4.2%')]).toEqual(['0.8', '0.8', '0.8', '1', '0', '1', '0.042']);
    expect(refused(rate, '1.5')).toMatch(/0 到 1 的小数.*80%/);
    expect(refused(rate, '150')).toMatch(/fraction from 0 to 1/);
    expect(refused(rate, '150%')).toMatch(/0 到 100%/);
    expect(refused(rate, '-0.1')).toMatch(/0 到 100%/);
    expect(refused(rate, '-5000')).toBeTruthy();
  });

  it('a rate the policy sets above 1 (the base ceiling, 300%) may go up to that', () => {
    const ceiling = ruleSet('dongying-2018').params.find((p) => p.id === 'dongying.employee.base.ceilingRate')!;
    expect([ok(ceiling, '3'), ok(ceiling, '2.5'), ok(ceiling, '250%')]).toEqual(['3', '2.5', '2.5']);
    expect(refused(ceiling, '3.5')).toMatch(/0 到 300%/);
  });

  it('amounts from 0 below 10^12; counts whole; points, ages and orders within ±1,000', () => {
    const yuan = def('yuan', '6000');
    expect([ok(yuan, '6,500元'), ok(yuan, ' ６５００ '), ok(yuan, '0'), ok(yuan, '999999999999')]).toEqual(['6500', '6500', '0', '999999999999']);
    for (const bad of ['-5000', '-1000000', '1000000000000']) expect(refused(yuan, bad)).toMatch(/0 到 1 万亿/);
    expect(refused(yuan, '80%')).toMatch(/不是比例参数/);
    const months = def('months', '12');
    expect(ok(months, '6')).toBe('6');
    expect(refused(months, '1.5')).toMatch(/整数/);
    expect(refused(months, '-1')).toMatch(/整数/);
    const points = def('decimal', '10');
    expect([ok(points, '-10'), ok(points, '1000')]).toEqual(['-10', '1000']);
    expect(refused(points, '1001')).toMatch(/-1000 到 1000/);
  });

  it('a digit cap: at most 15 significant digits and 6 decimals (a 32,000-digit value is refused at once)', () => {
    expect(refused(def('yuan'), '9'.repeat(32_000))).toMatch(/位数过多/);
    expect(refused(def('rate'), `0.${'1'.repeat(7)}`)).toMatch(/位数过多/);
    expect(ok(def('yuan'), '000000000000000000001.5')).toBe('1.5');
    expect(refused(def('yuan'), 'abc')).toMatch(/不是数字/);
  });
});

const RATIO = 'xining.employee.inpatient.ratio.level2.employed';

describe('the same bounds on every door, each naming where the value came from', () => {
  it('HTTP POST param.<id>: 400 bad-parameter naming param.<id>, not the value', async () => {
    const wb = await buildFixture();
    const r = await call('POST', `/api/settlements?policy=xining-2024&format=json&param.${RATIO}=150`, { body: wb });
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ error: 'bad-parameter', details: [{ option: `param.${RATIO}`, parameter: RATIO }] });
    expect(r.json().message).toContain(`param.${RATIO}`);
    expect(r.json().message).not.toContain('（request）');
  });

  it('GET and POST calc: 400 naming param.<id>', async () => {
    const get = await call('GET', `/api/calc/settlements?policy=xining-2024&param.${RATIO}=-5000`);
    expect(get.status).toBe(400);
    expect(get.json()).toMatchObject({ error: 'bad-parameter', details: [{ field: `param.${RATIO}` }] });
    const post = await call('POST', '/api/calc/settlements', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ policy: 'xining-2024', [`param.${RATIO}`]: '1.5' }) });
    expect(post.status).toBe(400);
    expect(post.json().message).toContain(`param.${RATIO}`);
  });

  it('param.年度 obeys 1990–2100 as the 参数 sheet does (1e21, -5 and 0 were accepted)', async () => {
    const wb = await buildFixture();
    for (const y of ['1e21', '-5', '0', '2101', '1989']) {
      const r = await call('POST', `/api/settlements?policy=xining-2024&format=json&param.年度=${encodeURIComponent(y)}`, { body: wb });
      expect(r.status, y).toBe(400);
      expect(r.json().message).toContain('param.年度');
    }
    expect((await call('POST', '/api/settlements?policy=xining-2024&format=json&param.年度=2024', { body: wb })).status).toBe(200);
    const calc = await call('GET', '/api/calc/settlements?policy=xining-2024&year=0001');
    expect(calc.status).toBe(400);
  });

  it('the 参数 sheet: the cell is named, its text never quoted', async () => {
    const secret = '张三 630102197906185812';
    for (const params of [[[RATIO, secret]], [['政策', secret]], [[`xining.${secret}`, '1']], [['年度', secret]]] as [string, string][][]) {
      const wb = await buildFixture({ params });
      const e = await processWorkbook({ source: { bytes: wb }, policy: params[0]![0] === '政策' ? undefined : 'xining-2024' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      const text = JSON.stringify((e as InputError).toJSON());
      expect(text).toMatch(/单元格 [AB]\d+/);
      expect(text).not.toContain('张三');
      expect(text).not.toContain('630102197906185812');
      expect(text).not.toContain('1979061858');
    }
  });

  it('resolveSettings names `--param <id>` for the CLI (no "（request）")', () => {
    const e = (() => {
      try {
        resolveSettings(undefined, { policy: 'xining-2024', overrides: { [RATIO]: '150' }, label: (id) => `--param ${id}` });
      } catch (x) {
        return x as InputError;
      }
      throw new Error('accepted');
    })();
    expect(e.message).toMatch(new RegExp(`^--param ${RATIO.replace(/\./g, '\\.')}（参数`));
    expect(e.message).not.toContain('request');
  });

  it('CLI: --param out of bounds is a bad invocation (exit 2) naming --param', async () => {
    assertBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'yibao-param-'));
    try {
      const file = join(dir, 'in.xlsx');
      writeFileSync(file, await buildFixture());
      const r = yibao(['process', file, '--policy', 'xining-2024', '--param', `${RATIO}=150`, '--out', join(dir, 'out.xlsx')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--param ${RATIO}`);
      expect(r.stderr).not.toContain('request');
      const y = yibao(['process', file, '--policy', 'xining-2024', '--param', '年度=1e21', '--out', join(dir, 'out.xlsx')]);
      expect(y.code).toBe(2);
      expect(y.stderr).toContain('--param 年度');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a result that has to be limited is a 警告', () => {
  it('referral points set to −100 put the ratio at 185%: 100% is used, and the row says so', async () => {
    const [o] = await settle([emp({ location: '异地转诊已备案', totalCost: '1400' })], { 'dongying.outOfArea.referral.filedReduction': '-100' });
    expect(o!.status).toBe('warning');
    expect(o!.messages.join('\n')).toMatch(/比例计算为 185%，超出 0–100%，按 100% 计/);
    expect(pick(o!, 'fundPaid').fundPaid).toBe('900.00'); // (1400 − 500) × 100%
    // Within the bounds nothing is said.
    const [plain] = await settle([emp({ location: '异地转诊已备案', totalCost: '1400' })]);
    expect(plain!.status).toBe('ok');
    expect(pick(plain!, 'fundPaid').fundPaid).toBe('675.00');
  });

  it('the basic fund computed above what may be paid at all is limited to it, and the row says so', async () => {
    const { PayerChain, outOfRangeWarning } = await import('../../src/rules/ops/index.js');
    const said: string[] = [];
    const chain = new PayerChain(D(1000), D(800), (p, c, paid) => said.push(outOfRangeWarning(p, c, paid)));
    expect(chain.pay('fund', D(950)).toFixed(2)).toBe('800.00');
    expect(chain.pay('criticalIllness', D(50)).toFixed(2)).toBe('0.00'); // a later payer meeting the residual: by design
    expect(said).toEqual([expect.stringMatching(/^统筹基金支付计算为 950.00 元，超出可支付范围，按 800.00 元计/)]);
    new PayerChain(D(1000), D(800), (p, c, paid) => said.push(outOfRangeWarning(p, c, paid))).pay('civilServant', D(-5));
    expect(said[1]).toMatch(/公务员医疗补助计算为 -5.00 元/);
  });
});
