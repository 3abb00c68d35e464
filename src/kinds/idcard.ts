/**
 * 身份证号 per GB 11643-1999: 17 digits + check character (mod 11-2), with a valid birth date.
 * Birth date and sex are derived from it; IDs are masked wherever they leave the engine in text.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export interface IdInfo {
  id: string;
  birthDate: string;
  sex: '男' | '女';
}

export type IdCheck = { ok: true; info: IdInfo } | { ok: false; reason: string };

export function checkDigit(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * WEIGHTS[i]!; // int: GB 11643 weights
  return CHECK[s % 11]!;
}

export function normalizeId(raw: string): string {
  return raw.trim().replace(/\s/g, '').replace(/[ｘx]$/, 'X').replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Recent answers: a batch has each person's ID on several rows (checked in validation and again in checks). */
const idCache = new Map<string, IdCheck>();

/** The last answer: validation and the cross-field checks ask about the same ID one after the other. */
let lastRaw: string | undefined;
let lastCheck: IdCheck | undefined;

export function parseIdNumber(raw: string, asOf?: string): IdCheck {
  if (asOf !== undefined) return parseIdUncached(raw, asOf);
  if (raw === lastRaw) return lastCheck!;
  let r = idCache.get(raw);
  if (!r) {
    r = parseIdUncached(raw);
    if (idCache.size >= 50_000) idCache.clear();
    idCache.set(raw, r);
  }
  lastRaw = raw;
  lastCheck = r;
  return r;
}

function parseIdUncached(raw: string, asOf?: string): IdCheck {
  const id = normalizeId(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: id.length !== 18 ? `长度为${id.length}位，应为18位 / must be 18 characters` : '含非法字符 / invalid characters' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
    return { ok: false, reason: '出生日期无效 / invalid birth date' };
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (asOf && birthDate > asOf) return { ok: false, reason: '出生日期晚于业务日期 / birth date in the future' };
  if (checkDigit(id.slice(0, 17)) !== id[17]) return { ok: false, reason: '校验码错误 / wrong check digit' };
  return { ok: true, info: { id, birthDate, sex: Number(id[16]) % 2 === 1 ? '男' : '女' } };
}

/** 6301**********1237: first 4 and last 4 characters kept. */
export function maskId(raw: unknown): string {
  const s = String(raw ?? '').trim();
  if (s.length <= 8) return '*'.repeat(s.length);
  return `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`;
}

/**
 * A run of 15 or more digits, ASCII or full-width, with a space (any, U+3000 too) or a hyphen allowed
 * between any two and a check X after the last: every form parseIdNumber reads as an ID, and the old
 * 15-digit IDs. Letters around it do not hide it (`ID630102…`, `…5812abc`). Linear: a run is consumed
 * whole, and one shorter than 15 digits fails within 15 steps of its start.
 */
const ID_LIKE = /[0-9\uFF10-\uFF19](?:[\s-]?[0-9\uFF10-\uFF19]){14,}(?:[\s-]?[XxＸｘ])?/g;

/** Mask every ID-like run in free text (logs, messages): its first and last 4 characters kept, in ASCII. */
export function maskIdsInText(text: string): string {
  return text.replace(ID_LIKE, (run) => maskId(normalizeId(run.replace(/[\s-]/g, '')).replace(/Ｘ$/, 'X')));
}
