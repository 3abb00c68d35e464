/**
 * 按本系统约定: the decisions yibao takes where a policy text leaves something open, as data with ids.
 *
 * Each convention says what the text leaves open, the reading chosen, the other reading a reader could take,
 * and the rows it affects. It is defined next to the rules that use it (this file holds the ones both rule
 * sets share); a rule set lists its conventions like its parameters and rules. A 计算依据 step that rests on
 * one ends with `(按本系统约定 XN14)`; the result's 计算依据 sheet lists every convention the batch used, and
 * docs/conventions.md is generated from these records (a test fails when it is stale).
 */

export interface Convention {
  /** Stable id: G… both policies, DY… Dongying 2018, XN… Xining 2024. Never reused for another decision. */
  id: string;
  /** A short name. */
  title: string;
  /** Where the text is and what it leaves open. */
  open: string;
  /** The reading yibao applies. */
  chosen: string;
  /** The other reading, and what it would change. */
  other: string;
  /** The rows it affects (kind, and which rows of it). */
  rows: string;
}

/** Each convention's marker, made once with the record (a row's derivation cites it on every row). */
const markers = new WeakMap<Convention, string>();

const markerOf = (ids: string): string => `(按本系统约定 ${ids})`;

/** A convention record (frozen: it is shared by every row that cites it). */
export function convention(c: Convention): Convention {
  markers.set(c, markerOf(c.id));
  return Object.freeze(c);
}

/** The marker a 计算依据 step ends with: `(按本系统约定 XN14)` or `(按本系统约定 DY5、G2)`. */
export function conventionMarker(cs: Convention | readonly Convention[]): string {
  if (!Array.isArray(cs)) return markers.get(cs as Convention) ?? markerOf((cs as Convention).id);
  return markerOf((cs as readonly Convention[]).map((c) => c.id).join('、'));
}

const MARKERS = /\(按本系统约定 ([A-Z]+\d+(?:、[A-Z]+\d+)*)\)/g;

/** Adds the ids a derivation's markers cite to `into` (for a derivation that is stored, not traced again). */
export function noteCitedConventions(basis: string, into: Set<string>): void {
  if (!basis.includes('按本系统约定 ')) return;
  for (const m of basis.matchAll(MARKERS)) for (const id of m[1]!.split('、')) into.add(id);
}

/** Conventions both rule sets apply (RULES decisions of a general kind). */
export const GENERAL = {
  monthlyFirst: convention({
    id: 'G1',
    title: '月额先取整到分，再乘月数',
    open: '两份文本都只给出月费率和月数，未说明在哪一步取整到分。',
    chosen: '每月金额先四舍五入到分，再乘以月数；西宁手册六(三)4补缴表中的金额（15780.18、10317.81 等）只有这样才能逐分复现。',
    other: '先按月数累乘再一次性取整；个别行会差几分钱。',
    rows: '退休一次性补缴（两市）：实际缴费补缴金额、视同缴费补缴金额、补缴合计。',
  }),
  percentagePoints: convention({
    id: 'G2',
    title: '「降低/下浮/提高N%」指百分点',
    open: '东营第三十九条（转诊降低10%/20%）、第四十六条（中断参保每年降低1%），西宁四(二)1(4)（跨省临时外出下浮10%）、一(二)4(2)（大病保险提高5%）未说明是百分点还是相对比例。',
    chosen: '按百分点加减：85%降低10% = 75%；最低为0%。',
    other: '按相对比例：85%×(1−10%) = 76.5%；统筹支付会更高。',
    rows: '结算：东营异地转诊、东营居民中断参保、西宁异地临时外出、西宁特困/低保/返贫致贫人员的居民大病保险。',
  }),
  totalDue: convention({
    id: 'G3',
    title: '「应缴合计」包含本行应缴的全部费用',
    open: '两份文本分别规定单位、个人、大额医疗补助、公务员医疗补助、生育保险、大病保险和滞纳金，没有一个“合计”的口径。',
    chosen: '应缴合计 = 单位缴费 + 个人缴费 + 大额医疗补助费 + 公务员医疗补助费 + 生育保险费 + 大病保险费 + 滞纳金（本行适用的各项）。',
    other: '只合计基本医疗保险费（单位 + 个人）；附加险种和滞纳金另计。',
    rows: '职工缴费核定（两市）：应缴合计。',
  }),
  deductibleWithinScope: convention({
    id: 'G4',
    title: '起付线以政策范围内费用为限',
    open: '文本给出起付标准，但未说明政策范围内费用低于起付标准时本次“收取”多少。',
    chosen: '本次实收起付线 = min(起付标准, 政策范围内费用)；「起付线」列显示实收额。',
    other: '起付线列始终显示起付标准；差额不影响统筹支付（均为0），只影响显示与累计口径。',
    rows: '结算（西宁职工住院、居民住院）：费用低于起付标准的行。',
  }),
  inScopeBurden: convention({
    id: 'G5',
    title: '「政策范围内个人负担」的口径与支付顺序',
    open: '大病保险、公务员医疗补助、医疗救助都以“个人负担/个人自付的合规部分”为基数，两份文本未定义其组成，也未规定各项的先后。',
    chosen: '政策范围内个人负担 = (医疗总费用 − 全自费金额) − 统筹基金支付 − 大额医疗补助支付（含乙类自付、起付线、自付比例部分和超封顶部分，不含全自费）；支付顺序：统筹基金 → 大额医疗补助 → 大病保险 → 公务员医疗补助 → 医疗救助，后者只就前者剩下的部分支付。',
    other: '把全自费也计入个人负担，或让公务员医疗补助先于大病保险支付；两项补助会多付，或在同一元钱上重复支付。',
    rows: '结算：东营公务员医疗补助，西宁大病保险之后的公务员医疗补助和医疗救助。',
  }),
  ageAtMonthEnd: convention({
    id: 'G6',
    title: '年龄按当月最后一天的周岁计',
    open: '东营第十八条“45周岁及以下”按年龄分档，未说明在哪一天计算年龄。',
    chosen: '以缴费所属月份最后一天的周岁为准；45周岁及以下（≤45）按2.7%，46周岁起按4.2%。',
    other: '按缴费月份第一天或按年初年龄；生日所在月份的划入比例会不同。',
    rows: '职工缴费核定（东营）：在职、失业、灵活就业人员的划入个人账户。',
  }),
  reversal: convention({
    id: 'G7',
    title: '冲销整笔退回原结算，之后已结算的不重算',
    open: '两份文本都没有规定结算的冲销（退费、作废重结）如何影响本年度住院次数、起付线次序、年度封顶和大病累计。',
    chosen: '「结算类型」为冲销的行按「原结算号」整笔退回原结算：各项支付取负，原结算计入的年度累计金额与住院次数全部扣除，此后的结算按扣除后的累计计算；冲销行的金额须与原结算一致（部分退费按“整笔冲销＋重新结算”处理）；冲销之前已提交的后续结算保持原结果，不重新计算，提示中列出。',
    other: '允许部分冲销，或冲销后把其后已结算的各笔按新的累计重新计算；已发给医院和参保人的结果会被改写，批次之间不再稳定。',
    rows: '结算（两市，使用年度台账时）：结算类型为冲销的行，以及同一人本年度此后的结算。',
  }),
} as const;
