import { SEX, SUBSIDY_CATEGORY, YES_NO } from './enums.js';
import { ID_COLUMN, NAME_COLUMN } from './identity.js';
import type { KindDef } from './types.js';

const MONEY = '#,##0.00';

/** resident-contributions — 城乡居民参保缴费. */
export const residentContributions: KindDef = {
  id: 'resident-contributions',
  zh: '城乡居民参保缴费',
  inputs: [
    ID_COLUMN,
    NAME_COLUMN,
    { key: 'subsidyCategory', zh: '资助类别', aliases: ['资助对象类别', '参保资助类别'], type: 'enum', options: SUBSIDY_CATEGORY, help: '参保缴费资助类别，默认无', example: '无' },
    { key: 'paidOn', zh: '缴费日期', type: 'date', required: true, help: '缴费日期', example: '2024-02-15' },
    { key: 'coverageYear', zh: '参保年度', aliases: ['参保年份', '缴费年度'], type: 'int', required: true, help: '缴费所属的参保年度', example: 2024 },
    { key: 'newborn', zh: '新生儿', type: 'enum', options: YES_NO, help: '是否新生儿参保', example: '否' },
    { key: 'birthDate', zh: '出生日期', personal: true, type: 'date', help: '缺省时由身份证号推出（新生儿用）', example: '' },
    { key: 'newStudent', zh: '新入学大学生', type: 'enum', options: YES_NO, help: '东营：新入学的大学生', example: '' },
  ],
  results: [
    { key: 'personalContribution', zh: '个人缴费', type: 'money', numFmt: MONEY, help: '当年个人缴费标准' },
    { key: 'fiscalSubsidy', zh: '财政补助', type: 'money', numFmt: MONEY, help: '当年财政补助标准' },
    { key: 'assistanceAmount', zh: '资助金额', type: 'money', numFmt: MONEY, help: '医疗救助资助的个人缴费部分' },
    { key: 'amountDue', zh: '应缴金额', type: 'money', numFmt: MONEY, help: '个人应缴金额' },
    { key: 'benefitStart', zh: '待遇开始日期', type: 'date', numFmt: 'yyyy-mm-dd', help: '享受医保待遇的开始日期' },
  ],
};

/** retirement-supplement — 退休一次性补缴. */
export const retirementSupplement: KindDef = {
  id: 'retirement-supplement',
  zh: '退休一次性补缴',
  inputs: [
    ID_COLUMN,
    NAME_COLUMN,
    { key: 'sex', zh: '性别', personal: true, type: 'enum', options: SEX, help: '缺省时由身份证号推出', example: '男' },
    { key: 'insuredAs', zh: '参保身份', type: 'enum', required: true, options: [
      { value: '单位参保', code: 'unit', aliases: ['单位参保人员', '单位'] },
      { value: '灵活就业', code: 'flexible', aliases: ['灵活就业人员'] },
    ], help: '单位参保 / 灵活就业', example: '单位参保' },
    { key: 'actualMonths', zh: '实际缴费月数', type: 'int', required: true, help: '实际缴费月数', example: 102 },
    { key: 'deemedMonths', zh: '视同缴费月数', aliases: ['视同工龄月数', '视同工龄'], type: 'int', help: '视同缴费月数', example: 129 },
    { key: 'baseBeforeRetirement', zh: '退休前月缴费基数', aliases: ['单位基数'], type: 'money', help: '单位参保：退休前一个月的缴费基数', example: 4817 },
    { key: 'retirementDate', zh: '退休日期', type: 'date', required: true, help: '办理退休日期', example: '2024-08-01' },
  ],
  results: [
    { key: 'actualShortMonths', zh: '实际缴费补缴月数', type: 'int', numFmt: '0', help: '实际缴费年限不足的月数' },
    { key: 'actualShortAmount', zh: '实际缴费补缴金额', type: 'money', numFmt: MONEY, help: '' },
    { key: 'deemedShortMonths', zh: '视同缴费补缴月数', type: 'int', numFmt: '0', help: '总缴费年限（含视同）不足的月数' },
    { key: 'deemedShortAmount', zh: '视同缴费补缴金额', type: 'money', numFmt: MONEY, help: '' },
    { key: 'oneTimePayment', zh: '退休一次性缴费', type: 'money', numFmt: MONEY, help: '西宁：上年度社平工资40%' },
    { key: 'totalDue', zh: '补缴合计', type: 'money', numFmt: MONEY, help: '' },
  ],
};

/** maternity-allowance — 生育津贴. */
export const maternityAllowance: KindDef = {
  id: 'maternity-allowance',
  zh: '生育津贴',
  inputs: [
    ID_COLUMN,
    NAME_COLUMN,
    { key: 'unitAverageBase', zh: '单位上年度月平均缴费基数', aliases: ['月平均缴费基数', '基数'], type: 'money', required: true, help: '用人单位上年度医疗保险月平均缴费基数', example: 5000 },
    { key: 'leaveDays', zh: '假期天数', aliases: ['产假天数'], type: 'int', required: true, help: '产假或计划生育手术假天数', example: 158 },
    { key: 'leaveType', zh: '假期类型', type: 'text', echoOnly: true, help: '顺产、剖宫产、流产等（仅回写）', example: '顺产' },
    { key: 'eventDate', zh: '生育日期', type: 'date', help: '生育或计划生育手术日期（决定适用政策期间）', example: '2024-05-10' },
  ],
  results: [
    { key: 'dailyRate', zh: '日津贴', type: 'decimal', numFmt: '#,##0.0000', help: '基数 ÷ 30，保留4位小数' },
    { key: 'allowance', zh: '生育津贴', type: 'money', numFmt: MONEY, help: '日津贴 × 假期天数' },
  ],
};

/** account-refund — 个人账户一次性返还. */
export const accountRefund: KindDef = {
  id: 'account-refund',
  zh: '个人账户一次性返还',
  inputs: [
    ID_COLUMN,
    NAME_COLUMN,
    { key: 'category', zh: '人员类别', type: 'enum', options: [
      { value: '单位参保', code: 'unit', aliases: ['单位参保人员'] },
      { value: '灵活就业', code: 'flexible', aliases: ['灵活就业人员'] },
      { value: '退休', code: 'retired', aliases: ['退休人员'] },
      { value: '在职', code: 'employed' },
    ], echoOnly: true, help: '人员类别（仅回写）', example: '退休' },
    { key: 'balance', zh: '个人账户余额', aliases: ['账户余额', '个人账户结余'], type: 'money', required: true, help: '办理时个人账户余额', example: '1824.32' },
    { key: 'deathDate', zh: '死亡日期', type: 'date', help: '死亡日期（死亡返还）', example: '2024-07-15' },
    { key: 'handledOn', zh: '办理日期', type: 'date', required: true, help: '办理返还的日期', example: '2024-08-10' },
    { key: 'monthlyCredit', zh: '月划入额', aliases: ['退休门诊费'], type: 'money', help: '每月划入个人账户的金额（西宁退休人员默认90）', example: 90 },
  ],
  results: [
    { key: 'deduction', zh: '扣除金额', type: 'money', numFmt: MONEY, help: '死亡当月起已划入的金额' },
    { key: 'refund', zh: '返还金额', type: 'money', numFmt: MONEY, help: '一次性返还金额' },
  ],
};

export { SEX };
