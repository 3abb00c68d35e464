export * from './types.js';
export { processWorkbook } from './process.js';
