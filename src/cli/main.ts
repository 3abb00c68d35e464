/**
 * `yibao`: the CLI door of the one pipeline. Exit codes (WORKBOOKS.md): 0 processed (row errors
 * included), 2 bad invocation, 3 the file cannot be processed at all (reason on stderr).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { setLogLevel, type LogLevel } from '../log.js';
import { processWorkbook } from '../pipeline/index.js';
import { POLICY_IDS } from '../rules/index.js';
import { InputError, type ProcessRequest, type ProcessResult } from '../pipeline/types.js';
import { type Command, parseCommand, USAGE, UsageError } from './args.js';
import { progressBar } from './progress.js';
import { formatNotices, formatPersonYear, formatSummary } from './summary-print.js';
import { LedgerKey, LedgerKeyError } from '../ledger/key.js';
import { type Ledger, LedgerFormatError } from '../ledger/types.js';

export const EXIT = { ok: 0, failure: 1, usage: 2, input: 3 } as const;

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** The version of the package this file belongs to (works from src/ and from dist/). */
export function version(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'yibao') return json.version ?? '0.0.0';
    }
    const up = path.dirname(dir);
    if (up === dir) return '0.0.0';
    dir = up;
  }
}

/**
 * Write to `out` through a temporary file in the same folder, so a failed run never leaves a half-written
 * result. The temporary file is created exclusively (`wx`: a file or symlink already there is never
 * followed or overwritten) under a name nobody can guess in advance. `finalName` (after the run) may settle
 * another name than `out` in the same folder (the default name of a macro-enabled workbook's result).
 */
async function writeOutput(out: string, io: CliIo, produce: (sink: Writable | undefined) => Promise<Buffer | undefined>, finalName: () => string = () => out): Promise<void> {
  if (out === '-') {
    const body = await produce(undefined);
    if (body) await new Promise<void>((resolve, reject) => io.stdout.write(body, (e) => (e ? reject(e) : resolve())));
    return;
  }
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.partial-${process.pid}-${randomBytes(6).toString('hex')}`);
  const sink = createWriteStream(tmp, { flags: 'wx' });
  // Opening fails (EEXIST) before anything is written; say so as the write would.
  await new Promise<void>((resolve, reject) => {
    sink.once('open', () => resolve());
    sink.once('error', reject);
  });
  try {
    const body = await produce(sink);
    if (body) sink.write(body);
    if (!sink.writableEnded) sink.end();
    await finished(sink);
    await rename(tmp, finalName());
  } catch (e) {
    sink.destroy();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

async function runProcess(c: Extract<Command, { cmd: 'process' }>, io: CliIo): Promise<number> {
  let size: number;
  try {
    const st = await stat(c.input);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    io.stderr.write(`yibao: 无法读取文件「${c.input}」/ cannot read file '${c.input}'\n`);
    return EXIT.input;
  }
  let ledger: { ledger: Ledger; key: LedgerKey } | undefined;
  if (c.ledger !== undefined) {
    try {
      const key = LedgerKey.fromEnv();
      // Loaded only for a ledger run: SQLite and the storage clients are not part of a plain batch's memory.
      const { openLedger } = await import('../ledger/open.js');
      ledger = { key, ledger: openLedger(c.ledger) };
    } catch (e) {
      if (!(e instanceof LedgerKeyError || e instanceof LedgerFormatError)) throw e;
      io.stderr.write(`yibao: ${e.message}\n`);
      return EXIT.usage;
    }
  }
  try {
    return await processWith(c, io, size, ledger);
  } finally {
    await ledger?.ledger.close();
  }
}

async function processWith(c: Extract<Command, { cmd: 'process' }>, io: CliIo, size: number, ledger: { ledger: Ledger; key: LedgerKey } | undefined): Promise<number> {
  const progress = progressBar(io.stderr, size);
  let result: ProcessResult | undefined;
  try {
    await writeOutput(c.out, io, async (sink) => {
      const req: ProcessRequest = {
        source: { path: c.input, name: path.basename(c.input) },
        format: c.format,
        overrides: c.params,
        overrideLabel: (id) => `--param ${id}`,
        onProgress: (done, total, stage) => progress.update(done, total, stage),
      };
      if (c.kind) req.kind = c.kind;
      if (c.policy) req.policy = c.policy;
      if (c.headers) req.headers = c.headers;
      if (c.workers !== undefined) req.workers = c.workers;
      if (ledger) req.ledger = { ...ledger, mode: c.ledgerMode };
      req.largeFile = true; // the user's own file: Excel's largest workbooks are accepted (docs/guard.md)
      if (sink) req.sink = sink;
      result = await processWorkbook(req);
      return result.body;
    }, () => (c.defaultOut && result ? path.join(path.dirname(c.input), result.filename) : c.out));
  } catch (e) {
    progress.done();
    if (e instanceof InputError && e.code === 'policy-required') {
      // Neither --policy nor the workbook's 参数 sheet names one: the invocation lacks an option.
      io.stderr.write(`yibao: 未指定政策：请用 --policy <政策> 指定（${POLICY_IDS.join(' | ')}），或在工作簿「参数」表填写「政策」 / no policy: pass --policy <id> (${POLICY_IDS.join(' | ')}) or set 政策 in the workbook's 参数 sheet\n`);
      return EXIT.usage;
    }
    if (e instanceof InputError) {
      // An unknown or malformed --param is the command line's fault, not the file's (the message names it).
      if (e.details.some((d) => typeof d === 'object' && d !== null && 'option' in d)) {
        io.stderr.write(`yibao: ${e.message}\n`);
        return EXIT.usage;
      }
      io.stderr.write(`yibao: 无法处理文件 / cannot process the file: ${e.message}\n`);
      for (const d of e.details) io.stderr.write(`  - ${typeof d === 'string' ? d : JSON.stringify(d)}\n`);
      return EXIT.input;
    }
    // A parameter given on the command line that the rule set does not know is a bad invocation.
    if (e instanceof Error && e.name === 'UnknownParameterError') {
      const id = (e as Error & { paramId?: string }).paramId;
      io.stderr.write(`yibao: ${e.message}\n`);
      return id !== undefined && id in c.params ? EXIT.usage : EXIT.input;
    }
    throw e;
  }
  progress.done();
  const r = result!;
  // YIBAO_TIMING=1: this process's peak RSS, CPU and heap cap (and a ledger's store round trips), for the
  // bench, which runs the CLI as a user does.
  if (process.env['YIBAO_TIMING']) {
    const u = process.resourceUsage();
    const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
    const store = ledger ? { roundTrips: ledger.ledger.roundTrips, committed: r.ledger?.committed } : {};
    io.stderr.write(`yibao-usage ${JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, heapLimitMb, ...store })}\n`);
  }
  const where = c.out === '-' ? io.stderr : io.stdout;
  const written = c.defaultOut ? path.join(path.dirname(c.input), r.filename) : c.out;
  if (!c.quiet) {
    where.write(formatSummary(r.kind, r.policy, r.summary, c.out === '-' ? '标准输出 / stdout' : written));
    if (ledger && r.ledger) {
      const t = r.ledger;
      where.write(c.ledgerMode === 'peek'
        ? `台账 / ledger (${ledger.ledger.description}): 预览，未提交 / peek, nothing committed — ${t.personYears} 人年 / person-years\n`
        : `台账 / ledger (${ledger.ledger.description}): ${t.committed} 人年已提交 / person-years committed of ${t.personYears}${t.conflicts > 0 ? `, ${t.conflicts} 次冲突已重算 / conflicts recomputed` : ''}\n`);
    }
  }
  // Unread columns and uncomputed sheets are warnings: on stderr, --quiet or not.
  io.stderr.write(formatNotices(r));
  return EXIT.ok;
}

