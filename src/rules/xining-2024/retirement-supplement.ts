import { type RuleModule, unsupportedKind } from '../types.js';

export const retirementSupplementModule: RuleModule = unsupportedKind('retirement-supplement', '尚未实现 / not implemented yet');
