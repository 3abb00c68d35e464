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
  constructor(
    readonly total: Decimal,
    inScope: Decimal,
  ) {
    this.residualScope = floor0(dmin(inScope, total));
  }

  /** What the next payer may work on. */
  get residual(): Decimal {
    return this.residualScope;
  }

  /** Pay `amount` (rounded to the fen, capped at the residual); returns what was actually paid. */
  pay(payer: string, amount: Decimal): Decimal {
    const paid = dmin(floor0(round2(amount)), this.residualScope);
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
