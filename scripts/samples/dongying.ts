/**
 * Sample rows for dongying-2018 (in force 2018-04-01..2022-12-31; rows dated 2020): admissions by
 * ordinal and level, transfer, caps and the large-medical subsidy, quarterly chronic deductibles,
 * out-of-city cases, contribution base clamping, plus deliberately wrong rows marked in 备注.
 */
import type { KindId } from '../../src/kinds/types.js';
import type { SheetRow } from '../../src/templates/sheet.js';
import { addDays, bad, People, type Person, Rng, who, wrongCheckDigit } from './fixtures.js';

/** Not in the Dongying text: a plausible Shandong figure, written in the 参数 sheet as an example to replace. */
export const DONGYING_EXAMPLE_AVERAGE_WAGE = '6500';

export function dongyingSamples(seed: number): Partial<Record<KindId, SheetRow[]>> {
  const rng = new Rng(seed);
  const people = new People('370502', rng);
  return {
    settlements: settlements(rng, people),
    contributions: contributions(rng, people),
    'resident-contributions': residentContributions(rng, people),
    'retirement-supplement': retirementSupplement(rng, people),
    'account-refund': accountRefund(rng, people),
  };
}

function interleave(rows: SheetRow[], bads: SheetRow[]): SheetRow[] {
  const out: SheetRow[] = [];
  rows.forEach((r, i) => {
    out.push(r);
    if (i % 5 === 4 && bads.length) out.push(bads.shift()!);
  });
  return [...out, ...bads];
}

