/** Dates are ISO strings (YYYY-MM-DD) inside yibao; these helpers do the calendar arithmetic. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

export function isoFromUtcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Excel 1900-system serial → ISO date (serial 60, the phantom 1900-02-29, maps to 1900-03-01). */
export function isoFromExcelSerial(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return undefined;
  const day = Math.floor(serial);
  // A batch holds a few thousand distinct days and every row has one or two: convert each day once.
  let iso = serialCache.get(day);
  if (iso === undefined) {
    iso = isoFromUtcDate(new Date(EXCEL_EPOCH_MS + day * DAY_MS));
    if (serialCache.size >= 100_000) serialCache.clear();
    serialCache.set(day, iso);
  }
  return iso;
}

const serialCache = new Map<number, string>();

export function excelSerialFromIso(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - EXCEL_EPOCH_MS) / DAY_MS);
}

function valid(y: number, m: number, d: number): string | undefined {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Text forms of WORKBOOKS.md: 2024-02-15, 2024/2/15, 2024年2月15日, 2024.2.15, 20240215. */
export function parseDateText(text: string): string | undefined {
  const t = text.trim().replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(t);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  return undefined;
}

/** YYYY-MM from 2024-02, 2024/2, 2024年2月, 202402, or a full date. */
export function parseMonthText(text: string): string | undefined {
  const t = text.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t);
  if (!m) m = /^(\d{4})(\d{2})$/.exec(t);
  if (m) {
    const mo = Number(m[2]);
    if (mo >= 1 && mo <= 12) return `${m[1]}-${String(mo).padStart(2, '0')}`;
    return undefined;
  }
  const d = parseDateText(t);
  return d ? d.slice(0, 7) : undefined;
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

export function monthOf(iso: string): number {
  return Number(iso.slice(5, 7));
}

/** Calendar quarter 1–4 of an ISO date. */
export function quarterOf(iso: string): number {
  return Math.floor((monthOf(iso) - 1) / 3) + 1; // int: month → quarter
}

export function lastDayOfMonth(isoOrMonth: string): string {
  const y = Number(isoOrMonth.slice(0, 4));
  const m = Number(isoOrMonth.slice(5, 7));
  return isoFromUtcDate(new Date(Date.UTC(y, m, 0)));
}

export function addDays(iso: string, days: number): string {
  return isoFromUtcDate(new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS));
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Add calendar months, clamping the day to the target month's end. */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months; // int: calendar months
  const d = Number(iso.slice(8, 10));
  const ty = y + Math.floor(m / 12); // int
  const tm = ((m % 12) + 12) % 12; // int
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return isoFromUtcDate(new Date(Date.UTC(ty, tm, Math.min(d, last))));
}

/** Months from month a to month b (YYYY-MM or ISO dates), b − a. */
export function monthsBetween(a: string, b: string): number {
  return (yearOf(b) - yearOf(a)) * 12 + (monthOf(b) - monthOf(a)); // int: calendar months
}

/** Completed years (周岁) on `at`. */
export function ageOn(birth: string, at: string): number {
  let age = yearOf(at) - yearOf(birth); // int: years
  if (at.slice(5) < birth.slice(5)) age -= 1; // int
  return age;
}

/** RULES.md §General 7: age in completed years on the last day of the month in question. */
export function ageAtMonthEnd(birth: string, isoOrMonth: string): number {
  return ageOn(birth, lastDayOfMonth(isoOrMonth));
}
