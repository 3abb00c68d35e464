/**
 * Sample rows for xining-2024: realistic batches built around the handbook's worked examples
 * (7959.12 inpatient, the four 六(三)4 retirement rows, 5000÷30×158, the 1824.32 refund, the 2024
 * resident windows), plus deliberately wrong rows marked in 备注.
 */
import type { KindId } from '../../src/kinds/types.js';
import type { SheetRow } from '../../src/templates/sheet.js';
import { addDays, bad, People, type Person, Rng, who, wrongCheckDigit } from './fixtures.js';

export function xiningSamples(seed: number): Partial<Record<KindId, SheetRow[]>> {
  const rng = new Rng(seed);
  const people = new People('630102', rng);
  return {
    settlements: settlements(rng, people),
    contributions: contributions(rng, people),
    'resident-contributions': residentContributions(rng, people),
    'retirement-supplement': retirementSupplement(people),
    'maternity-allowance': maternityAllowance(rng, people),
    'account-refund': accountRefund(rng, people),
  };
}

function settlements(rng: Rng, people: People): SheetRow[] {
  let n = 0;
  const s = (p: Person, f: SheetRow): SheetRow => {
    n += 1;
    return { settlementId: `XN2024${String(n).padStart(6, '0')}`, ...who(p), location: '本地', benefitStatus: '正常', ...f };
  };
  const zhang = people.make('1979-06-18', '男', '测试张某');
  const retiree = people.make('1956-03-02', '男');
  const flex = people.make('1986-11-23', '女');
  const flexNew = people.make('1992-07-09', '男');
  const civil = people.make('1975-09-30', '女');
  const resLowIncome = people.make('1961-01-15', '女');
  const resDestitute = people.make('2009-04-12', '男');
  const resPlain = people.make('1990-08-08', '男');
  const resMarginal = people.make('1968-12-01', '女');
  const mother = people.make('1994-02-14', '女');
  const father = people.make('1991-05-20', '男');
  const emp = { scheme: '职工', employmentStatus: '在职' };
  const ret = { scheme: '职工', employmentStatus: '退休' };
  const res = { scheme: '居民' };
  const inpatient = (visit: string, days: number): SheetRow => ({ visitType: '住院', visitDate: visit, dischargeDate: addDays(visit, days) });

  const rows: SheetRow[] = [
    // 手册二(二)4(1): (7959.12-258-170.75-550)×80% = 5584.30
    s(zhang, { ...emp, ...inpatient('2024-02-03', 12), level: '二级', totalCost: '7959.12', fullySelfPaid: '258', classBSelfPay: '170.75', hisFundPaid: '5584.30', note: '手册二(二)4(1)示例：统筹基金支付5584.30' }),
    s(zhang, { ...emp, visitType: '普通门诊', level: '三级', visitDate: '2024-03-11', totalCost: rng.yuan(180, 420), fullySelfPaid: '0', classBSelfPay: rng.yuan(5, 30) }),
    s(zhang, { ...emp, ...inpatient('2024-06-20', 9), level: '三级', totalCost: rng.yuan(18000, 26000), fullySelfPaid: rng.yuan(600, 1500), classBSelfPay: rng.yuan(800, 1600), hisFundPaid: '12000.00', note: '第2次住院（三级650起付线）；医院计算统筹支付与本系统不同，看「差异」' }),
    s(retiree, { ...ret, visitType: '普通门诊', level: '二级', visitDate: '2024-01-08', totalCost: rng.yuan(120, 300), fullySelfPaid: '0', classBSelfPay: '0' }),
    s(retiree, { ...ret, visitType: '普通门诊', level: '药店', visitDate: '2024-02-19', totalCost: rng.yuan(60, 180), fullySelfPaid: '0', classBSelfPay: '0' }),
    s(retiree, { ...ret, ...inpatient('2024-03-04', 15), level: '一级', totalCost: rng.yuan(6000, 9000), fullySelfPaid: rng.yuan(100, 400), classBSelfPay: rng.yuan(150, 500) }),
    s(retiree, { ...ret, ...inpatient('2024-05-10', 64), level: '三级', totalCost: rng.yuan(60000, 80000), fullySelfPaid: rng.yuan(2000, 5000), classBSelfPay: rng.yuan(3000, 6000), note: '住院64天：≥60天按两次起付线计' }),
    s(retiree, { ...ret, visitType: '门诊慢特病', level: '三级', visitDate: '2024-04-16', disease: '慢性阻塞性肺疾病、冠状动脉粥样硬化性心脏病', totalCost: rng.yuan(2200, 3500), fullySelfPaid: '0', classBSelfPay: rng.yuan(50, 150), accountBalance: '2600' }),
    s(retiree, { ...ret, visitType: '门诊慢特病', level: '二级', visitDate: '2024-07-22', disease: '恶性肿瘤（含淋巴、白血病）', totalCost: rng.yuan(8000, 12000), fullySelfPaid: rng.yuan(200, 600), classBSelfPay: rng.yuan(300, 800) }),
    s(flex, { scheme: '职工', employmentStatus: '灵活就业', flexibleRate: '8%', enrolledMonths: 30, ...inpatient('2024-02-26', 7), level: '二级', totalCost: rng.yuan(5000, 7000), fullySelfPaid: rng.yuan(100, 300), classBSelfPay: rng.yuan(150, 400) }),
    s(flex, { scheme: '职工', employmentStatus: '灵活就业', flexibleRate: '8%', enrolledMonths: 34, visitType: '普通门诊', level: '二级', visitDate: '2024-06-03', totalCost: rng.yuan(200, 400), fullySelfPaid: '0', classBSelfPay: '0' }),
    s(flexNew, { scheme: '职工', employmentStatus: '灵活就业', flexibleRate: '4.2%', enrolledMonths: 4, ...inpatient('2024-04-08', 6), level: '二级', totalCost: rng.yuan(4000, 6000), fullySelfPaid: rng.yuan(100, 300), classBSelfPay: rng.yuan(100, 300), note: '参保不满6个月：住院不享受统筹' }),
    s(flexNew, { scheme: '职工', employmentStatus: '灵活就业', flexibleRate: '4.2%', enrolledMonths: 9, ...inpatient('2024-09-12', 10), level: '三级', totalCost: rng.yuan(30000, 40000), fullySelfPaid: rng.yuan(1000, 2000), classBSelfPay: rng.yuan(1500, 2500), note: '参保6–12个月：住院统筹累计不超过10000' }),
    s(civil, { ...emp, civilServant: '是', ...inpatient('2024-03-18', 11), level: '三级', totalCost: rng.yuan(35000, 45000), fullySelfPaid: rng.yuan(1000, 2500), classBSelfPay: rng.yuan(2000, 3500), note: '公务员医疗补助；超过7000部分大病保险85%' }),
    s(civil, { ...emp, civilServant: '是', visitType: '特殊药品', level: '三级', visitDate: '2024-08-06', totalCost: rng.yuan(12000, 16000), fullySelfPaid: '0', classBSelfPay: rng.yuan(1200, 1600) }),
    s(civil, { ...emp, civilServant: '是', ...inpatient('2024-10-09', 5), level: '二级', totalCost: '1680.00', fullySelfPaid: '120.00', classBSelfPay: '95.00', note: '小额费用（≤2000）保障：政策内个人负担不超过30%' }),
    s(mother, { ...emp, visitType: '生育', maternityItem: '自然分娩', level: '二级', visitDate: '2024-05-06', dischargeDate: '2024-05-09', totalCost: rng.yuan(3000, 4200), fullySelfPaid: rng.yuan(0, 200), classBSelfPay: '0' }),
    s(mother, { ...emp, visitType: '生育', maternityItem: '产前检查', pregnancyMonths: 8, level: '三级', visitDate: '2024-03-22', totalCost: rng.yuan(600, 1100), fullySelfPaid: '0', classBSelfPay: '0', note: '怀孕满7个月以上：产前检查800' }),
    s(father, { ...emp, visitType: '生育', maternityItem: '剖宫产', maternityFor: '配偶未参保', babies: 2, level: '三级', visitDate: '2024-09-01', dischargeDate: '2024-09-07', totalCost: rng.yuan(9000, 12000), fullySelfPaid: rng.yuan(200, 600), classBSelfPay: '0', note: '配偶未参保：按限额50%一次性支付' }),
    s(resLowIncome, { ...res, assistance: '低保', ...inpatient('2024-01-22', 21), level: '三级', totalCost: rng.yuan(58000, 70000), fullySelfPaid: rng.yuan(2000, 4000), classBSelfPay: rng.yuan(3000, 5000), note: '居民低保：大病保险6000以上85%，医疗救助80%' }),
    s(resLowIncome, { ...res, assistance: '低保', visitType: '门诊慢特病', level: '二级', visitDate: '2024-04-03', disease: '慢性肾炎', totalCost: rng.yuan(900, 1600), fullySelfPaid: '0', classBSelfPay: rng.yuan(20, 80) }),
    s(resLowIncome, { ...res, assistance: '低保', visitType: '两病门诊', level: '一级', visitDate: '2024-05-14', disease: '高血压、糖尿病', totalCost: rng.yuan(150, 300), fullySelfPaid: '0', classBSelfPay: '0' }),
    s(resDestitute, { ...res, assistance: '特困', ...inpatient('2024-02-12', 8), level: '二级', totalCost: rng.yuan(7000, 9500), fullySelfPaid: rng.yuan(200, 500), classBSelfPay: rng.yuan(300, 600), note: '特困：医疗救助100%' }),
    s(resDestitute, { ...res, assistance: '特困', visitType: '普通门诊', level: '社区', visitDate: '2024-03-05', totalCost: rng.yuan(80, 160), fullySelfPaid: '0', classBSelfPay: '0' }),
    s(resPlain, { ...res, assistance: '无', visitType: '普通门诊', level: '三级', visitDate: '2024-01-30', totalCost: rng.yuan(200, 500), fullySelfPaid: rng.yuan(0, 40), classBSelfPay: '0' }),
    s(resPlain, { ...res, assistance: '无', ...inpatient('2024-07-15', 6), level: '一级', totalCost: rng.yuan(2500, 4000), fullySelfPaid: rng.yuan(50, 150), classBSelfPay: rng.yuan(60, 200) }),
    s(resPlain, { ...res, assistance: '无', location: '异地临时外出', ...inpatient('2024-10-21', 9), level: '三级', totalCost: rng.yuan(15000, 22000), fullySelfPaid: rng.yuan(800, 1500), classBSelfPay: rng.yuan(900, 1800), note: '跨省临时外出：比例降低10个百分点' }),
    s(resMarginal, { ...res, assistance: '低保边缘', ...inpatient('2024-06-02', 14), level: '三级', totalCost: rng.yuan(26000, 32000), fullySelfPaid: rng.yuan(800, 1600), classBSelfPay: rng.yuan(1200, 2000) }),
    s(resMarginal, { ...res, assistance: '低保边缘', exclusion: '第三人责任', ...inpatient('2024-11-03', 5), level: '二级', totalCost: rng.yuan(3000, 5000), fullySelfPaid: '0', classBSelfPay: '0', note: '应由第三人负担：基金不予支付（警告）' }),
    s(resMarginal, { ...res, assistance: '低保边缘', benefitStatus: '等待期', visitType: '普通门诊', level: '一级', visitDate: '2024-02-07', totalCost: rng.yuan(60, 120), fullySelfPaid: '0', classBSelfPay: '0', note: '等待期：统筹不支付' }),
  ];
  const bads: SheetRow[] = [
    bad(s(resPlain, { ...res, idNumber: wrongCheckDigit(resPlain.id), visitType: '普通门诊', level: '二级', visitDate: '2024-08-19', totalCost: '156.00' }), '身份证号校验码错误'),
    bad(s(retiree, { ...ret, visitType: '普通门诊', level: '四级', visitDate: '2024-08-20', totalCost: '88.00' }), '医院等级「四级」不是可选值'),
    bad(s(flex, { scheme: '职工', employmentStatus: '灵活就业', flexibleRate: '8%', enrolledMonths: 36, visitType: '普通门诊', level: '二级', visitDate: '2024-08-21', totalCost: '-120.00' }), '医疗总费用为负数'),
    bad(s(zhang, { ...emp, ...inpatient('2024-08-22', 3), level: '二级', totalCost: '2000.00', fullySelfPaid: '1500.00', classBSelfPay: '800.00' }), '全自费金额+乙类自付金额大于医疗总费用'),
    bad(s(civil, { ...emp, visitType: '住院', level: '三级', visitDate: '2024-08-23', dischargeDate: '2024-08-13', totalCost: '5200.00', fullySelfPaid: '100.00', classBSelfPay: '200.00' }), '出院日期早于入院日期'),
  ];
  const dup = { ...s(resDestitute, { ...res, assistance: '特困', visitType: '普通门诊', level: '社区', visitDate: '2024-08-26', totalCost: '64.50', fullySelfPaid: '0', classBSelfPay: '0' }) };
  dup['settlementId'] = rows[1]!['settlementId'];
  bads.push(bad(dup, `结算号${String(dup['settlementId'])}重复`));
  // Interleave the bad rows so they sit among good ones, as in a real export.
  const out: SheetRow[] = [];
  rows.forEach((r, i) => {
    out.push(r);
    if (i % 5 === 4 && bads.length) out.push(bads.shift()!);
  });
  return [...out, ...bads];
}

