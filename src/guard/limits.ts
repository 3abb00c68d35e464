/**
 * Input limits: what a workbook (or CSV) may weigh before and while it is parsed. Every limit has a safe
 * default, an environment variable (deployment) and an option (request/CLI/tests); an option beats the
 * environment, which beats the default. Checked before parsing from sizes the container declares, then
 * again while inflating and reading, so a declared size cannot lie.
 */
export interface Limits {
  /** Request body / blob / file size in bytes. */
  maxInputBytes: number;
  /** Entries in the zip container. */
  maxZipEntries: number;
  /** Uncompressed bytes of one zip entry. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all zip entries together. */
  maxTotalBytes: number;
  /** An entry may expand at most this many times its compressed size … */
  maxCompressionRatio: number;
  /** … once its uncompressed size is past this many bytes (tiny parts compress very well legitimately). */
  ratioFloorBytes: number;
  /** Worksheets in one workbook. */
  maxSheets: number;
  /** Data rows in one sheet (files handed over: Excel's 1,048,576 rows less the header row). */
  maxRows: number;
  /** Columns in one sheet. */
  maxColumns: number;
  /** Characters in one cell's text (Excel's own cell limit). */
  maxCellChars: number;
  /** Items in the shared string table (each costs memory even when empty: ~35 bytes). */
  maxSharedStrings: number;
  /** Characters of the shared string table together (it is held in memory while the sheet is read). */
  maxSharedStringChars: number;
  /**
   * Uncompressed bytes of a part read whole rather than streamed (workbook.xml, relationships, styles,
   * notes and their drawing, the data sheet's part after its rows).
   */
  maxWholePartBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxInputBytes: 20 * MB,
  maxZipEntries: 1000,
  maxEntryBytes: 400 * MB,
  maxTotalBytes: 600 * MB,
  maxCompressionRatio: 100,
  ratioFloorBytes: 100 * 1024,
  maxSheets: 255,
  maxRows: 250_000,
  maxColumns: 16_384,
  maxCellChars: 32_767,
  maxSharedStrings: 1_000_000,
  maxSharedStringChars: 16_000_000,
  maxWholePartBytes: 32 * MB,
});

/** Environment variable of each limit (positive integers; anything else is ignored with the default kept). */
/**
 * Defaults for a file handed over rather than uploaded (the blob drop, the CLI): large enough for Excel's
 * 1,048,575 rows, which the streaming path handles in bounded memory, and for the shared strings and parts
 * such a workbook holds. An upload is held to what 20 MB realistically carries (250,000 rows), so that the
 * memory one request may take is bounded (docs/guard.md). The zip-bomb checks (entries, compression ratio,
 * inflating no further than declared) and the column/cell limits are the same for both.
 */
export const LARGE_FILE_LIMITS: Readonly<Limits> = Object.freeze({
  ...DEFAULT_LIMITS,
  maxInputBytes: 1024 * MB,
  maxEntryBytes: 4096 * MB,
  maxTotalBytes: 6144 * MB,
  maxRows: 1_048_575,
  maxSharedStrings: 10_000_000,
  maxSharedStringChars: 256_000_000,
  maxWholePartBytes: 512 * MB,
});

export const LIMIT_ENV: Readonly<Record<keyof Limits, string>> = Object.freeze({
  maxInputBytes: 'YIBAO_MAX_INPUT_BYTES',
  maxZipEntries: 'YIBAO_MAX_ZIP_ENTRIES',
  maxEntryBytes: 'YIBAO_MAX_ENTRY_BYTES',
  maxTotalBytes: 'YIBAO_MAX_TOTAL_BYTES',
  maxCompressionRatio: 'YIBAO_MAX_COMPRESSION_RATIO',
  ratioFloorBytes: 'YIBAO_RATIO_FLOOR_BYTES',
  maxSheets: 'YIBAO_MAX_SHEETS',
  maxRows: 'YIBAO_MAX_ROWS',
  maxColumns: 'YIBAO_MAX_COLUMNS',
  maxCellChars: 'YIBAO_MAX_CELL_CHARS',
  maxSharedStrings: 'YIBAO_MAX_SHARED_STRINGS',
  maxSharedStringChars: 'YIBAO_MAX_SHARED_STRING_CHARS',
  maxWholePartBytes: 'YIBAO_MAX_WHOLE_PART_BYTES',
});

function positiveInt(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v.trim()) : typeof v === 'number' ? v : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Defaults (DEFAULT_LIMITS for uploads, LARGE_FILE_LIMITS for handed-over files) ← environment ← options. */
export function resolveLimits(options: Partial<Limits> = {}, env: Record<string, string | undefined> = process.env, defaults: Readonly<Limits> = DEFAULT_LIMITS): Limits {
  const out = { ...defaults };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    const fromEnv = positiveInt(env[LIMIT_ENV[key]]);
    if (fromEnv !== undefined) out[key] = fromEnv;
    const fromOpt = positiveInt(options[key]);
    if (fromOpt !== undefined) out[key] = fromOpt;
  }
  return out;
}

/** Human size for messages: 20 MB, 512 KB, 300 B. */
export function showBytes(n: number): string {
  if (n >= MB) return `${Math.round((n / MB) * 10) / 10} MB`; // int: display only
  if (n >= 1024) return `${Math.round(n / 1024)} KB`; // int: display only
  return `${n} B`;
}

