/** The Dongying rule index and parameter table are complete and cite the text. */
import { policyTextPath } from '../helpers/policy-text.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleSet } from '../../src/rules/index.js';

const rs = ruleSet('dongying-2018');
const POLICY = policyTextPath('dongying-2018-social-medical-insurance-measures.txt');
const TEXT = readFileSync(POLICY, 'utf8');

describe('dongying-2018 rule index', () => {
  it('every rule names parameters that exist and an article of the text', () => {
    const ids = new Set(rs.params.map((p) => p.id));
    for (const r of rs.rules) {
      for (const p of r.params) expect(ids.has(p), `${r.id} → ${p}`).toBe(true);
      expect(r.source.ref).toMatch(/^第[一二三四五六七八九十]+条/);
    }
    expect(new Set(rs.rules.map((r) => r.id)).size).toBe(rs.rules.length);
  });
  const quoted = [...rs.params.filter((p) => p.values.length > 0), ...rs.rules];
  it('every quote is at most 60 characters', () => {
    for (const item of quoted) expect(item.source.quote.length, item.source.quote).toBeLessThanOrEqual(60);
  });
  it('every quote is, elisions aside, verbatim from the policy text', () => {
    for (const item of quoted) for (const piece of item.source.quote.split('…')) expect(TEXT.includes(piece), `${item.id}: ${piece}`).toBe(true);
  });
  it('parameters the text does not give have no value', () => {
    const missing = rs.params.filter((p) => p.values.length === 0).map((p) => p.id).sort();
    expect(missing).toEqual(['dongying.averageWage.monthly', 'dongying.resident.contribution.personal', 'dongying.resident.contribution.subsidy', 'dongying.resident.outpatient.ratio']);
  });
});