function contributions(rng: Rng, people: People): SheetRow[] {
  const rows: SheetRow[] = [];
  const months = ['2024-01', '2024-02', '2024-03'];
  const employees: { p: Person; wage: string; type: string; civil?: string }[] = [
    { p: people.make('1985-04-11', '男'), wage: rng.yuan(5000, 7000), type: '企业' },
    { p: people.make('1990-10-02', '女'), wage: rng.yuan(3500, 4500), type: '企业' },
    { p: people.make('1978-01-25', '男'), wage: rng.yuan(9000, 12000), type: '机关' }, // 公务员医疗补助: the handbook gives no rate
    { p: people.make('1983-07-07', '女'), wage: rng.yuan(6000, 8000), type: '全额拨款事业' },
    { p: people.make('1995-12-19', '男'), wage: rng.yuan(4000, 5000), type: '自收自支事业' },
  ];
  for (const m of months) {
    for (const e of employees) {
      rows.push({ ...who(e.p), category: '在职', wage: e.wage, employerType: e.type, civilServant: e.civil ?? '否', firstOfYear: m === '2024-01' ? '是' : '否', period: m });
    }
  }
  const retired = [people.make('1958-06-30', '男'), people.make('1964-02-08', '女')];
  for (const p of retired) {
    rows.push({ ...who(p), category: '退休', pension: rng.yuan(3800, 5200), employerType: '企业', firstOfYear: '是', period: '2024-01', note: '退休：年度首次缴纳大病保险60元' });
    rows.push({ ...who(p), category: '退休', pension: rng.yuan(3800, 5200), employerType: '企业', firstOfYear: '否', period: '2024-02' });
  }
  const flex8 = people.make('1988-09-14', '女');
  const flex42 = people.make('1972-03-03', '男');
  rows.push({ ...who(flex8), category: '灵活就业', flexibleRate: '8%', firstOfYear: '是', period: '2024-01', note: '灵活就业8%：8029×8%=642.32' });
  rows.push({ ...who(flex8), category: '灵活就业', flexibleRate: '8%', firstOfYear: '否', period: '2024-02' });
  rows.push({ ...who(flex42), category: '灵活就业', flexibleRate: '4.2%', firstOfYear: '是', period: '2024-01', note: '灵活就业4.2%：8029×4.2%=337.22' });
  rows.push({ ...who(flex42), category: '灵活就业', flexibleRate: '4.2%', firstOfYear: '否', period: '2024-02' });
  const e0 = employees[0]!.p;
  const e1 = employees[1]!.p;
  rows.push(bad({ ...who(e0), idNumber: wrongCheckDigit(e0.id), category: '在职', wage: '5600.00', employerType: '企业', period: '2024-04' }, '身份证号校验码错误'));
  rows.push(bad({ ...who(e1), category: '临时工', wage: '4100.00', employerType: '企业', period: '2024-04' }, '人员类别「临时工」不是可选值'));
  rows.push(bad({ ...who(e1), category: '在职', wage: '-4100.00', employerType: '企业', period: '2024-05' }, '缴费工资为负数'));
  rows.push(bad({ ...who(flex8), category: '灵活就业', flexibleRate: '6%', period: '2024-04' }, '缴费档次「6%」不是可选值'));
  return rows;
}