function settlements(rng: Rng, people: People): SheetRow[] {
  let n = 0;
  const s = (p: Person, f: SheetRow): SheetRow => {
    n += 1;
    return { settlementId: `DY2020${String(n).padStart(6, '0')}`, ...who(p), location: '本地', benefitStatus: '正常', ...f };
  };
  const inpatient = (visit: string, days: number): SheetRow => ({ visitType: '住院', visitDate: visit, dischargeDate: addDays(visit, days) });
  const emp = { scheme: '职工', employmentStatus: '在职', largeSubsidy: '是' };
  const ret = { scheme: '职工', employmentStatus: '退休', largeSubsidy: '是' };
  const res = { scheme: '居民' };
  const a = people.make('1972-05-14', '男');
  const b = people.make('1951-09-09', '女');
  const c = people.make('1966-02-22', '男');
  const d = people.make('1980-12-03', '女');
  const e = people.make('1970-07-17', '男');
  const f = people.make('1958-04-26', '女');
  const g = people.make('2016-10-10', '男');
  const h = people.make('1963-03-13', '男');
  const m = people.make('1993-06-01', '女');
  const rows: SheetRow[] = [
    s(a, { ...emp, ...inpatient('2020-03-02', 10), level: '三级', totalCost: rng.yuan(9000, 14000), fullySelfPaid: rng.yuan(300, 800), classBSelfPay: rng.yuan(400, 900), note: '第1次住院：三级起付线800' }),
    s(a, { ...emp, ...inpatient('2020-06-15', 8), level: '二级', totalCost: rng.yuan(6000, 9000), fullySelfPaid: rng.yuan(200, 500), classBCost: rng.yuan(1500, 3000), note: '第2次住院；只填乙类费用：职工按10%先行自付' }),
    s(a, { ...emp, ...inpatient('2020-10-08', 6), level: '一级', totalCost: rng.yuan(3000, 4500), fullySelfPaid: rng.yuan(50, 200), classBSelfPay: rng.yuan(100, 300), note: '第3次住院：不设起付线' }),
    s(a, { ...emp, ...inpatient('2020-10-14', 12), level: '三级', transferFromLevel: '一级', totalCost: rng.yuan(15000, 20000), fullySelfPaid: rng.yuan(500, 1000), classBSelfPay: rng.yuan(800, 1500), note: '由一级转入三级：补足起付线差额，不另计次数' }),
    s(b, { ...ret, visitType: '普通门诊', level: '一级', visitDate: '2020-01-13', totalCost: rng.yuan(300, 500), fullySelfPaid: '0', classBSelfPay: '0', note: '普通门诊年度起付线400' }),
    s(b, { ...ret, visitType: '普通门诊', level: '二级', visitDate: '2020-04-20', totalCost: rng.yuan(600, 900), fullySelfPaid: rng.yuan(0, 60), classBSelfPay: rng.yuan(10, 40) }),
    s(b, { ...ret, visitType: '普通门诊', level: '三级', visitDate: '2020-05-11', totalCost: rng.yuan(200, 400), fullySelfPaid: '0', classBSelfPay: '0', note: '三级医院普通门诊：统筹不支付' }),
    s(b, { ...ret, visitType: '门诊慢特病', level: '二级', visitDate: '2020-02-06', disease: '高血压', totalCost: rng.yuan(400, 700), fullySelfPaid: '0', classBSelfPay: rng.yuan(10, 30), note: '第一季度慢病起付线150' }),
    s(b, { ...ret, visitType: '门诊慢特病', level: '二级', visitDate: '2020-03-09', disease: '高血压', totalCost: rng.yuan(400, 700), fullySelfPaid: '0', classBSelfPay: rng.yuan(10, 30), note: '同一季度：不再计起付线' }),
    s(b, { ...ret, visitType: '门诊慢特病', level: '二级', visitDate: '2020-04-07', disease: '高血压', totalCost: rng.yuan(400, 700), fullySelfPaid: '0', classBSelfPay: rng.yuan(10, 30), note: '第二季度：重新计起付线' }),
    s(c, { ...emp, ...inpatient('2020-02-10', 45), level: '三级', totalCost: rng.yuan(250000, 290000), fullySelfPaid: rng.yuan(5000, 9000), classBSelfPay: rng.yuan(8000, 12000), note: '超过20万年度限额：大额医疗补助支付95%' }),
    s(c, { ...emp, ...inpatient('2020-08-03', 20), level: '三级', totalCost: rng.yuan(40000, 50000), fullySelfPaid: rng.yuan(1000, 2000), classBSelfPay: rng.yuan(2000, 3000) }),
    s(d, { ...emp, visitType: '特殊药品', level: '三级', visitDate: '2020-04-28', totalCost: rng.yuan(20000, 30000), fullySelfPaid: '0', classBSelfPay: '0', provincialCompensation: rng.yuan(4000, 8000), note: '职工特殊药品：大病保险80%减省定补偿额' }),
    s(d, { ...emp, visitType: '特殊药品', level: '三级', visitDate: '2020-07-28', totalCost: rng.yuan(20000, 30000), fullySelfPaid: '0', classBSelfPay: '0', provincialCompensation: rng.yuan(4000, 8000) }),
    s(e, { ...emp, civilServant: '是', annualBase: '96000', ...inpatient('2020-05-05', 14), level: '三级', totalCost: rng.yuan(28000, 36000), fullySelfPaid: rng.yuan(800, 1500), classBSelfPay: rng.yuan(1500, 2500), note: '公务员医疗补助：超过年缴费基数10%部分95%' }),
    s(e, { ...emp, civilServant: '是', annualBase: '96000', visitType: '普通门诊', level: '二级', visitDate: '2020-09-21', totalCost: rng.yuan(500, 900), fullySelfPaid: '0', classBSelfPay: rng.yuan(20, 60) }),
    s(e, { ...emp, civilServant: '是', annualBase: '96000', exclusion: '工伤', ...inpatient('2020-11-11', 4), level: '二级', totalCost: rng.yuan(4000, 6000), fullySelfPaid: '0', classBSelfPay: '0', note: '应由工伤保险支付：基金不予支付（警告）' }),
    s(f, { ...res, interruptionYears: 2, ...inpatient('2020-01-06', 9), level: '二级', totalCost: rng.yuan(7000, 10000), fullySelfPaid: rng.yuan(200, 600), classBSelfPay: rng.yuan(300, 700), note: '居民中断参保2年：比例降低2个百分点' }),
    s(f, { ...res, ...inpatient('2020-04-13', 7), level: '一级', totalCost: '180.00', fullySelfPaid: '0', classBSelfPay: '0', note: '费用低于起付线：不计住院次数' }),
    s(f, { ...res, visitType: '门诊慢特病', level: '一级', visitDate: '2020-06-30', disease: '糖尿病', totalCost: rng.yuan(300, 600), fullySelfPaid: '0', classBCost: rng.yuan(100, 200), note: '居民只填乙类费用：按20%先行自付' }),
    s(g, { ...res, visitType: '普通门诊', level: '社区', visitDate: '2020-03-17', totalCost: rng.yuan(50, 120), fullySelfPaid: '0', classBSelfPay: '0', note: '居民普通门诊支付比例办法未给出：需在参数表设置 dongying.resident.outpatient.ratio' }),
    s(g, { ...res, ...inpatient('2020-12-01', 5), level: '三级', totalCost: rng.yuan(5000, 8000), fullySelfPaid: rng.yuan(100, 400), classBSelfPay: rng.yuan(200, 500) }),
    s(h, { ...res, location: '异地转诊已备案', ...inpatient('2020-02-18', 16), level: '三级', totalCost: rng.yuan(30000, 40000), fullySelfPaid: rng.yuan(1000, 2000), classBSelfPay: rng.yuan(1500, 2500), note: '转诊已备案：三级比例降低10个百分点' }),
    s(h, { ...res, location: '异地转诊未备案', ...inpatient('2020-07-06', 10), level: '三级', totalCost: rng.yuan(20000, 26000), fullySelfPaid: rng.yuan(800, 1500), classBSelfPay: rng.yuan(1000, 2000), note: '转诊未备案：降低20个百分点' }),
    s(h, { ...res, location: '异地临时外出', ...inpatient('2020-10-19', 4), level: '二级', totalCost: rng.yuan(3000, 5000), fullySelfPaid: rng.yuan(100, 300), classBSelfPay: rng.yuan(100, 300), note: '异地临时外出：不予支付（第三十九条）' }),
    s(m, { ...emp, visitType: '生育', maternityItem: '剖宫产', ...inpatient('2020-05-25', 6), visitDate: '2020-05-25', level: '二级', totalCost: rng.yuan(7000, 9000), fullySelfPaid: rng.yuan(200, 500), classBSelfPay: rng.yuan(300, 600), note: '东营无生育保险：按普通住院结算' }),
    s(m, { ...emp, ...inpatient('2021-01-04', 5), level: '二级', totalCost: rng.yuan(4000, 6000), fullySelfPaid: rng.yuan(100, 300), classBSelfPay: rng.yuan(200, 400), note: '2021年：新年度第1次住院' }),
  ];
  const bads: SheetRow[] = [
    bad(s(a, { ...emp, idNumber: wrongCheckDigit(a.id), visitType: '普通门诊', level: '二级', visitDate: '2020-11-02', totalCost: '236.00' }), '身份证号校验码错误'),
    bad(s(b, { ...ret, visitType: '门诊', level: '二级', visitDate: '2020-11-03', totalCost: '120.00', scheme: '职工医疗' }), '险种「职工医疗」不是可选值'),
    bad(s(f, { ...res, visitType: '住院', level: '二级', visitDate: '2020-11-04', dischargeDate: '2020-11-09', totalCost: '-980.00' }), '医疗总费用为负数'),
    bad(s(c, { ...emp, ...inpatient('2020-11-05', 3), level: '一级', totalCost: '1500.00', fullySelfPaid: '900.00', classBSelfPay: '700.00' }), '全自费金额+乙类自付金额大于医疗总费用'),
    bad(s(h, { ...res, visitType: '住院', level: '三级', visitDate: '2020-11-20', dischargeDate: '2020-11-06', totalCost: '8800.00', fullySelfPaid: '300.00', classBSelfPay: '500.00' }), '出院日期早于入院日期'),
  ];
  const dup = s(g, { ...res, visitType: '普通门诊', level: '社区', visitDate: '2020-11-23', totalCost: '45.00', fullySelfPaid: '0', classBSelfPay: '0' });
  dup['settlementId'] = rows[0]!['settlementId'];
  bads.push(bad(dup, `结算号${String(dup['settlementId'])}重复`));
  return interleave(rows, bads);
}

