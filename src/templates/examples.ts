/**
 * Example rows of the templates: the first row is the column table's `example` values; the others vary
 * it into another realistic case of the same kind (another person, status, level or category).
 */
import { checkDigit } from '../kinds/idcard.js';
import type { KindDef, KindId } from '../kinds/types.js';
import type { SheetRow } from './sheet.js';

/** A valid GB 11643 number: region 630102 (西宁城中区), birth YYYYMMDD, 3-digit sequence (odd = male). */
export function exampleId(birth: string, seq: number): string {
  const first17 = `630102${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

/** Corrections to the column examples where the shared example person does not fit the kind. */
const BASE: Partial<Record<KindId, SheetRow>> = {
  'retirement-supplement': { idNumber: exampleId('19640801', 113) },
  'maternity-allowance': { idNumber: exampleId('19910623', 128) },
  'account-refund': { idNumber: exampleId('19500914', 117) },
};

const VARIANTS: Record<KindId, SheetRow[]> = {
  contributions: [
    { idNumber: exampleId('19600312', 224), name: '李某', category: '退休', wage: '', pension: 4200, employerType: '企业', firstOfYear: '是', period: '2024-02' },
    { idNumber: exampleId('19881105', 315), name: '王某', category: '灵活就业', wage: '', employerType: '', civilServant: '', flexibleRate: '8%', period: '2024-02' },
  ],
  settlements: [
    { settlementId: 'JS2024000002', idNumber: exampleId('19580620', 226), name: '李某', employmentStatus: '退休', visitType: '普通门诊', level: '三级', visitDate: '2024-03-08', dischargeDate: '', totalCost: 386.5, fullySelfPaid: 20, classBSelfPay: 12.3 },
    { settlementId: 'JS2024000003', idNumber: exampleId('20150409', 418), name: '赵某', scheme: '居民', employmentStatus: '', visitType: '住院', level: '三级', visitDate: '2024-04-02', dischargeDate: '2024-04-12', totalCost: 15820.4, fullySelfPaid: 640, classBSelfPay: 905.6, civilServant: '', assistance: '低保' },
  ],
  'resident-contributions': [
    { idNumber: exampleId('19520718', 124), name: '李某', subsidyCategory: '城镇低保', paidOn: '2023-11-20', coverageYear: 2024 },
    { idNumber: exampleId('20240305', 212), name: '王某', subsidyCategory: '无', paidOn: '2024-04-18', coverageYear: 2024, newborn: '是', birthDate: '2024-03-05' },
  ],
  'retirement-supplement': [
    { idNumber: exampleId('19640801', 315), name: '李某', insuredAs: '灵活就业', baseBeforeRetirement: '' },
    { idNumber: exampleId('19740801', 226), name: '王某', sex: '女', deemedMonths: 69 },
  ],
  'maternity-allowance': [
    { idNumber: exampleId('19930415', 222), name: '李某', unitAverageBase: 6200, leaveDays: 173, leaveType: '剖宫产', eventDate: '2024-06-21' },
  ],
  'account-refund': [
    { idNumber: exampleId('19520210', 131), name: '李某', category: '灵活就业', balance: 2310.5, deathDate: '2024-05-03', handledOn: '2024-07-22' },
  ],
};

/** The template's example rows for `kind`. */
export function exampleRows(kind: KindDef): SheetRow[] {
  const base: SheetRow = { ...Object.fromEntries(kind.inputs.map((c) => [c.key, c.example])), ...BASE[kind.id] };
  return [base, ...VARIANTS[kind.id].map((v) => ({ ...base, ...v }))];
}