function residentContributions(rng: Rng, people: People): SheetRow[] {
  const r = (p: Person, paidOn: string, f: SheetRow = {}): SheetRow => ({ ...who(p), subsidyCategory: '无', paidOn, coverageYear: 2024, newborn: '否', ...f });
  const adults = Array.from({ length: 8 }, () => people.make(`19${rng.int(70, 99)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`, rng.pick(['男', '女'] as const)));
  const [a0, a1, a2, a3, a4, a5, a6, a7] = adults as [Person, Person, Person, Person, Person, Person, Person, Person];
  const baby = people.make('2024-05-01', '女');
  const elder = people.make('1950-11-11', '男');
  const child = people.make('2012-06-06', '女');
  const rows: SheetRow[] = [
    r(a0, '2023-09-01', { note: '集中缴费期首日：2024-01-01起享受待遇' }),
    r(a1, '2023-12-31', { note: '上一年12月31日缴费：2024-01-01起享受待遇' }),
    r(a2, '2024-01-01', { note: '当年1月1日缴费：自缴费之日起享受' }),
    r(a3, '2024-03-31'),
    r(a4, '2024-04-01', { note: '4月1日后缴费：60天后享受' }),
    r(a5, '2024-06-30'),
    r(a6, '2024-07-01', { note: '7月1日以后：个人缴费+财政补助=1060，60天后享受' }),
    r(a7, '2024-09-20'),
    r(people.make('1966-03-21', '女'), '2023-10-12', { subsidyCategory: '特困', note: '全额资助：0元' }),
    r(people.make('2011-08-30', '男'), '2023-10-12', { subsidyCategory: '孤儿', note: '孤儿属特困（全额资助）' }),
    r(people.make('1959-05-05', '男'), '2023-11-02', { subsidyCategory: '城镇低保', note: '50%资助：190元' }),
    r(people.make('1973-02-17', '女'), '2023-11-02', { subsidyCategory: '农村低保' }),
    r(people.make('1969-09-09', '男'), '2023-12-05', { subsidyCategory: '重点优抚' }),
    r(elder, '2024-02-20', { subsidyCategory: '低收入老年人' }),
    r(child, '2024-02-20', { subsidyCategory: '低收入未成年人' }),
    r(people.make('1980-04-04', '女'), '2023-12-15', { subsidyCategory: '脱贫人口中的农村低保', note: '过渡期2024年资助60%：152元' }),
    r(people.make('1977-07-27', '男'), '2024-01-18', { subsidyCategory: '返贫致贫人口' }),
    r(people.make('1985-10-10', '女'), '2024-05-08', { subsidyCategory: '易返贫致贫人口', note: '不受缴费期限制：自缴费之日起' }),
    r(people.make('1982-12-12', '男'), '2024-03-15', { subsidyCategory: '稳定脱贫人口', note: '不资助：380元' }),
    r(people.make('1976-06-16', '女'), '2024-03-15', { subsidyCategory: '支出型贫困' }),
    r(people.make('1987-08-18', '男'), '2024-02-01', { subsidyCategory: '低收入成年人' }),
    r(people.make('1963-01-31', '女'), '2024-08-12', { subsidyCategory: '特困', note: '资助对象7月后缴费仍按资助标准' }),
    r(baby, '2024-06-10', { newborn: '是', birthDate: '2024-05-01', note: '新生儿出生90日内参保' }),
  ];
  rows.splice(5, 0, bad(r(a3, '2024-02-11', { idNumber: wrongCheckDigit(a3.id) }), '身份证号校验码错误'));
  rows.splice(12, 0, bad(r(a5, '2024-02-11', { subsidyCategory: '低保户' }), '资助类别「低保户」不是可选值'));
  rows.push(bad(r(a7, '2024-02-30'), '缴费日期2024-02-30不存在'));
  rows.push(bad(r(a6, '2024-03-01', { coverageYear: '-2024' }), '参保年度为负数'));
  return rows;
}

