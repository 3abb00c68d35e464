import { type RuleModule, unsupportedKind } from '../types.js';

export const residentContributionsModule: RuleModule = unsupportedKind('resident-contributions', '尚未实现 / not implemented yet');
