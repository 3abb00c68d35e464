/**
 * Seeded mutations of a workbook for the fuzzer (test/fuzz, scripts/fuzz.ts): byte flips, truncation,
 * splices, zip-entry edits (drop, duplicate, lie about sizes, change method/flags), XML edits inside the
 * sheet/sharedStrings/styles/workbook parts, cell-value replacements with hostile values, and the crafted
 * shapes that once took quadratic time (shapes.ts). The same seed always gives the same bytes, so a
 * failing case is reproduced by its seed alone.
 */
import zlib from 'node:zlib';
import { bufferSource, ZipReader } from '../xlsx/zip.js';
import { rawZip } from './raw-zip.js';
import { HOSTILE_SHAPES } from './shapes.js';

export type Rng = () => number;

/** mulberry32: small, fast, good enough to pick mutations; deterministic per seed. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rng, n: number) => Math.floor(r() * n); // int: random index
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)]!;

/** Values people (and attackers) put in cells. */
export const HOSTILE_VALUES: readonly string[] = [
  '', ' ', '0', '-0', '-1', '-0.01', '0.005', '1e309', '-1e309', 'NaN', 'Infinity', '1,234.50', '¥1234.5', '１２３', '99999999999999999999999',
  '=1+1', '=HYPERLINK("http://evil/","x")', '+SUM(A1:A9)', '-2+3', '@cmd', '\t=1', '\r=1', '\n',
  '2024-02-30', '2024-13-01', '1899-12-31', '2101-01-01', '2024/2/15', '2024年2月15日', '45000', '45000.5', '-1', '0.0001',
  '630102198001011237', '630102198001011238', '63010219800101123', '６３０１０２１９８００１０１１２３７', '630102200002301234', '11010119491001001X',
  '职工', '居民', '住院', '住远', '生育', '二级医阮', '三级', '在职', '退休', '是', '否', '无', '特困', '低保边缘',
  '张三', '😀', '\u202e', '&amp;', '<b>', ']]>', 'x'.repeat(300), '\u0001', '%s%s%n', "' OR 1=1 --",
];

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// ---- byte-level -------------------------------------------------------------------------------------

export function flipBytes(b: Buffer, r: Rng): Buffer {
  const out = Buffer.from(b);
  const n = 1 + int(r, 8);
  for (let i = 0; i < n && out.length > 0; i++) {
    const at = int(r, out.length);
    out[at] = out[at]! ^ (1 + int(r, 255)); // int: byte xor
  }
  return out;
}

export function truncate(b: Buffer, r: Rng): Buffer {
  return b.subarray(0, int(r, b.length));
}

export function splice(b: Buffer, r: Rng): Buffer {
  const at = int(r, b.length + 1);
  const from = int(r, b.length + 1);
  const len = int(r, 64);
  return Buffer.concat([b.subarray(0, at), b.subarray(from, from + len), b.subarray(at + int(r, 16))]);
}

// ---- zip-level --------------------------------------------------------------------------------------

export interface FuzzEntry {
  name: string;
  body: Buffer;
  /** Written as-is when set (lies about metadata). */
  method?: number;
  flags?: number;
  declaredSize?: number;
  crc?: number;
}

export async function unzipAll(b: Buffer): Promise<FuzzEntry[] | undefined> {
  try {
    const zip = await ZipReader.open(bufferSource(b));
    const out: FuzzEntry[] = [];
    for (const e of zip.entries) out.push({ name: e.name, body: await zip.read(e, { maxBytes: 8 * 1024 * 1024 }) });
    return out;
  } catch {
    return undefined;
  }
}

/** Write entries as a zip, honouring any metadata lies the mutation asked for. */
export function zipAll(entries: FuzzEntry[]): Buffer {
  return rawZip(
    entries.map((e) => {
      const method = e.method ?? 8;
      return {
        name: e.name,
        data: method === 0 ? e.body : zlib.deflateRawSync(e.body),
        method,
        flags: e.flags ?? 0x800,
        crc: e.crc ?? zlib.crc32(e.body),
        declaredSize: e.declaredSize ?? e.body.length,
      };
    }),
  );
}

type EntryEdit = (entries: FuzzEntry[], r: Rng) => string;