function retirementSupplement(people: People): SheetRow[] {
  const man = people.make('1964-08-01', '男');
  const manFlex = people.make('1964-07-15', '男');
  const woman = people.make('1974-08-01', '女');
  const womanFlex = people.make('1974-06-20', '女');
  const r = (p: Person, f: SheetRow): SheetRow => ({ ...who(p), sex: p.sex, retirementDate: '2024-08-01', ...f });
  const rows: SheetRow[] = [
    r(man, { insuredAs: '单位参保', actualMonths: 102, deemedMonths: 129, baseBeforeRetirement: '4817', note: '手册六(三)4 男·单位参保：合计64637.19' }),
    r(manFlex, { insuredAs: '灵活就业', actualMonths: 102, deemedMonths: 129, note: '手册六(三)4 男·灵活就业：合计82040.58' }),
    r(woman, { insuredAs: '单位参保', actualMonths: 102, deemedMonths: 69, baseBeforeRetirement: '4817', note: '手册六(三)4 女·单位参保：合计64637.19' }),
    r(womanFlex, { insuredAs: '灵活就业', actualMonths: 102, deemedMonths: 69, note: '手册六(三)4 女·灵活就业：合计82040.58' }),
    r(people.make('1964-03-09', '男'), { insuredAs: '单位参保', actualMonths: 240, deemedMonths: 130, baseBeforeRetirement: '6120', retirementDate: '2024-03-01', note: '年限已满：无需补缴' }),
    r(people.make('1964-05-21', '男'), { insuredAs: '单位参保', actualMonths: 180, deemedMonths: 170, baseBeforeRetirement: '5350', retirementDate: '2024-05-01', note: '实际缴费刚满15年，总年限差10个月' }),
    r(people.make('1974-01-30', '女'), { insuredAs: '灵活就业', actualMonths: 179, deemedMonths: 121, retirementDate: '2024-02-01', note: '实际缴费差1个月' }),
    r(people.make('1969-10-10', '女'), { insuredAs: '单位参保', actualMonths: 150, deemedMonths: 0, baseBeforeRetirement: '3980', retirementDate: '2024-10-01' }),
    r(people.make('1964-11-02', '男'), { insuredAs: '灵活就业', actualMonths: 300, deemedMonths: 60, retirementDate: '2024-11-01' }),
    r(people.make('1974-04-18', '女'), { insuredAs: '单位参保', actualMonths: 60, deemedMonths: 200, baseBeforeRetirement: '4500', retirementDate: '2024-04-01' }),
  ];
  for (let i = 0; i < 10; i++) {
    const sex = i % 2 === 0 ? '男' : '女';
    const month = String(1 + i).padStart(2, '0');
    const p = people.make(`${sex === '男' ? 1964 : 1974}-${month}-1${i % 10}`, sex);
    const unit = i % 3 !== 0;
    rows.push(r(p, { insuredAs: unit ? '单位参保' : '灵活就业', actualMonths: 120 + i * 17, deemedMonths: 40 + i * 11, baseBeforeRetirement: unit ? String(3800 + i * 235) : '', retirementDate: `2024-${month}-01` })); // int: sample spread
  }
  rows.push(bad(r(man, { idNumber: wrongCheckDigit(man.id), insuredAs: '单位参保', actualMonths: 120, deemedMonths: 100, baseBeforeRetirement: '5000' }), '身份证号校验码错误'));
  rows.push(bad(r(woman, { insuredAs: '个体户', actualMonths: 120, deemedMonths: 60 }), '参保身份「个体户」不是可选值'));
  rows.push(bad(r(manFlex, { insuredAs: '灵活就业', actualMonths: -12, deemedMonths: 60 }), '实际缴费月数为负数'));
  rows.push(bad(r(womanFlex, { insuredAs: '单位参保', actualMonths: 150, deemedMonths: 30, baseBeforeRetirement: '-4200' }), '退休前月缴费基数为负数'));
  return rows;
}

