/** General outpatient (第三十三条) and chronic outpatient (第三十二条), hand-computed. */
import { describe, expect, it } from 'vitest';
import { emp, pick, res, settle } from '../helpers/dongying.js';

const op = (over: Record<string, string | number>) => emp({ visitType: '普通门诊', level: '一级', dischargeDate: undefined, ...over });
const ch = (over: Record<string, string | number>) => emp({ visitType: '门诊慢特病', level: '二级', dischargeDate: undefined, ...over });

describe('dongying.employee.outpatient_pool — deductible 400 a year, 80/70%, cap 1,000', () => {
  it.each([
    ['399.99', '399.99', '0.00'], // all of E goes to the deductible
    ['400', '400.00', '0.00'], // exactly the deductible
    ['400.01', '400.00', '0.01'], // 0.01 × 80% = 0.008 → 0.01
  ])('E %s → D %s, fund %s', async (totalCost, d, fund) => {
    const [o] = await settle([op({ totalCost })]);
    expect(pick(o!, 'deductible', 'fundPaid')).toEqual({ deductible: d, fundPaid: fund });
  });
  it('the deductible is annual across visits; 二级 pays 70%', async () => {
    const out = await settle([
      op({ totalCost: '300', visitDate: '2020-01-05' }),
      op({ totalCost: '200', visitDate: '2020-02-05' }),
      op({ level: '二级', totalCost: '1000', visitDate: '2020-03-05' }),
    ]);
    // 1: D 300, fund 0; 2: D 100, (200−100)×80% = 80; 3: D 0, 1000×70% = 700
    expect(out.map((o) => pick(o, 'deductible', 'fundPaid'))).toEqual([
      { deductible: '300.00', fundPaid: '0.00' },
      { deductible: '100.00', fundPaid: '80.00' },
      { deductible: '0.00', fundPaid: '700.00' },
    ]);
  });
  it('the 1,000 cap: 1600 is cut to 1000, the next visit gets 0; both count toward 200,000', async () => {
    const out = await settle([
      op({ totalCost: '2400', visitDate: '2020-01-05' }),
      op({ totalCost: '500', visitDate: '2020-02-05' }),
    ]);
    // 1: (2400−400)×80% = 1600 → 1000; 2: 500×80% = 400 → room 0
    expect(pick(out[0]!, 'fundPaid', 'ytdFundPaid')).toEqual({ fundPaid: '1000.00', ytdFundPaid: '1000.00' });
    expect(pick(out[1]!, 'fundPaid', 'largeSubsidyPaid')).toEqual({ fundPaid: '0.00', largeSubsidyPaid: '0.00' });
  });
  it('三级 and pharmacies: no pool payment and no deductible consumed', async () => {
    const out = await settle([
      op({ level: '三级', totalCost: '1000', visitDate: '2020-01-05' }),
      op({ level: '药店', totalCost: '1000', visitDate: '2020-01-06' }),
      op({ totalCost: '1000', visitDate: '2020-01-07' }),
    ]);
    expect(pick(out[0]!, 'fundPaid', 'patientPays')).toEqual({ fundPaid: '0.00', patientPays: '1000.00' });
    expect(pick(out[1]!, 'fundPaid').fundPaid).toBe('0.00');
    // the 一级 visit still carries the full 400: (1000−400)×80% = 480
    expect(pick(out[2]!, 'deductible', 'fundPaid')).toEqual({ deductible: '400.00', fundPaid: '480.00' });
  });
  it('200,000 binds on an outpatient row too', async () => {
    const [o] = await settle([op({ totalCost: '1000', priorFundPaid: '199900' })]);
    // (1000−400)×80% = 480 → room 100; LM: beyond = 600 − 100/0.8 = 475 → ×95% = 451.25
    expect(pick(o!, 'fundPaid', 'largeSubsidyPaid')).toEqual({ fundPaid: '100.00', largeSubsidyPaid: '451.25' });
  });
});

