/** Small constructors that keep parameter and rule tables readable. */
import type { KindId } from '../kinds/types.js';
import type { Convention } from './conventions.js';
import type { DatedValue, ParamDef, ParamUnit } from './params.js';
import type { RuleDef } from './types.js';

export interface ParamOptions {
  /** Start of the value (default: the rule set's start). */
  from?: string;
  to?: string;
  convention?: Convention;
  note?: string;
}

/** A parameter with one value in force over [from, to]. */
export function param(id: string, label: string, unit: ParamUnit, ref: string, quote: string, value: string | number, opts: ParamOptions & { from: string }): ParamDef {
  const v: DatedValue = { from: opts.from, value: String(value) };
  if (opts.to) v.to = opts.to;
  return { id, label, unit, source: { ref, quote }, values: [v], convention: opts.convention, note: opts.note };
}

/** A parameter with several dated values. */
export function datedParam(id: string, label: string, unit: ParamUnit, ref: string, quote: string, values: DatedValue[], opts: Omit<ParamOptions, 'from' | 'to'> = {}): ParamDef {
  return { id, label, unit, source: { ref, quote }, values, convention: opts.convention, note: opts.note };
}

/** A parameter the policy text does not give (RULES.md §General 10): a row that needs it errors until supplied. */
export function missingParam(id: string, label: string, unit: ParamUnit, ref: string, why: string): ParamDef {
  return { id, label, unit, source: { ref, quote: why }, values: [] };
}

export function rule(id: string, title: string, ref: string, quote: string, params: readonly string[], kinds: readonly KindId[]): RuleDef {
  return { id, title, source: { ref, quote }, params, kinds };
}