function maternityAllowance(rng: Rng, people: People): SheetRow[] {
  const m = (birth: string, f: SheetRow): SheetRow => ({ ...who(people.make(birth, '女')), ...f });
  const rows: SheetRow[] = [
    m('1993-03-03', { unitAverageBase: '5000', leaveDays: 158, leaveType: '顺产', eventDate: '2024-04-12', note: '手册示例：5000÷30×158=26333.34' }),
    m('1990-07-21', { unitAverageBase: rng.yuan(5500, 7500), leaveDays: 173, leaveType: '剖宫产', eventDate: '2024-02-27' }),
    m('1996-01-09', { unitAverageBase: rng.yuan(4000, 5000), leaveDays: 173, leaveType: '顺产（双胞胎）', eventDate: '2024-06-03' }),
    m('1988-11-30', { unitAverageBase: rng.yuan(8000, 11000), leaveDays: 188, leaveType: '剖宫产（双胞胎）', eventDate: '2024-03-18' }),
    m('1992-05-16', { unitAverageBase: rng.yuan(4500, 6000), leaveDays: 15, leaveType: '怀孕未满4个月流产', eventDate: '2024-05-02' }),
    m('1991-09-25', { unitAverageBase: rng.yuan(4500, 6000), leaveDays: 42, leaveType: '怀孕满4个月流产', eventDate: '2024-07-08' }),
    m('1997-12-12', { unitAverageBase: rng.yuan(3600, 4200), leaveDays: 158, leaveType: '顺产', eventDate: '2024-08-20' }),
    m('1989-04-04', { unitAverageBase: rng.yuan(6000, 9000), leaveDays: 21, leaveType: '放置节育器', eventDate: '2024-01-15' }),
    m('1994-10-28', { unitAverageBase: rng.yuan(5000, 6500), leaveDays: 158, leaveType: '顺产', eventDate: '2024-09-09' }),
  ];
  const leave = [['顺产', 158], ['剖宫产', 173], ['顺产', 158], ['怀孕满4个月流产', 42]] as const;
  for (let i = 0; i < 10; i++) {
    const [type, days] = rng.pick(leave);
    rows.push(m(`19${rng.int(86, 99)}-0${rng.int(1, 9)}-${rng.int(10, 28)}`, { unitAverageBase: rng.yuan(3600, 12000), leaveDays: days, leaveType: type, eventDate: `2024-${String(rng.int(1, 9)).padStart(2, '0')}-${rng.int(10, 28)}` }));
  }
  const p = people.make('1995-02-02', '女');
  rows.push(bad({ ...who(p), idNumber: wrongCheckDigit(p.id), unitAverageBase: '5200', leaveDays: 158, leaveType: '顺产', eventDate: '2024-05-05' }, '身份证号校验码错误'));
  rows.push(bad(m('1993-08-08', { unitAverageBase: '-5000', leaveDays: 158, leaveType: '顺产', eventDate: '2024-06-06' }), '单位上年度月平均缴费基数为负数'));
  rows.push(bad(m('1992-12-01', { unitAverageBase: '5000', leaveDays: '一百五十八', leaveType: '顺产', eventDate: '2024-06-07' }), '假期天数不是数字'));
  return rows;
}

