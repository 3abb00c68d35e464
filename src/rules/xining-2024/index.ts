import { assembleRuleSet, type RuleSet } from '../types.js';
import { accountRefundModule } from './account-refund.js';
import { common } from './common.js';
import { contributionsModule } from './contributions.js';
import { maternityAllowanceModule } from './maternity-allowance.js';
import { residentContributionsModule } from './resident-contributions.js';
import { retirementSupplementModule } from './retirement-supplement.js';
import { settlementsModule } from './settlements.js';

export const xining2024: RuleSet = assembleRuleSet(
  {
    id: 'xining-2024',
    name: '西宁市城中区医疗保障政策（2024）',
    city: '西宁',
    title: '西宁市城中区医疗保障局《医疗保障政策宣传手册》（政策截至2024年8月）',
    textFile: 'xining-chengzhong-2024-medical-security-handbook.txt',
    period: { from: '2023-01-01' },
  },
  common,
  [contributionsModule, settlementsModule, residentContributionsModule, retirementSupplementModule, maternityAllowanceModule, accountRefundModule],
);
