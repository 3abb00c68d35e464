/**
 * Raw rows packed into one string for the trip to a shard worker. Structured clone of arrays of mixed
 * values cost the main thread more than reading the rows did; one string is copied in one go.
 *
 * Each value is a tag and its text, values separated by SEP, `width` values per row:
 * u absent · s text · j text holding SEP (as JSON, which escapes every control character) · n number
 * (String(n) reads back exactly) · z −0 · t true · f false · d Date (epoch ms).
 */
import type { CellValue } from '../kinds/validate.js';

const SEP = '\u0001';

export function packValue(v: CellValue): string {
  if (v === undefined || v === null) return `u${SEP}`;
  if (typeof v === 'string') return v.includes(SEP) ? `j${JSON.stringify(v)}${SEP}` : `s${v}${SEP}`;
  if (typeof v === 'number') return Object.is(v, -0) ? `z${SEP}` : `n${String(v)}${SEP}`;
  if (typeof v === 'boolean') return v ? `t${SEP}` : `f${SEP}`;
  return `d${String(v.getTime())}${SEP}`;
}

/** Calls `on(i, value)` for every value of `packed` in order (i from 0). */
export function unpackValues(packed: string, on: (i: number, v: CellValue) => void): void {
  let at = 0;
  for (let i = 0; at < packed.length; i++) { // int
    const end = packed.indexOf(SEP, at);
    const tag = packed.charCodeAt(at);
    let v: CellValue;
    switch (tag) {
      case 115: // s
        v = packed.slice(at + 1, end); // int
        break;
      case 110: // n
        v = Number(packed.slice(at + 1, end)); // int
        break;
      case 106: // j
        v = JSON.parse(packed.slice(at + 1, end)) as string; // int
        break;
      case 122: // z
        v = -0;
        break;
      case 116: // t
        v = true;
        break;
      case 102: // f
        v = false;
        break;
      case 100: // d
        v = new Date(Number(packed.slice(at + 1, end))); // int
        break;
      default:
        v = undefined;
    }
    on(i, v);
    at = end + 1; // int
  }
}
