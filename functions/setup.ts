/** Imported first by every function file: app-wide options, once. */
import { app } from '@azure/functions';
import { appLedger } from '../src/ledger/app.js';

// Request bodies arrive as a stream, so the size limit stops a large upload before it is all in memory.
app.setup({ enableHttpStream: true });

// Say on start whether the year-to-date ledger is on (YIBAO_LEDGER_KEY), and why not when it is refused.
appLedger();