const ENTRY_EDITS: Record<string, EntryEdit> = {
  drop(es, r) {
    const i = int(r, es.length);
    return `drop ${es.splice(i, 1)[0]?.name}`;
  },
  duplicate(es, r) {
    const e = pick(r, es);
    es.splice(int(r, es.length + 1), 0, { ...e, body: Buffer.from(e.body) });
    return `duplicate ${e.name}`;
  },
  lieSize(es, r) {
    const e = pick(r, es);
    e.declaredSize = pick(r, [0, 1, Math.max(0, e.body.length - 1), e.body.length + 1, 0xffffffff, e.body.length * 1000]);
    return `declare ${e.name} as ${e.declaredSize} bytes`;
  },
  badCrc(es, r) {
    const e = pick(r, es);
    e.crc = int(r, 0xffffffff);
    return `bad crc ${e.name}`;
  },
  method(es, r) {
    const e = pick(r, es);
    e.method = pick(r, [0, 1, 9, 12, 14, 99]);
    return `method ${e.method} for ${e.name}`;
  },
  encrypt(es, r) {
    const e = pick(r, es);
    e.flags = 0x801;
    return `encrypted flag on ${e.name}`;
  },
  rename(es, r) {
    const e = pick(r, es);
    const to = pick(r, ['xl/worksheets/sheet9.xml', 'XL/WORKBOOK.XML', '../../etc/passwd', '', 'xl/sharedStrings.xml', '/abs', 'x'.repeat(300)]);
    const from = e.name;
    e.name = to;
    return `rename ${from} → ${to.slice(0, 20)}`;
  },
  swap(es, r) {
    const a = pick(r, es);
    const b = pick(r, es);
    [a.body, b.body] = [b.body, a.body];
    return `swap ${a.name} ↔ ${b.name}`;
  },
};

// ---- XML-level --------------------------------------------------------------------------------------

const XML_PARTS = /^(xl\/worksheets\/[^/]+\.xml|xl\/sharedStrings\.xml|xl\/styles\.xml|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|\[Content_Types\]\.xml)$/i;

type XmlEdit = (xml: string, r: Rng) => [string, string];

const XML_EDITS: Record<string, XmlEdit> = {
  deleteSpan(x, r) {
    const at = int(r, x.length);
    const len = 1 + int(r, 200);
    return [x.slice(0, at) + x.slice(at + len), `delete ${len} chars at ${at}`];
  },
  duplicateElement(x, r) {
    const tags = [...x.matchAll(/<(c|row|si|sheet|xf|cols|col|mergeCell)\b[^>]*?(\/>|>[\s\S]*?<\/\1>)/g)];
    if (tags.length === 0) return [x, 'no element'];
    const m = pick(r, tags);
    const at = m.index! + m[0].length;
    return [x.slice(0, at) + m[0].repeat(1 + int(r, 3)) + x.slice(at), `duplicate <${m[1]}>`];
  },
  removeElement(x, r) {
    const tags = [...x.matchAll(/<(c|row|si|sheet|xf|sheetData|sst|t|v)\b[^>]*?(\/>|>[\s\S]*?<\/\1>)/g)];
    if (tags.length === 0) return [x, 'no element'];
    const m = pick(r, tags);
    return [x.slice(0, m.index!) + x.slice(m.index! + m[0].length), `remove <${m[1]}>`];
  },
  cellRef(x, r) {
    const refs = [...x.matchAll(/\br="([A-Z]*\d*)"/g)];
    if (refs.length === 0) return [x, 'no ref'];
    const m = pick(r, refs);
    const to = pick(r, ['A0', 'XFD1048577', 'ZZZZ1', '', 'A-1', '1A', 'B2', 'AAAAAAAAAA99999999999', 'A1048576', 'XFE1']);
    return [x.slice(0, m.index!) + `r="${to}"` + x.slice(m.index! + m[0].length), `r=${m[1]} → ${to}`];
  },
  cellType(x, r) {
    const ts = [...x.matchAll(/\bt="(\w*)"/g)];
    const to = pick(r, ['s', 'n', 'b', 'e', 'str', 'inlineStr', 'd', 'bogus']);
    if (ts.length === 0) return [x.replace(/<c /, `<c t="${to}" `), `add t=${to}`];
    const m = pick(r, ts);
    return [x.slice(0, m.index!) + `t="${to}"` + x.slice(m.index! + m[0].length), `t=${m[1]} → ${to}`];
  },
  styleIndex(x, r) {
    const ss = [...x.matchAll(/\bs="(\d*)"/g)];
    if (ss.length === 0) return [x, 'no style'];
    const m = pick(r, ss);
    const to = pick(r, ['-1', '99999', '', 'x', '4294967296']);
    return [x.slice(0, m.index!) + `s="${to}"` + x.slice(m.index! + m[0].length), `s=${m[1]} → ${to}`];
  },
  junk(x, r) {
    const at = int(r, x.length + 1);
    const j = pick(r, ['<', '>', '&', '&bogus;', '&#0;', '&#xFFFFFFFF;', ']]>', '<![CDATA[x]]>', '<!DOCTYPE x [<!ENTITY a "aaaa">]>', '&a;', '<?pi?>', '\u0000', '"', "'", '</worksheet>', '<c r="A1"><v>1</v></c>']);
    return [x.slice(0, at) + j + x.slice(at), `insert ${JSON.stringify(j)} at ${at}`];
  },
  truncateXml(x, r) {
    const at = int(r, x.length);
    return [x.slice(0, at), `truncate xml at ${at}`];
  },
  sharedIndex(x, r) {
    const vs = [...x.matchAll(/t="s"([^>]*)><v>(\d+)<\/v>/g)];
    if (vs.length === 0) return [x, 'no shared ref'];
    const m = pick(r, vs);
    const to = pick(r, ['-1', '999999', '1.5', '', 'abc', '4294967297']);
    return [x.replace(m[0], `t="s"${m[1]}><v>${to}</v>`), `shared index ${m[2]} → ${to}`];
  },
  cellValue(x, r) {
    const vs = [...x.matchAll(/<(v|t)(\s[^>]*)?>([^<]*)<\/\1>/g)];
    if (vs.length === 0) return [x, 'no value'];
    const m = pick(r, vs);
    const v = pick(r, HOSTILE_VALUES);
    return [x.slice(0, m.index!) + `<${m[1]}${m[2] ?? ''}>${xmlEscape(v)}</${m[1]}>` + x.slice(m.index! + m[0].length), `value ${JSON.stringify(m[3]?.slice(0, 20))} → ${JSON.stringify(v.slice(0, 20))}`];
  },
};

