/** Files shipped with the app (templates/), found from this module whether it runs from src/ or dist/src/. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The directory holding package.json (the app root in a Function App deployment too). */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the app code');
    dir = up;
  }
  root = dir;
  return dir;
}

export function templatePath(kind: string): string {
  return join(packageRoot(), 'templates', `${kind}.xlsx`);
}
