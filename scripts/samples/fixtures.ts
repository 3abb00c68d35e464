/** Building blocks of the sample workbooks: a seeded PRNG, fictional people with valid IDs, amounts. */
import { checkDigit } from '../../src/kinds/idcard.js';
import { D } from '../../src/money.js';
import type { SheetRow } from '../../src/templates/sheet.js';

/** mulberry32: small, fast, deterministic. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1)); // int: integer range
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  /** An amount in yuan between lo and hi (whole yuan bounds), with fen. */
  yuan(lo: number, hi: number): string {
    return D(this.int(lo * 100, hi * 100)).dividedBy(100).toFixed(2); // int: bounds in fen
  }
}

const NAMES = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸', '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥'];

export interface Person {
  name: string;
  id: string;
  birth: string;
  sex: '男' | '女';
}

/** Hands out obviously fictional people (测试甲, 测试乙, …) with valid GB 11643 numbers. */
export class People {
  private n = 0;
  constructor(
    private readonly region: string,
    private readonly rng: Rng,
  ) {}

  make(birth: string, sex: '男' | '女', name?: string): Person {
    const base = NAMES[this.n % NAMES.length]!;
    const round = Math.floor(this.n / NAMES.length); // int: name cycle
    this.n += 1;
    const seq = this.rng.int(10, 499) * 2 + (sex === '男' ? 1 : 0); // int: odd = male
    const first17 = `${this.region}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
    return { name: name ?? `测试${base}${round ? round + 1 : ''}`, id: first17 + checkDigit(first17), birth, sex };
  }
}

/** The same ID with a wrong check character. */
export function wrongCheckDigit(id: string): string {
  const right = id[17]!;
  const wrong = right === '1' ? '2' : '1';
  return id.slice(0, 17) + wrong;
}

export function addDays(iso: string, days: number): string {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days); // int: calendar days
  return t.toISOString().slice(0, 10);
}

export const NOTE = { key: 'note', zh: '备注', help: '样例说明（本列不参与计算，会原样保留）' } as const;

/** Mark a row as deliberately wrong (the 备注 column says what the engine should report). */
export function bad(row: SheetRow, what: string): SheetRow {
  return { ...row, note: `故意错误：${what}` };
}

export function who(p: Person): SheetRow {
  return { idNumber: p.id, name: p.name };
}
