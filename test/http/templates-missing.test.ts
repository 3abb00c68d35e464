import { describe, expect, it, vi } from 'vitest';
import { call } from './call.js';

vi.mock('../../src/http/paths.js', () => ({ templatePath: (kind: string) => `/nonexistent/templates/${kind}.xlsx`, packageRoot: () => '/nonexistent' }));

describe('GET /api/templates/{kind} when the app was deployed without templates/', () => {
  it('answers 404 template-missing, not 500', async () => {
    const r = await call('GET', '/api/templates/settlements');
    expect(r.status).toBe(404);
    expect(r.json().error).toBe('template-missing');
    expect(r.text).not.toContain('/nonexistent');
  });
});
