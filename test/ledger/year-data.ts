/**
 * A generated year of settlements for one city: both schemes, inpatient (caps binding for some), general
 * outpatient, chronic, two-diseases, special drugs, critical illness, assistance, civil servants, in a
 * scattered sheet order. No outpatient visit falls inside a stay (LEDGER.md: split equals whole holds for
 * such data). Names and ID numbers are distinctive, for the privacy scans.
 */
import { rng } from '../large/workbooks.js';
import { idFor } from '../helpers/rows.js';
import type { Cell } from './helpers.js';

export const YEAR_HEADERS = ['结算号', '身份证号', '姓名', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额', '病种', '救助类别', '公务员医疗补助', '年缴费基数', '省定大病补偿额', '个人账户上年结余', '缴费档次', '参保月数'];

export interface YearData {
  rows: Cell[][];
  /** Per row, the quarter (1–4) of its settlement date. */
  quarter: number[];
  ids: string[];
  names: string[];
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const DAY = 86_400_000;

export function generateYear(city: 'xining' | 'dongying', persons: number, seed: number): YearData {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const year = city === 'xining' ? 2024 : 2021;
  const rows: Cell[][] = [];
  const quarter: number[] = [];
  const ids: string[] = [];
  const names: string[] = [];
  let n = 0;
  for (let p = 0; p < persons; p++) {
    const id = idFor(`19${50 + (p % 45)}${String(1 + (p % 12)).padStart(2, '0')}${String(1 + (p % 27)).padStart(2, '0')}`, 100 + p);
    const name = `测试者${String.fromCharCode(0x4e00 + 37 * p)}${p}`;
    ids.push(id);
    names.push(name);
    const employee = r() < 0.7;
    const status = employee ? pick(['在职', '在职', '退休', '灵活就业']) : null;
    const civil = employee && status !== '灵活就业' && r() < 0.15;
    const assistance = r() < 0.15 ? pick(['低保', '特困', '低保边缘']) : null;
    const chronicDisease = r() < 0.3 ? (city === 'xining' ? pick(['高血压', '糖尿病', '恶性肿瘤', '冠状动脉粥样硬化性心脏病']) : pick(['高血压', '糖尿病', '恶性肿瘤'])) : null;
    const big = r() < 0.12; // stays large enough for the annual caps to bind
    let t = Date.UTC(year, 0, 1 + Math.floor(r() * 20));
    const end = Date.UTC(year, 11, 20);
    while (t < end) {
      const kind = r();
      const level = pick(['一级', '二级', '三级', '三级']);
      let visit: string;
      let from = iso(t);
      let to: string | null = null;
      let total: number;
      let disease: string | null = null;
      if (kind < 0.35) {
        visit = '住院';
        const len = 3 + Math.floor(r() * 20);
        to = iso(t + len * DAY);
        t += (len + 3 + Math.floor(r() * 30)) * DAY;
        total = Math.round((big ? 150_000 + r() * 300_000 : 3_000 + r() * 40_000) * 100) / 100;
      } else {
        if (kind < 0.55) visit = '普通门诊';
        else if (kind < 0.75 && chronicDisease) {
          visit = '门诊慢特病';
          disease = chronicDisease;
        } else if (kind < 0.85 && !employee && city === 'xining') {
          visit = '两病门诊';
          disease = pick(['高血压', '糖尿病']);
        } else if (kind < 0.9 && employee) {
          visit = '特殊药品';
          disease = '肺癌';
        } else visit = '普通门诊';
        from = iso(t);
        t += (2 + Math.floor(r() * 25)) * DAY;
        total = Math.round((visit === '特殊药品' ? 5_000 + r() * 30_000 : 80 + r() * 2_500) * 100) / 100;
      }
      const settled = to ?? from;
      if (Number(settled.slice(0, 4)) !== year) break;
      n += 1;
      rows.push([
        `${city.slice(0, 2).toUpperCase()}${String(n).padStart(6, '0')}`,
        id,
        name,
        employee ? '职工' : '居民',
        status,
        visit,
        visit === '普通门诊' && !employee ? pick(['一级', '社区']) : level,
        from,
        to,
        total,
        Math.round(total * r() * 8) / 100,
        Math.round(total * r() * 6) / 100,
        disease,
        assistance,
        civil ? '是' : null,
        civil ? 60_000 + Math.floor(r() * 60_000) : null,
        visit === '特殊药品' && employee ? Math.round(total * 0.2 * 100) / 100 : null,
        employee && city === 'xining' ? Math.round(r() * 3_000 * 100) / 100 : null,
        status === '灵活就业' && city === 'xining' ? pick(['8%', '4.2%']) : null,
        status === '灵活就业' ? 36 : null,
      ]);
      quarter.push(Math.floor((Number(settled.slice(5, 7)) - 1) / 3) + 1);
    }
  }
  // A scattered sheet order (the engine sorts by settlement date per person).
  const order = rows.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return { rows: order.map((i) => rows[i]!), quarter: order.map((i) => quarter[i]!), ids, names };
}
