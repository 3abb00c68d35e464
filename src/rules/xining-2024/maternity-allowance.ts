import { type RuleModule, unsupportedKind } from '../types.js';

export const maternityAllowanceModule: RuleModule = unsupportedKind('maternity-allowance', '尚未实现 / not implemented yet');
