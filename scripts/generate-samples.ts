/**
 * Writes samples/<policy>/<kind>.xlsx (`npm run samples`): realistic batches per policy and kind with the
 * handbook's worked examples and deliberately wrong rows (marked in 备注). Deterministic: a seeded PRNG
 * and fixed workbook dates, so regenerating gives the same content (test/templates/samples.test.ts).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { buildMonthlySamples, buildSamples } from './samples/build.js';
import { repoRoot } from './repo-root.js';
import { writeIfChanged } from './write-if-changed.js';

const root = repoRoot();
for (const { policy, kind, workbook } of buildSamples()) {
  const dir = path.join(root, 'samples', policy);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${kind}.xlsx`);
  const changed = await writeIfChanged(file, workbook);
  console.log(`${changed ? 'wrote' : 'unchanged'} ${path.relative(process.cwd(), file)}`);
}
for (const { policy, file: name, workbook } of buildMonthlySamples()) {
  const file = path.join(root, 'samples', policy, name);
  await mkdir(path.dirname(file), { recursive: true });
  const changed = await writeIfChanged(file, workbook);
  console.log(`${changed ? 'wrote' : 'unchanged'} ${path.relative(process.cwd(), file)}`);
}
