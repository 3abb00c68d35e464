import { resolve } from 'node:path';

/** A policy text as kept in the repository (`policy/`): tests and auditors need nothing beside the clone. */
export function policyTextPath(file: string): string {
  return resolve(import.meta.dirname, '..', '..', 'policy', file);
}
