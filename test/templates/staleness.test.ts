/** The committed templates are what the column tables generate (`npm run templates` refreshes them). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIND_IDS } from '../../src/kinds/types.js';
import { buildTemplate, templateFileName } from '../../src/templates/build.js';
import { workbookSnapshot } from '../../src/templates/snapshot.js';

const dir = path.resolve(import.meta.dirname, '../../templates');

describe('committed templates are up to date', () => {
  it.each(KIND_IDS)('templates/%s.xlsx equals a fresh build (run `npm run templates` when this fails)', async (kind) => {
    const committed = await workbookSnapshot(await readFile(path.join(dir, templateFileName(kind))));
    const fresh = await workbookSnapshot(buildTemplate(kind));
    expect(committed).toEqual(fresh);
  });
});
