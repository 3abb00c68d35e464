import { type RuleModule, unsupportedKind } from '../types.js';

export const accountRefundModule: RuleModule = unsupportedKind('account-refund', '尚未实现 / not implemented yet');
