import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KIND_IDS } from '../../src/kinds/types.js';
import { CONTENT_TYPES } from '../../src/pipeline/types.js';
import { call } from './call.js';

describe('GET /api/templates/{kind}', () => {
  it.each(KIND_IDS)('%s: the template file as an xlsx download', async (kind) => {
    const r = await call('GET', `/api/templates/${kind}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(CONTENT_TYPES.xlsx);
    expect(r.headers['content-disposition']).toBe(`attachment; filename="${kind}.template.xlsx"`);
    expect(r.bytes.equals(readFileSync(new URL(`../../templates/${kind}.xlsx`, import.meta.url)))).toBe(true);
  });

  it('unknown kind → 404 JSON; unknown query → 400; POST → 405', async () => {
    const r = await call('GET', '/api/templates/payroll');
    expect(r.status).toBe(404);
    expect(r.json().error).toBe('unknown-kind');
    expect((await call('GET', '/api/templates/settlements?lang=en')).status).toBe(400);
    expect((await call('POST', '/api/templates/settlements')).status).toBe(405);
  });
});
