/**
 * Writes templates/<kind>.xlsx for every kind from the column tables (`npm run templates`).
 * test/templates/staleness.test.ts fails when a committed template differs from what this writes.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { KIND_IDS } from '../src/kinds/types.js';
import { buildTemplate, templateFileName } from '../src/templates/build.js';
import { repoRoot } from './repo-root.js';
import { writeIfChanged } from './write-if-changed.js';

const dir = path.join(repoRoot(), 'templates');
await mkdir(dir, { recursive: true });
for (const kind of KIND_IDS) {
  const file = path.join(dir, templateFileName(kind));
  const changed = await writeIfChanged(file, buildTemplate(kind));
  console.log(`${changed ? 'wrote' : 'unchanged'} ${path.relative(process.cwd(), file)}`);
}
