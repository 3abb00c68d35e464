import { expect } from 'vitest';
import { InputError } from '../../src/pipeline/types.js';

/** Await a promise that must be refused with an InputError, and return it. */
export async function expectInputError(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}