function contributions(rng: Rng, people: People): SheetRow[] {
  const rows: SheetRow[] = [];
  const employees: { p: Person; wage: string; type: string; civil?: string; note?: string }[] = [
    { p: people.make('1988-02-02', '女'), wage: '3000.00', type: '企业', note: '低于60%（3900）：按下限' },
    { p: people.make('1979-08-19', '男'), wage: rng.yuan(7000, 9000), type: '企业' },
    { p: people.make('1969-11-29', '男'), wage: '25000.00', type: '企业', note: '高于300%（19500）：按上限' },
    { p: people.make('1990-05-05', '女'), wage: rng.yuan(4500, 6000), type: '差额拨款事业' },
    { p: people.make('1975-03-31', '男'), wage: rng.yuan(8000, 10000), type: '机关', civil: '是', note: '公务员医疗补助：单位5%，2%划入个人账户' },
  ];
  for (const m of ['2020-01', '2020-02', '2020-03']) {
    for (const e of employees) {
      rows.push({ ...who(e.p), category: '在职', wage: e.wage, employerType: e.type, civilServant: e.civil ?? '否', period: m, note: m === '2020-01' ? e.note : undefined });
    }
  }
  const r1 = people.make('1953-12-08', '男');
  const r2 = people.make('1958-07-22', '女');
  rows.push({ ...who(r1), category: '退休', pension: rng.yuan(3000, 4000), employerType: '企业', civilServant: '否', period: '2020-01', note: '退休人员不缴费，个人账户按养老金划入' });
  rows.push({ ...who(r2), category: '退休', pension: rng.yuan(4500, 6000), employerType: '机关', civilServant: '是', period: '2020-01' });
  const fl = [people.make('1985-09-09', '男'), people.make('1977-04-14', '女'), people.make('1992-01-01', '男')];
  rows.push({ ...who(fl[0]!), category: '灵活就业', chosenBase: '3000', largeSubsidy: '是', period: '2020-01', note: '自选基数低于60%：按下限并警告' });
  rows.push({ ...who(fl[1]!), category: '灵活就业', chosenBase: '6500', largeSubsidy: '否', period: '2020-01' });
  rows.push({ ...who(fl[2]!), category: '灵活就业', chosenBase: '8000', largeSubsidy: '是', period: '2020-01', note: '自选基数高于100%：按上限并警告' });
  rows.push({ ...who(people.make('1982-10-30', '女')), category: '失业', wage: '3900', period: '2020-02', note: '领取失业金人员：个人不缴费' });
  const late = employees[1]!;
  rows.push({ ...who(late.p), category: '在职', wage: late.wage, employerType: '企业', civilServant: '否', period: '2020-04', arrears: '1200.00', arrearsFrom: '2020-05-16', paidOn: '2020-06-15', note: '欠缴30天：滞纳金1200×0.05%×30=18.00' });
  const e0 = employees[0]!.p;
  rows.push(bad({ ...who(e0), idNumber: wrongCheckDigit(e0.id), category: '在职', wage: '4100.00', employerType: '企业', period: '2020-04' }, '身份证号校验码错误'));
  rows.push(bad({ ...who(employees[3]!.p), category: '在岗', wage: '5100.00', employerType: '差额拨款事业', period: '2020-04' }, '人员类别「在岗」不是可选值'));
  rows.push(bad({ ...who(employees[3]!.p), category: '在职', wage: '-5100.00', employerType: '差额拨款事业', period: '2020-05' }, '缴费工资为负数'));
  rows.push(bad({ ...who(employees[1]!.p), category: '在职', wage: '7000.00', employerType: '国企', period: '2020-05' }, '单位类型「国企」不是可选值'));
  return rows;
}

