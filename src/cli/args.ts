/** Command line → a typed command (node:util parseArgs). Anything wrong is a UsageError (exit 2). */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KIND_IDS, kindIdFrom } from '../kinds/index.js';
import type { KindId } from '../kinds/types.js';
import { namedMacroEnabled, resultName } from '../pipeline/names.js';
import type { HeaderLanguage, OutputFormat } from '../pipeline/types.js';
import { POLICY_IDS, policyIdFrom } from '../rules/index.js';
import type { PolicyId } from '../rules/types.js';

export type Command =
  | { cmd: 'help' }
  | { cmd: 'version' }
  | {
      cmd: 'process';
      input: string;
      policy?: PolicyId;
      kind?: KindId;
      /** File to write, '-' for stdout. */
      out: string;
      /** No --out: `out` is the name next to the input, its extension settled by the result (.xlsm for a macro-enabled workbook). */
      defaultOut: boolean;
      format: OutputFormat;
      /** json/csv field names; the pipeline's default when absent. */
      headers?: HeaderLanguage;
      params: Record<string, string>;
      quiet: boolean;
      /** Worker threads (--workers); the pipeline's default when absent. */
      workers?: number;
      /** --ledger (or YIBAO_LEDGER): a SQLite file or a storage connection string. */
      ledger?: string;
      ledgerMode: 'commit' | 'peek';
    }
  | { cmd: 'template'; kind: KindId; out: string }
  | { cmd: 'ledger-show'; ledger: string; policy: PolicyId; year: number; id: string; format: 'text' | 'json' };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `yibao — 医保工作簿按政策逐行计算 / medical-insurance workbooks computed to the fen

用法 / usage:
  yibao process <in.xlsx> [--policy <id>] [--kind <kind>] [--out <file>|-] [--format xlsx|json|csv]
                          [--headers en|zh] [--param <id>=<value> …] [--workers <n>] [--quiet]
                          [--ledger <file.db|连接字符串>] [--ledger-mode commit|peek]
  yibao template <kind> [--out <file>|-]
  yibao ledger show --policy <id> --year <年度> --id <身份证号> [--ledger <file.db|连接字符串>] [--format text|json]
  yibao --help | --version

  --policy   ${POLICY_IDS.join(' | ')}（缺省时用工作簿「参数」表的「政策」）
  --kind     ${KIND_IDS.join(' | ')}（缺省时按表头识别）
  --out      输出文件；缺省为输入文件旁的 <名称>.result.<格式>；- 表示标准输出
  --format   xlsx（缺省，或按 --out 的扩展名）| json | csv
  --headers  csv 表头：en（缺省，固定英文字段名）| zh（中文列名）
  --param    覆盖参数，可重复，如 --param dongying.averageWage.monthly=6500
  --workers  大批量时按人分给 n 个工作线程并行计算（多核更快，每个约多占 100 MB 内存）；缺省 0 或 YIBAO_WORKERS
  --ledger   年度累计台账：SQLite 文件路径或存储账户连接字符串（缺省 YIBAO_LEDGER）；需设置密钥 YIBAO_LEDGER_KEY
             （至少32个随机字节，十六进制或base64）。各批次的住院次数、封顶线等从台账接续（docs/ledger.md）
  --ledger-mode  commit（缺省：计算并提交台账）| peek（按台账计算，不提交：预览）

退出码 / exit codes: 0 已处理（含行错误）· 2 调用有误 · 3 文件无法处理（原因见 stderr）`;

const FORMATS: readonly OutputFormat[] = ['xlsx', 'json', 'csv'];
const HEADERS: readonly HeaderLanguage[] = ['en', 'zh'];

function isFormat(s: string): s is OutputFormat {
  return (FORMATS as readonly string[]).includes(s);
}

function isHeaders(s: string): s is HeaderLanguage {
  return (HEADERS as readonly string[]).includes(s);
}

function kindArg(v: string | undefined, what: string): KindId {
  if (v === undefined) throw new UsageError(`缺少${what} / missing ${what}: ${KIND_IDS.join(', ')}`);
  const kind = kindIdFrom(v);
  if (!kind) throw new UsageError(`未知类型「${v}」/ unknown kind '${v}' (known: ${KIND_IDS.join(', ')})`);
  return kind;
}

/** `<dir>/<name>.result.<ext>` next to the input, named as every door names a result (pipeline/names.ts). */
export function defaultOutPath(input: string, format: OutputFormat, macroEnabled = namedMacroEnabled(input)): string {
  return path.join(path.dirname(input), resultName(path.basename(input), format, macroEnabled));
}

function formatFromOut(out: string | undefined): OutputFormat | undefined {
  if (!out || out === '-') return undefined;
  const ext = path.extname(out).slice(1).toLowerCase();
  return isFormat(ext) ? ext : undefined;
}

