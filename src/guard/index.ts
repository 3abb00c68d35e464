export * from './limits.js';
export * from './errors.js';
export * from './guard.js';
export * from './csv.js';
export { classifyCfb, type CfbKind } from './cfb.js';