function residentContributions(rng: Rng, people: People): SheetRow[] {
  const r = (p: Person, paidOn: string, f: SheetRow = {}): SheetRow => ({ ...who(p), subsidyCategory: '无', paidOn, coverageYear: 2020, newborn: '否', ...f });
  const rows: SheetRow[] = [];
  for (let i = 0; i < 10; i++) {
    const p = people.make(`19${rng.int(55, 99)}-${String(rng.int(1, 12)).padStart(2, '0')}-${rng.int(10, 28)}`, rng.pick(['男', '女'] as const));
    rows.push(r(p, `2019-${String(rng.int(9, 12)).padStart(2, '0')}-${rng.int(1, 20)}`));
  }
  rows.push(r(people.make('1960-01-19', '女'), '2019-09-01', { note: '集中缴费期首日' }));
  rows.push(r(people.make('1965-05-23', '男'), '2019-12-20', { note: '集中缴费期末日' }));
  rows.push(r(people.make('1948-08-08', '男'), '2019-10-15', { note: '70周岁及以上：个人缴费由政府代缴' }));
  rows.push(r(people.make('1967-06-12', '女'), '2019-10-15', { subsidyCategory: '特困' }));
  rows.push(r(people.make('1972-09-27', '男'), '2019-11-11', { subsidyCategory: '城镇低保' }));
  rows.push(r(people.make('1970-02-02', '女'), '2019-11-11', { subsidyCategory: '农村低保' }));
  rows.push(r(people.make('2010-12-12', '男'), '2019-11-25', { subsidyCategory: '孤儿' }));
  rows.push(r(people.make('1955-04-30', '男'), '2019-12-02', { subsidyCategory: '重点优抚' }));
  rows.push(r(people.make('2001-07-07', '女'), '2020-09-15', { coverageYear: 2020, newStudent: '是', note: '新入学大学生' }));
  rows.push(r(people.make('2020-03-18', '男'), '2020-04-20', { newborn: '是', birthDate: '2020-03-18', note: '新生儿' }));
  rows.push(r(people.make('1980-10-01', '女'), '2020-12-18', { coverageYear: 2021, note: '为2021年度缴费' }));
  const p = people.make('1983-03-03', '男');
  rows.splice(4, 0, bad(r(p, '2019-10-08', { idNumber: wrongCheckDigit(p.id) }), '身份证号校验码错误'));
  rows.splice(9, 0, bad(r(people.make('1979-01-21', '女'), '2019-10-08', { subsidyCategory: '困难户' }), '资助类别「困难户」不是可选值'));
  rows.push(bad(r(people.make('1986-06-06', '男'), '2019-13-01'), '缴费日期2019-13-01不存在'));
  rows.push(bad(r(people.make('1991-11-11', '女'), '2019-10-10', { newborn: '不是' }), '新生儿「不是」不是可选值'));
  return rows;
}

