#!/usr/bin/env node
// The yibao CLI: a shim over the compiled entry point (dist/ is built by `npm run build`, run by `npm ci`).
//
// yibao runs with V8's old space capped (HEAP_MB): its live heap is small (the batch's per-person state),
// and without a cap V8 lets garbage pile up far above it before collecting, so a 100,000-row workbook
// would peak well above the 256 MB the product promises (docs/large-files.md). Node takes the cap only
// at start-up, so when it is not set this shim starts the CLI again with it (stdio shared, exit code and
// signals passed on, and the two tied by an IPC channel so that the run dies with the shim even when the
// shim is killed outright). A cap the user set (NODE_OPTIONS or node's own flags) is left alone.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HEAP_MB = 192;
const FLAG = '--max-old-space-size';
/** Set by the shim for the run it starts: the shim's pid. */
const SHIM = 'YIBAO_SHIM_PID';
const shim = Number(process.env[SHIM]);
const capped = shim > 0 || process.execArgv.some((a) => a.startsWith(FLAG)) || (process.env.NODE_OPTIONS ?? '').includes(FLAG);

if (capped) {
  if (shim > 0) {
    // Started by the shim below: a SIGKILL of the shim must not leave this run going on its own. The shim
    // may already be gone (the channel closed while modules loaded): then this process has a new parent.
    const orphaned = () => process.kill(process.pid, 'SIGKILL');
    if (process.ppid !== shim || !process.channel) orphaned();
    process.channel.unref();
    process.on('disconnect', orphaned);
  }
  const { main } = await import('../dist/src/cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
} else {
  const child = spawn(process.execPath, [...process.execArgv, `${FLAG}=${HEAP_MB}`, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [SHIM]: String(process.pid) },
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('error', (e) => {
    process.stderr.write(`yibao: ${e.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (!signal) process.exit(code ?? 1);
    // End the way the run ended (the handlers above would otherwise catch the signal).
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}