export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        policy: { type: 'string', short: 'p' },
        kind: { type: 'string', short: 'k' },
        out: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f' },
        headers: { type: 'string' },
        param: { type: 'string', multiple: true },
        quiet: { type: 'boolean', short: 'q' },
        workers: { type: 'string' },
        ledger: { type: 'string' },
        'ledger-mode': { type: 'string' },
        year: { type: 'string' },
        id: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: o, positionals } = parsed;
  if (o.help) return { cmd: 'help' };
  if (o.version) return { cmd: 'version' };
  const [cmd, ...rest] = positionals;
  if (cmd === undefined) throw new UsageError('缺少命令 / missing command (process | template | ledger)');
  if (cmd === 'help') return { cmd: 'help' };
  const ledger = o.ledger ?? (process.env['YIBAO_LEDGER'] || undefined);
  for (const k of ['year', 'id'] as const) {
    if (o[k] !== undefined && cmd !== 'ledger') throw new UsageError(`--${k} 仅用于 ledger show / --${k} belongs to ledger show`);
  }

  if (cmd === 'ledger') {
    if (rest[0] !== 'show' || rest.length > 1) throw new UsageError('用法 / usage: yibao ledger show --policy <id> --year <年度> --id <身份证号>');
    const shown = o.policy === undefined ? undefined : policyIdFrom(o.policy);
    if (shown === undefined) throw new UsageError(`ledger show 需要 --policy（${POLICY_IDS.join(' | ')}） / ledger show needs --policy`);
    if (o.year === undefined || !/^\d{4}$/.test(o.year)) throw new UsageError(`ledger show 需要 --year（四位年度） / ledger show needs --year YYYY`);
    if (o.id === undefined || o.id.trim() === '') throw new UsageError('ledger show 需要 --id（身份证号） / ledger show needs --id');
    if (ledger === undefined) throw new UsageError('ledger show 需要 --ledger 或 YIBAO_LEDGER / ledger show needs --ledger or YIBAO_LEDGER');
    if (o.format !== undefined && o.format !== 'json' && o.format !== 'text') throw new UsageError(`ledger show 的 --format 为 text 或 json / --format must be text or json`);
    for (const k of ['kind', 'out', 'headers', 'param', 'workers', 'ledger-mode'] as const) {
      if (o[k] !== undefined) throw new UsageError(`ledger show 不接受 --${k} / ledger show takes no --${k}`);
    }
    return { cmd: 'ledger-show', ledger, policy: shown, year: Number(o.year), id: o.id.trim(), format: o.format === 'json' ? 'json' : 'text' };
  }

  if (cmd === 'template') {
    const kind = kindArg(rest[0], '类型 / kind');
    if (rest.length > 1) throw new UsageError(`多余的参数 / unexpected argument '${rest[1]}'`);
    for (const k of ['policy', 'kind', 'format', 'headers', 'param', 'workers', 'ledger', 'ledger-mode'] as const) {
      if (o[k] !== undefined) throw new UsageError(`template 不接受 --${k} / template takes no --${k}`);
    }
    return { cmd: 'template', kind, out: o.out ?? `${kind}.xlsx` };
  }

  if (cmd !== 'process') throw new UsageError(`未知命令「${cmd}」/ unknown command '${cmd}' (process | template | ledger)`);
  const input = rest[0];
  if (input === undefined) throw new UsageError('缺少输入文件 / missing input file: yibao process <in.xlsx>');
  if (rest.length > 1) throw new UsageError(`多余的参数 / unexpected argument '${rest[1]}'`);
  const policy = o.policy === undefined ? undefined : policyIdFrom(o.policy);
  if (o.policy !== undefined && !policy) {
    throw new UsageError(`未知政策「${o.policy}」/ unknown policy '${o.policy}' (known: ${POLICY_IDS.join(', ')})`);
  }
  const kind = o.kind === undefined ? undefined : kindArg(o.kind, '类型 / kind');
  if (o.format !== undefined && !isFormat(o.format)) throw new UsageError(`未知格式「${o.format}」/ unknown format '${o.format}' (xlsx | json | csv)`);
  if (o.headers !== undefined && !isHeaders(o.headers)) throw new UsageError(`未知表头语言「${o.headers}」/ unknown --headers '${o.headers}' (en | zh)`);
  const format: OutputFormat = (o.format as OutputFormat | undefined) ?? formatFromOut(o.out) ?? 'xlsx';
  const workers = o.workers === undefined ? undefined : Number(o.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) throw new UsageError(`--workers 应为 0 到 64 的整数 / --workers must be an integer 0–64, got '${o.workers}'`);
  const mode = o['ledger-mode'];
  if (mode !== undefined && mode !== 'commit' && mode !== 'peek') throw new UsageError(`--ledger-mode 应为 commit 或 peek / --ledger-mode must be commit or peek, got '${mode}'`);
  if (mode !== undefined && ledger === undefined) throw new UsageError('--ledger-mode 需要 --ledger 或 YIBAO_LEDGER / --ledger-mode needs --ledger or YIBAO_LEDGER');
  // One thread with a ledger: persons are committed in windows before their rows are written (docs/ledger.md).
  if (ledger !== undefined && workers !== undefined && workers > 1) throw new UsageError('--workers 不能与台账同时使用（台账按人提交，在一个线程上进行） / --workers cannot be combined with a ledger (persons are committed on one thread)');
  const params: Record<string, string> = {};
  for (const p of o.param ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0 || eq === p.length - 1) throw new UsageError(`--param 应为 id=值 / --param must be id=value, got '${p}'`);
    params[p.slice(0, eq).trim()] = p.slice(eq + 1).trim(); // int: string positions
  }
  return {
    cmd: 'process',
    input,
    policy,
    kind,
    out: o.out ?? defaultOutPath(input, format),
    defaultOut: o.out === undefined,
    format,
    headers: o.headers as HeaderLanguage | undefined,
    params,
    quiet: o.quiet ?? false,
    ...(workers === undefined ? {} : { workers }),
    ...(ledger === undefined ? {} : { ledger }),
    ledgerMode: (mode as 'commit' | 'peek' | undefined) ?? 'commit',
  };
}