function retirementSupplement(rng: Rng, people: People): SheetRow[] {
  const r = (p: Person, f: SheetRow): SheetRow => ({ ...who(p), sex: p.sex, ...f });
  const rows: SheetRow[] = [
    r(people.make('1960-03-01', '男'), { insuredAs: '单位参保', actualMonths: 180, deemedMonths: 96, baseBeforeRetirement: '5200', retirementDate: '2020-03-01', note: '男满25年（300个月）：差24个月' }),
    r(people.make('1960-06-15', '男'), { insuredAs: '单位参保', actualMonths: 300, deemedMonths: 0, baseBeforeRetirement: '6100', retirementDate: '2020-06-01', note: '恰满300个月：无需补缴' }),
    r(people.make('1970-09-09', '女'), { insuredAs: '灵活就业', actualMonths: 150, deemedMonths: 89, retirementDate: '2020-09-01', note: '女满20年（240个月）：差1个月' }),
    r(people.make('1970-12-12', '女'), { insuredAs: '灵活就业', actualMonths: 240, deemedMonths: 0, retirementDate: '2020-12-01' }),
    r(people.make('1961-01-20', '男'), { insuredAs: '单位参保', actualMonths: 96, deemedMonths: 120, baseBeforeRetirement: '4700', retirementDate: '2021-01-01' }),
  ];
  for (let i = 0; i < 12; i++) {
    const sex = i % 2 === 0 ? '男' : '女';
    const month = String(1 + (i % 12)).padStart(2, '0');
    const p = people.make(`${sex === '男' ? 1960 : 1970}-${month}-${rng.int(10, 28)}`, sex);
    const unit = rng.next() < 0.6;
    rows.push(r(p, { insuredAs: unit ? '单位参保' : '灵活就业', actualMonths: rng.int(60, 280), deemedMonths: rng.int(0, 120), baseBeforeRetirement: unit ? rng.yuan(3500, 9000) : '', retirementDate: `2020-${month}-01` }));
  }
  const p = people.make('1960-10-10', '男');
  rows.push(bad(r(p, { idNumber: wrongCheckDigit(p.id), insuredAs: '单位参保', actualMonths: 120, deemedMonths: 100, baseBeforeRetirement: '5000', retirementDate: '2020-10-01' }), '身份证号校验码错误'));
  rows.push(bad(r(people.make('1970-04-04', '女'), { insuredAs: '个人参保', actualMonths: 120, deemedMonths: 60, retirementDate: '2020-04-01' }), '参保身份「个人参保」不是可选值'));
  rows.push(bad(r(people.make('1960-05-05', '男'), { insuredAs: '灵活就业', actualMonths: -36, deemedMonths: 60, retirementDate: '2020-05-01' }), '实际缴费月数为负数'));
  return rows;
}