function accountRefund(rng: Rng, people: People): SheetRow[] {
  const r = (p: Person, f: SheetRow): SheetRow => ({ ...who(p), ...f });
  const rows: SheetRow[] = [
    r(people.make('1948-05-12', '男'), { category: '单位参保', balance: '1824.32', deathDate: '2024-07-16', handledOn: '2024-08-05', monthlyCredit: '90', note: '手册六(四)3示例：扣除7月90元，返还1734.32' }),
    r(people.make('1952-09-03', '女'), { category: '灵活就业', balance: '1824.32', deathDate: '2024-07-02', handledOn: '2024-08-27', monthlyCredit: '90', note: '手册六(四)3示例（灵活就业）：返还1734.32' }),
    r(people.make('1945-01-20', '男'), { category: '退休', balance: '3561.80', deathDate: '2024-03-09', handledOn: '2024-06-18', monthlyCredit: '90', note: '扣除3、4、5月' }),
    r(people.make('1950-12-24', '女'), { category: '退休', balance: '956.45', deathDate: '2024-05-28', handledOn: '2024-05-30', note: '当月办理：不扣除；月划入额缺省90' }),
    r(people.make('1939-06-06', '男'), { category: '退休', balance: '12480.07', deathDate: '2023-12-19', handledOn: '2024-02-02', monthlyCredit: '90' }),
    r(people.make('1956-02-29', '女'), { category: '退休', balance: '268.10', deathDate: '2024-01-05', handledOn: '2024-09-10', monthlyCredit: '90', note: '扣除额超过余额' }),
  ];
  for (let i = 0; i < 10; i++) {
    const death = rng.int(1, 7); // int: month of death
    const handled = death + rng.int(0, 3); // int: month of handling
    rows.push(r(people.make(`19${rng.int(35, 58)}-${String(rng.int(1, 12)).padStart(2, '0')}-${rng.int(10, 28)}`, rng.pick(['男', '女'] as const)), {
      category: rng.pick(['退休', '单位参保', '灵活就业']),
      balance: rng.yuan(200, 9000),
      deathDate: `2024-0${death}-${rng.int(10, 20)}`,
      handledOn: `2024-${String(handled).padStart(2, '0')}-${rng.int(21, 28)}`,
      monthlyCredit: '90',
    }));
  }
  const p = people.make('1947-03-15', '男');
  rows.push(bad(r(p, { idNumber: wrongCheckDigit(p.id), category: '退休', balance: '1500.00', deathDate: '2024-04-01', handledOn: '2024-05-06' }), '身份证号校验码错误'));
  rows.push(bad(r(people.make('1951-07-07', '女'), { category: '离休', balance: '2000.00', deathDate: '2024-04-11', handledOn: '2024-05-06' }), '人员类别「离休」不是可选值'));
  rows.push(bad(r(people.make('1949-08-18', '男'), { category: '退休', balance: '-35.00', deathDate: '2024-04-21', handledOn: '2024-05-06' }), '个人账户余额为负数'));
  return rows;
}
