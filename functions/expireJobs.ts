/** Hourly: jobs past their expiry lose their upload and results (src/jobs/expire.ts). */
import './setup.js';
import { app } from '@azure/functions';
import { expireTimerHandler } from '../src/jobs/expire.js';

app.timer('expireJobs', { schedule: '0 17 * * * *', handler: expireTimerHandler });
