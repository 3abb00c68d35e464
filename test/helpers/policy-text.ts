import { resolve } from 'node:path';

/** A policy text from ../shared/policy beside the repository (as laid out for developers and CI). */
export function policyTextPath(file: string): string {
  return resolve(process.cwd(), '..', 'shared', 'policy', file);
}
