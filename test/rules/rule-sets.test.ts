/** Integrity of the rule sets as data: ids, sources, parameters, and the generated index. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_SETS } from '../../src/rules/index.js';
import { ruleIndexMarkdown } from '../../src/rules/rule-index.js';

describe('rule sets', () => {
  for (const rs of Object.values(RULE_SETS)) {
    describe(rs.id, () => {
      it('every parameter has a unique id prefixed by the city, a source reference and quote, and well-formed dated values', () => {
        const prefix = rs.id.split('-')[0]!;
        const ids = new Set<string>();
        for (const p of rs.params) {
          expect(ids.has(p.id), p.id).toBe(false);
          ids.add(p.id);
          expect(p.id.startsWith(`${prefix}.`), p.id).toBe(true);
          expect(p.source.ref.trim(), p.id).not.toBe('');
          expect(p.source.quote.trim(), p.id).not.toBe('');
          for (const v of p.values) {
            expect(v.value, p.id).toMatch(/^-?\d+(\.\d+)?$/);
            expect(v.from, p.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            if (v.to) expect(v.to >= v.from, p.id).toBe(true);
          }
        }
      });

      it('every rule has a unique id, a source, and reads only parameters that exist', () => {
        const params = new Set(rs.params.map((p) => p.id));
        const ids = new Set<string>();
        for (const r of rs.rules) {
          expect(ids.has(r.id), r.id).toBe(false);
          ids.add(r.id);
          expect(r.source.ref.trim(), r.id).not.toBe('');
          for (const p of r.params) expect(params.has(p), `${r.id} reads unknown parameter ${p}`).toBe(true);
        }
      });
    });
  }

  it('docs/rules.md is the generated index (run npm run rules:index)', () => {
    expect(readFileSync('docs/rules.md', 'utf8')).toBe(ruleIndexMarkdown(process.cwd()));
  });
});
