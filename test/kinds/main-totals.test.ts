/** MAIN_TOTALS (the CLI's summary, a job's totals) names money result columns of each kind. */
import { describe, expect, it } from 'vitest';
import { KINDS, MAIN_TOTALS } from '../../src/kinds/index.js';
import { KIND_IDS } from '../../src/kinds/types.js';

describe('MAIN_TOTALS', () => {
  it.each(KIND_IDS)('%s: every key is a money result column of the kind', (kind) => {
    expect(MAIN_TOTALS[kind].length).toBeGreaterThan(0);
    for (const key of MAIN_TOTALS[kind]) expect(KINDS[kind].results.find((c) => c.key === key)?.type, key).toBe('money');
  });
});