// ---- driver -----------------------------------------------------------------------------------------

export interface Mutated {
  bytes: Buffer;
  /** What was done, for the failure report. */
  ops: string[];
}

/**
 * One mutated case from a seed workbook. Half of the cases stay structurally valid zips with edited XML or
 * values (they reach the reader and the engine); the rest break the container in some way.
 */
export async function mutate(seed: Buffer, caseSeed: number): Promise<Mutated> {
  const r = rng(caseSeed);
  const ops: string[] = [];
  const roll = r();
  if (roll >= 0.94) {
    // A shape that once took quadratic time (src/guard/shapes.ts), at a fiftieth of the review's size.
    const [name, shape] = pick(r, Object.entries(HOSTILE_SHAPES));
    const k = Math.max(1, Math.round(shape.k / 50));
    if (shape.bytes) {
      ops.push(`shape ${name} ×${k}`);
      return { bytes: shape.bytes(k), ops };
    }
    const entries = await unzipAll(seed);
    if (entries && shape.edit!(entries, k)) {
      ops.push(`shape ${name} ×${k}`);
      return { bytes: zipAll(entries), ops };
    }
  }
  if (roll < 0.12) {
    ops.push('flip bytes');
    return { bytes: flipBytes(seed, r), ops };
  }
  if (roll < 0.2) {
    ops.push('truncate');
    return { bytes: truncate(seed, r), ops };
  }
  if (roll < 0.25) {
    ops.push('splice');
    return { bytes: splice(seed, r), ops };
  }
  const entries = await unzipAll(seed);
  if (!entries || entries.length === 0) {
    // CSV seeds (or anything not a zip): replace fields with hostile values, or flip bytes.
    if (r() < 0.3) {
      ops.push('flip bytes (not a zip)');
      return { bytes: flipBytes(seed, r), ops };
    }
    const lines = seed.toString('utf8').split('\n');
    for (let k = 1 + int(r, 3); k > 0; k--) {
      const li = int(r, lines.length);
      const fields = lines[li]!.split(',');
      const fi = int(r, fields.length);
      const v = pick(r, HOSTILE_VALUES);
      fields[fi] = r() < 0.5 ? `"${v.replace(/"/g, '""')}"` : v;
      lines[li] = fields.join(',');
      ops.push(`csv line ${li + 1} field ${fi + 1} → ${JSON.stringify(v.slice(0, 20))}`);
    }
    return { bytes: Buffer.from(lines.join('\n'), 'utf8'), ops };
  }
  const rounds = 1 + int(r, 3);
  for (let i = 0; i < rounds; i++) {
    if (r() < 0.25) {
      const [name, edit] = pick(r, Object.entries(ENTRY_EDITS));
      ops.push(`${name}: ${edit(entries, r)}`);
    } else {
      const xmlParts = entries.filter((e) => XML_PARTS.test(e.name));
      if (xmlParts.length === 0) continue;
      // Values and sheets are the interesting parts: weight them.
      const sheetish = xmlParts.filter((e) => /sheet\d*\.xml$|sharedStrings/i.test(e.name));
      const e = sheetish.length > 0 && r() < 0.75 ? pick(r, sheetish) : pick(r, xmlParts);
      const names = Object.keys(XML_EDITS);
      const name = r() < 0.4 ? 'cellValue' : pick(r, names);
      const [xml, what] = XML_EDITS[name]!(e.body.toString('utf8'), r);
      e.body = Buffer.from(xml, 'utf8');
      ops.push(`${e.name} ${name}: ${what}`);
    }
  }
  return { bytes: zipAll(entries), ops };
}
