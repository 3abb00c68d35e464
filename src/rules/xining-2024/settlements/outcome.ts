/** What a visit type's basic-insurance rule hands to the later payers and to the result columns. */
import type { Decimal } from '../../../money.js';
import { fmtPlain } from '../../../money.js';
import type { cap } from '../../ops/index.js';
import type { Bill } from './bill.js';

export interface BasicOutcome {
  /** 政策范围内费用 E = 医疗总费用 − 全自费 − 乙类自付. */
  eligible: Decimal;
  deductible?: Decimal;
  /** Basic pooled-fund payment (already paid into the chain as `fund`). */
  fund?: Decimal;
  maternity?: Decimal;
  /** 个人账户支付 (employee class-2 chronic: the prior-year balance above 1,000). Not a fund. */
  account?: Decimal;
  /** 本年住院次数 after this row (inpatient rows). */
  admissionNo?: number;
  /** Which critical-illness insurance this row's in-scope burden feeds (RULES.md Xining "Critical illness"). */
  criticalIllness?: 'employee' | 'resident';
  /** 公务员医疗补助 applies (employee inpatient). */
  civilServant?: boolean;
  /** Which medical-assistance line this row belongs to (residents, 一(二)5). */
  assistance?: 'inpatient' | 'chronic' | 'outpatient';
}

/** The 计算依据 step of an annual cap that cut the amount. */
export function capStep(bill: Bill, label: string, capId: string, c: ReturnType<typeof cap>): void {
  if (!c.bound) return;
  const { params, trace } = bill.ctx;
  trace.step(`${label}${fmtPlain(params.get(capId))}，本年剩余${fmtPlain(c.room)}，支付${c.value.toFixed(2)}(${params.ref(capId)})`);
}
