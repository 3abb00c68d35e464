import { type Decimal, ZERO, dmin, floor0, round2 } from '../../money.js';

export interface Payment {
  payer: string;
  amount: Decimal;
}

/**
 * The payer chain of one settlement (RULES.md §General 8): each payer works only on the in-scope
 * residual left by the earlier ones and never pays more than it. Amounts are rounded to the fen when
 * they are paid (once per payer); the patient's share is the exact complement of the total.
 */
export class PayerChain {
  private readonly payments: Payment[] = [];
  private residualScope: Decimal;
  /** Σ payments in payment order (as `sum` would add them), kept as they are paid. */
  private paidTotal: Decimal = ZERO;

  /**
   * @param total  医疗总费用
   * @param inScope the part of the total the funds may pay at all (医疗总费用 − 全自费金额)
   */
  /**
   * @param onOutOfRange told when the basic fund's amount (a ratio of what is left after the deductible)
   *   exceeds the whole in-scope amount, or any amount is negative: the result is limited, and the row
   *   should say so (警告) — only parameters set outside what the policy text gives get there. Other
   *   payers paying "up to" a limit, or meeting a residual earlier payers left, are the chain as designed.
   */
  constructor(
    readonly total: Decimal,
    inScope: Decimal,
    private readonly onOutOfRange?: (payer: string, computed: Decimal, paid: Decimal) => void,
  ) {
    this.residualScope = floor0(dmin(inScope, total));
  }

  /** What the next payer may work on. */
  get residual(): Decimal {
    return this.residualScope;
  }

  /** Pay `amount` (rounded to the fen, capped at the residual); returns what was actually paid. */
  pay(payer: string, amount: Decimal): Decimal {
    const rounded = round2(amount);
    const paid = dmin(floor0(rounded), this.residualScope);
    if (this.onOutOfRange && (rounded.isNegative() || (payer === 'fund' && rounded.greaterThan(this.residualScope)))) this.onOutOfRange(payer, rounded, paid);
    this.residualScope = this.residualScope.minus(paid);
    this.payments.push({ payer, amount: paid });
    this.paidTotal = this.paidTotal.plus(paid);
    return paid;
  }

  paid(payer: string): Decimal {
    let s = ZERO;
    for (const p of this.payments) if (p.payer === payer) s = s.plus(p.amount);
    return s;
  }

  get fundTotal(): Decimal {
    return this.paidTotal;
  }

  /** 个人负担 = 医疗总费用 − 基金支付合计 (RULES.md §General 1). */
  get patient(): Decimal {
    return this.total.minus(this.fundTotal);
  }

  get all(): readonly Payment[] {
    return this.payments;
  }
}

export const NOTHING = ZERO;

/** The 警告 of a result limited by the payer chain (PayerChain's onOutOfRange), for a row's trace. */
export function outOfRangeWarning(payer: string, computed: Decimal, paid: Decimal): string {
  return `${PAYER_ZH[payer] ?? payer}计算为 ${computed.toFixed(2)} 元，超出可支付范围，按 ${paid.toFixed(2)} 元计（请检查参数覆盖） / ${payer} computed as ${computed.toFixed(2)} is out of range and was limited to ${paid.toFixed(2)} (check parameter overrides)`;
}

const PAYER_ZH: Record<string, string> = {
  fund: '统筹基金支付',
  largeMedical: '大额医疗补助',
  criticalIllness: '大病保险支付',
  civilServant: '公务员医疗补助',
  assistance: '医疗救助',
  maternity: '生育保险支付',
};
