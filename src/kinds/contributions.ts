import { SEX, YES_NO } from './enums.js';
import { ID_COLUMN, NAME_COLUMN } from './identity.js';
import type { KindDef } from './types.js';

const MONEY = '#,##0.00';

/** contributions — 职工缴费核定 (one row per person per month). Contract: WORKBOOKS.md. */
export const contributions: KindDef = {
  id: 'contributions',
  zh: '职工缴费核定',
  inputs: [
    ID_COLUMN,
    NAME_COLUMN,
    { key: 'sex', zh: '性别', personal: true, type: 'enum', options: SEX, help: '缺省时由身份证号推出', example: '' },
    { key: 'birthDate', zh: '出生日期', personal: true, type: 'date', help: '缺省时由身份证号推出', example: '' },
    { key: 'category', zh: '人员类别', aliases: ['人员类型', '参保人员类别'], type: 'enum', required: true, options: [
      { value: '在职', code: 'employed', aliases: ['在职职工'] },
      { value: '退休', code: 'retired', aliases: ['退休人员'] },
      { value: '灵活就业', code: 'flexible', aliases: ['灵活就业人员'] },
      { value: '失业', code: 'unemployed', aliases: ['失业人员'] },
    ], help: '在职 / 退休 / 灵活就业 / 失业', example: '在职' },
    // HR sheets call the declared monthly wage 缴费基数: read as the input here. The result column of the same
    // name (the base after the floor and ceiling) is then appended as 缴费基数（医保计算）, never a second 缴费基数.
    { key: 'wage', zh: '缴费工资', aliases: ['月缴费工资', '申报工资', '缴费基数申报', '缴费基数', '申报缴费基数', '月缴费基数', '上年度月平均工资'], type: 'money', help: '月缴费工资', example: '6000' },
    { key: 'pension', zh: '月养老金', aliases: ['养老金', '月基本养老金', '基本养老金'], type: 'money', help: '退休人员月养老金', example: '' },
    { key: 'employerType', zh: '单位类型', aliases: ['单位性质'], type: 'enum', options: [
      { value: '企业', code: 'enterprise' },
      { value: '机关', code: 'government' },
      { value: '全额拨款事业', code: 'fully-funded-institution', aliases: ['全额拨款事业单位'] },
      { value: '差额拨款事业', code: 'partly-funded-institution', aliases: ['差额拨款事业单位'] },
      { value: '自收自支事业', code: 'self-funded-institution', aliases: ['自收自支事业单位', '经费自理事业单位'] },
    ], help: '决定生育保险费率（西宁）', example: '企业' },
    { key: 'civilServant', zh: '公务员医疗补助', type: 'enum', options: YES_NO, help: '是否参加公务员医疗补助', example: '否' },
    { key: 'chosenBase', zh: '自选缴费基数', type: 'money', help: '东营灵活就业人员自选的月缴费基数', example: '' },
    { key: 'flexibleRate', zh: '缴费档次', type: 'enum', options: [
      { value: '8%', code: '8', aliases: ['0.08', '8'] },
      { value: '4.2%', code: '4.2', aliases: ['0.042', '4.2'] },
    ], help: '西宁灵活就业人员：8% 或 4.2%', example: '' },
    { key: 'firstOfYear', zh: '年度首次缴费', type: 'enum', options: YES_NO, help: '西宁：本年度首次缴费时加收大病保险费', example: '否' },
    { key: 'largeSubsidy', zh: '大额医疗补助', type: 'enum', options: YES_NO, help: '东营灵活就业人员是否缴纳大额医疗补助', example: '' },
    { key: 'period', zh: '所属期', aliases: ['费款所属期', '缴费月份', '所属年月', '缴费年月'], type: 'month', help: '所属年月 YYYY-MM', example: '2024-02' },
    { key: 'arrears', zh: '欠缴金额', type: 'money', help: '欠缴金额（计算滞纳金）', example: '' },
    { key: 'arrearsFrom', zh: '欠缴起始日期', type: 'date', help: '欠缴之日', example: '' },
    { key: 'paidOn', zh: '缴纳日期', type: 'date', help: '实际缴纳日期', example: '' },
  ],
  results: [
    { key: 'base', zh: '缴费基数', type: 'money', numFmt: MONEY, help: '核定的月缴费基数' },
    { key: 'baseAdjustment', zh: '基数调整', type: 'text', help: '按下限/按上限等' },
    { key: 'employerAmount', zh: '单位缴费', type: 'money', numFmt: MONEY, help: '单位缴纳的基本医疗保险费' },
    { key: 'employeeAmount', zh: '个人缴费', type: 'money', numFmt: MONEY, help: '个人缴纳的基本医疗保险费' },
    { key: 'personalAccount', zh: '划入个人账户', type: 'money', numFmt: MONEY, help: '当月划入个人账户' },
    { key: 'poolingFund', zh: '划入统筹基金', type: 'money', numFmt: MONEY, help: '当月划入统筹基金' },
    { key: 'largeSubsidyFee', zh: '大额医疗补助费', type: 'money', numFmt: MONEY, help: '东营大额医疗补助' },
    { key: 'civilServantFee', zh: '公务员医疗补助费', type: 'money', numFmt: MONEY, help: '公务员医疗补助' },
    { key: 'maternityFee', zh: '生育保险费', type: 'money', numFmt: MONEY, help: '生育保险费（单位）' },
    { key: 'criticalIllnessFee', zh: '大病保险费', type: 'money', numFmt: MONEY, help: '大病保险费' },
    { key: 'lateFee', zh: '滞纳金', type: 'money', numFmt: MONEY, help: '滞纳金' },
    { key: 'totalDue', zh: '应缴合计', type: 'money', numFmt: MONEY, help: '本行应缴合计' },
  ],
};