async function runLedgerShow(c: Extract<Command, { cmd: 'ledger-show' }>, io: CliIo): Promise<number> {
  let key: LedgerKey;
  try {
    key = LedgerKey.fromEnv();
  } catch (e) {
    if (!(e instanceof LedgerKeyError)) throw e;
    io.stderr.write(`yibao: ${e.message}\n`);
    return EXIT.usage;
  }
  const [{ openLedger }, { showPersonYear }] = await Promise.all([import('../ledger/open.js'), import('../ledger/view.js')]);
  let ledger: Ledger;
  try {
    ledger = openLedger(c.ledger);
  } catch (e) {
    if (!(e instanceof LedgerFormatError)) throw e;
    io.stderr.write(`yibao: ${e.message}\n`);
    return EXIT.usage;
  }
  try {
    const view = await showPersonYear(ledger, key, c.policy, c.year, c.id);
    io.stdout.write(c.format === 'json' ? `${JSON.stringify(view, null, 2)}\n` : formatPersonYear(view));
    return EXIT.ok;
  } finally {
    await ledger.close();
  }
}

async function runTemplate(c: Extract<Command, { cmd: 'template' }>, io: CliIo): Promise<number> {
  // Loaded here only: the template builder brings exceljs (~20 MB), which `process` never needs.
  const { templateBuffer } = await import('../templates/build.js');
  const bytes = await templateBuffer(c.kind);
  if (c.out === '-') {
    await new Promise<void>((resolve, reject) => io.stdout.write(bytes, (e) => (e ? reject(e) : resolve())));
    return EXIT.ok;
  }
  await writeFile(c.out, bytes);
  io.stdout.write(`模板已写入 / template written: ${c.out}\n`);
  return EXIT.ok;
}

export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  // `yibao … --out - | head`: a closed pipe ends the run quietly instead of crashing.
  io.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? EXIT.ok);
  });
  // The JSON log lines are for servers; the CLI shows warnings and errors only unless asked.
  setLogLevel((process.env['YIBAO_LOG_LEVEL'] as LogLevel | undefined) ?? 'warn');
  let cmd: Command;
  try {
    cmd = parseCommand(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`yibao: ${e.message}\n运行 yibao --help 查看用法 / run yibao --help for usage\n`);
    return EXIT.usage;
  }
  try {
    switch (cmd.cmd) {
      case 'help':
        io.stdout.write(`${USAGE}\n`);
        return EXIT.ok;
      case 'version':
        io.stdout.write(`yibao ${version()}\n`);
        return EXIT.ok;
      case 'template':
        return await runTemplate(cmd, io);
      case 'process':
        return await runProcess(cmd, io);
      case 'ledger-show':
        return await runLedgerShow(cmd, io);
    }
  } catch (e) {
    const err = e as Error;
    io.stderr.write(`yibao: 内部错误 / internal error: ${err.message}\n`);
    if (process.env['YIBAO_DEBUG']) io.stderr.write(`${err.stack ?? ''}\n`);
    return EXIT.failure;
  }
}