function accountRefund(rng: Rng, people: People): SheetRow[] {
  const r = (p: Person, f: SheetRow): SheetRow => ({ ...who(p), ...f });
  const rows: SheetRow[] = [
    r(people.make('1940-02-14', '男'), { category: '退休', balance: '2156.40', deathDate: '2020-03-11', handledOn: '2020-05-20', monthlyCredit: '126.35', note: '扣除3、4月划入额' }),
    r(people.make('1946-06-30', '女'), { category: '退休', balance: '880.00', deathDate: '2020-06-02', handledOn: '2020-06-29', monthlyCredit: '98.60', note: '当月办理：不扣除' }),
    r(people.make('1968-08-08', '男'), { category: '在职', balance: '5321.77', deathDate: '2020-07-19', handledOn: '2020-09-01', monthlyCredit: '170.00' }),
  ];
  for (let i = 0; i < 10; i++) {
    const death = rng.int(1, 8); // int: month of death
    const handled = death + rng.int(0, 4); // int: month of handling
    rows.push(r(people.make(`19${rng.int(35, 65)}-${String(rng.int(1, 12)).padStart(2, '0')}-${rng.int(10, 28)}`, rng.pick(['男', '女'] as const)), {
      category: rng.pick(['退休', '在职', '灵活就业']),
      balance: rng.yuan(150, 12000),
      deathDate: `2020-0${death}-${rng.int(10, 20)}`,
      handledOn: `2020-${String(handled).padStart(2, '0')}-${rng.int(21, 28)}`,
      monthlyCredit: rng.yuan(60, 200),
    }));
  }
  const p = people.make('1944-04-04', '女');
  rows.push(bad(r(p, { idNumber: wrongCheckDigit(p.id), category: '退休', balance: '1500.00', deathDate: '2020-04-01', handledOn: '2020-05-06', monthlyCredit: '110' }), '身份证号校验码错误'));
  rows.push(bad(r(people.make('1950-05-05', '男'), { category: '离退休', balance: '2000.00', deathDate: '2020-04-11', handledOn: '2020-05-06', monthlyCredit: '110' }), '人员类别「离退休」不是可选值'));
  rows.push(bad(r(people.make('1952-06-06', '女'), { category: '退休', balance: '-12.50', deathDate: '2020-04-21', handledOn: '2020-05-06', monthlyCredit: '110' }), '个人账户余额为负数'));
  return rows;
}
