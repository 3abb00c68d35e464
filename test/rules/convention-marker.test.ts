/** The marker a 计算依据 step ends with: made once per convention, not on every row that cites it. */
import { describe, expect, it } from 'vitest';
import { convention, conventionMarker, type Convention, GENERAL } from '../../src/rules/conventions.js';
import { Trace } from '../../src/rules/trace.js';

describe('conventionMarker', () => {
  it('one convention: its marker, made with the record (not rebuilt from its id however often it is cited)', () => {
    let reads = 0;
    const fields = { title: 't', open: 'o', chosen: 'c', other: 'x', rows: 'r' };
    const c = convention(Object.defineProperty({ ...fields } as Convention, 'id', { get: () => ((reads += 1), 'XN99'), enumerable: true }));
    reads = 0;
    for (let i = 0; i < 1000; i++) expect(conventionMarker(c)).toBe('(按本系统约定 XN99)');
    expect(reads).toBe(0);
    expect(new Trace().convention(c, '步骤').basis).toBe('步骤(按本系统约定 XN99)');
  });

  it('several conventions: their ids joined', () => {
    expect(conventionMarker([GENERAL.monthlyFirst, GENERAL.percentagePoints])).toBe(`(按本系统约定 ${GENERAL.monthlyFirst.id}、${GENERAL.percentagePoints.id})`);
  });
});