describe('dongying.resident.outpatient_pool — 一级/社区, no deductible, cap 200, ratio missing', () => {
  const rop = (over: Record<string, string | number>) => res({ visitType: '普通门诊', level: '一级', dischargeDate: undefined, ...over });
  it('without the ratio parameter the row is 错误 naming it', async () => {
    const [o] = await settle([rop({ totalCost: '100' })]);
    expect(o!.status).toBe('error');
    expect(o!.messages[0]).toContain('dongying.resident.outpatient.ratio');
    expect(o!.messages[0]).toContain('参数');
  });
  it('with the ratio set to 50%: no deductible, cap 200 a year, outside the 160,000', async () => {
    const out = await settle([
      rop({ totalCost: '300', visitDate: '2020-01-05' }),
      rop({ level: '社区', totalCost: '300', visitDate: '2020-02-05' }),
      rop({ level: '二级', totalCost: '300', visitDate: '2020-03-05' }),
    ], { 'dongying.resident.outpatient.ratio': '0.5' });
    // 1: 300×50% = 150; 2: 150 → room 50; 3: 二级 not covered → 0
    expect(out.map((o) => pick(o, 'deductible', 'fundPaid'))).toEqual([
      { deductible: '0.00', fundPaid: '150.00' },
      { deductible: '0.00', fundPaid: '50.00' },
      { deductible: '0.00', fundPaid: '0.00' },
    ]);
  });
  it('二级 needs no ratio: 0 without an error', async () => {
    const [o] = await settle([rop({ level: '二级', totalCost: '100' })]);
    expect(o!.status).toBe('ok');
    expect(pick(o!, 'fundPaid').fundPaid).toBe('0.00');
  });
});

describe('dongying.chronic.deductible — 150 per calendar quarter, then dongying.chronic.ratio (the inpatient ratio)', () => {
  it('quarter boundary 03-31 / 04-01', async () => {
    const out = await settle([
      ch({ totalCost: '100', visitDate: '2020-03-15' }),
      ch({ totalCost: '100', visitDate: '2020-03-31' }),
      ch({ totalCost: '100', visitDate: '2020-04-01' }),
      ch({ totalCost: '200', visitDate: '2020-04-02' }),
    ]);
    // Q1: D 100 (fund 0), then D 50, (100−50)×90% = 45; Q2: D 100 (fund 0), then D 50, (200−50)×90% = 135
    expect(out.map((o) => pick(o, 'deductible', 'fundPaid'))).toEqual([
      { deductible: '100.00', fundPaid: '0.00' },
      { deductible: '50.00', fundPaid: '45.00' },
      { deductible: '100.00', fundPaid: '0.00' },
      { deductible: '50.00', fundPaid: '135.00' },
    ]);
    expect(out[3]!.basis).toContain('第2季度');
  });
  it('居民 chronic: resident ratio and the interruption penalty; critical illness left blank with a note', async () => {
    const [o] = await settle([res({ visitType: '门诊慢特病', level: '三级', dischargeDate: undefined, interruptionYears: 3, totalCost: '1150' })]);
    // D 150; ratio 60 − 3 = 57%; (1150−150)×57% = 570
    expect(pick(o!, 'deductible', 'fundPaid')).toEqual({ deductible: '150.00', fundPaid: '570.00' });
    expect(o!.results['criticalIllnessPaid']).toBeUndefined();
    expect(o!.messages.join()).toContain('第三十六条');
  });
  it('chronic payments count toward 200,000 with inpatient', async () => {
    const [o] = await settle([ch({ totalCost: '1150', priorFundPaid: '199500' })]);
    // (1150−150)×90% = 900 → room 500
    expect(pick(o!, 'fundPaid', 'ytdFundPaid')).toEqual({ fundPaid: '500.00', ytdFundPaid: '200000.00' });
  });
});
