export { clamp, type ClampBound } from './clamp.js';
export { deduct, deductibleLeft } from './deduct.js';
export { adjustByPoints, applyRatio, ratioLimitedWarning } from './ratio.js';
export { cap } from './cap.js';
export { annualExcess } from './threshold.js';
export { outOfRangeWarning, PayerChain, type Payment } from './payer-chain.js';
