import { type RuleModule, unsupportedKind } from '../types.js';

export const contributionsModule: RuleModule = unsupportedKind('contributions', '尚未实现 / not implemented yet');
