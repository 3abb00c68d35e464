#!/usr/bin/env node
// The yibao CLI: a shim over the compiled entry point (dist/ is built by `npm run build`, run by `npm ci`).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
