import { type RuleModule, unsupportedKind } from '../types.js';

export const settlementsModule: RuleModule = unsupportedKind('settlements', '尚未实现 / not implemented yet');
