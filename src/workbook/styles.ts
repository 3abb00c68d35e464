/**
 * Result styles appended to the workbook's styles.xml: new fonts, fills, number formats and cellXfs are
 * added after the existing ones, so every style index the user's cells refer to stays valid.
 */
import { attrSpan, decodeEntities, findTag, openingTag, prefixOf, replaceEmptyElements, tagEnd } from '../xlsx/xml.js';

export interface ResultStyles {
  header: number;
  text: number;
  /** Text starting with = + - @ tab CR: shown as typed, never a formula (quotePrefix). */
  quoted: number;
  wrap: number;
  quotedWrap: number;
  date: number;
  /** Number formats by format code (money `#,##0.00`, int `0`…). */
  numFmt: Map<string, number>;
  status: { ok: number; warning: number; error: number };
  /** Bold text (汇总/计算依据 headings). */
  bold: number;
}

const BUILTIN_NUMFMT: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '@': 49 };

export const DATE_FORMAT = 'yyyy-mm-dd';

export const MINIMAL_STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** Position of a collection element (`<fonts>`) and the number of its direct items. */
function collection(xml: string, p: string, name: string, item: string): { open: number; openEnd: number; close: number; count: number; selfClosing: boolean } | undefined {
  const open = findTag(xml, `${p}${name}`);
  if (open < 0) return undefined;
  const openEnd = tagEnd(xml, open);
  if (xml.charCodeAt(openEnd - 2) === 47) return { open, openEnd, close: openEnd, count: 0, selfClosing: true };
  const closeTag = `</${p}${name}>`;
  const close = xml.indexOf(closeTag, openEnd);
  let count = 0;
  const body = xml.slice(openEnd, close);
  for (let i = findTag(body, `${p}${item}`); i >= 0; i = findTag(body, `${p}${item}`, i + 1)) count++; // int
  return { open, openEnd, close, count, selfClosing: false };
}

/** Append items to a collection, fixing its count; returns the new xml and the first new index. */
function append(xml: string, p: string, name: string, item: string, items: string[], createBefore: string[]): { xml: string; first: number } {
  const c = collection(xml, p, name, item);
  const addXml = items.join('');
  if (!c) {
    // Create the collection before the first following sibling that exists.
    let at = -1;
    for (const sib of createBefore) {
      at = findTag(xml, `${p}${sib}`);
      if (at >= 0) break;
    }
    if (at < 0) at = xml.lastIndexOf(`</${p}styleSheet>`);
    return { xml: `${xml.slice(0, at)}<${p}${name} count="${items.length}">${addXml}</${p}${name}>${xml.slice(at)}`, first: 0 };
  }
  const total = c.count + items.length;
  const openTag = xml.slice(c.open, c.openEnd);
  let newOpen = /\scount="\d*"/.test(openTag) ? openTag.replace(/\scount="\d*"/, ` count="${total}"`) : openTag.replace(new RegExp(`^<${p}${name}`), `<${p}${name} count="${total}"`);
  if (c.selfClosing) {
    newOpen = openingTag(newOpen);
    return { xml: `${xml.slice(0, c.open)}${newOpen}${addXml}</${p}${name}>${xml.slice(c.openEnd)}`, first: 0 };
  }
  return { xml: `${xml.slice(0, c.open)}${newOpen}${xml.slice(c.openEnd, c.close)}${addXml}${xml.slice(c.close)}`, first: c.count };
}

/** The workbook's default font (index 0) made bold, so result headers match the user's typeface. */
function boldFont(xml: string, p: string): string {
  const i = findTag(xml, `${p}font`);
  if (i >= 0) {
    const e = tagEnd(xml, i);
    const close = xml.indexOf(`</${p}font>`, e);
    if (xml.charCodeAt(e - 2) !== 47 && close > 0) {
      // Any <b/> of its own goes (the one added leads): /<b(\s[^>]*)?\/>/g, without the regex's backtracking.
      const inner = replaceEmptyElements(xml.slice(e, close).split(`<${p}b/>`).join(''), `<${p}b`, () => '');
      return `<${p}font><${p}b/>${inner}</${p}font>`;
    }
  }
  return `<${p}font><${p}b/><${p}sz val="11"/><${p}name val="Calibri"/></${p}font>`;
}

const FILLS = { header: 'FFDDEBF7', ok: 'FFC6EFCE', warning: 'FFFFEB9C', error: 'FFFFC7CE' } as const;

/** Add the result styles; `formats` are the number formats the result columns use. */
export function addResultStyles(stylesXml: string, formats: readonly string[]): { xml: string; styles: ResultStyles } {
  let xml = stylesXml;
  const p = prefixOf(xml, 'styleSheet');
  // Number formats.
  const numFmt = new Map<string, number>();
  const custom: string[] = [];
  let nextId = 164;
  const existing = collection(xml, p, 'numFmts', 'numFmt');
  if (existing && !existing.selfClosing) {
    const body = xml.slice(existing.openEnd, existing.close);
    for (let i = findTag(body, `${p}numFmt`); i >= 0; i = findTag(body, `${p}numFmt`, i + 1)) {
      const a = attrSpan(body, i, (name) => name === 'numFmtId');
      const id = a ? Number(decodeEntities(body.slice(a.start, a.end))) : Number.NaN;
      if (Number.isInteger(id) && id >= nextId) nextId = id + 1;
    }
  }
  for (const f of [...new Set([...formats, DATE_FORMAT])]) {
    const builtin = BUILTIN_NUMFMT[f];
    if (builtin !== undefined) {
      numFmt.set(f, builtin);
      continue;
    }
    numFmt.set(f, nextId);
    custom.push(`<${p}numFmt numFmtId="${nextId}" formatCode="${f.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/>`);
    nextId += 1;
  }
  if (custom.length > 0) xml = append(xml, p, 'numFmts', 'numFmt', custom, ['fonts']).xml;
  // Fonts and fills.
  const font = append(xml, p, 'fonts', 'font', [boldFont(xml, p)], ['fills']);
  xml = font.xml;
  const bold = font.first;
  const fillXml = (rgb: string) => `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${rgb}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`;
  const fills = append(xml, p, 'fills', 'fill', [fillXml(FILLS.header), fillXml(FILLS.ok), fillXml(FILLS.warning), fillXml(FILLS.error)], ['borders']);
  xml = fills.xml;
  const [fHeader, fOk, fWarn, fErr] = [0, 1, 2, 3].map((k) => fills.first + k); // int
  // Cell formats.
  const xfs: string[] = [];
  const xf = (o: { numFmt?: number; font?: number; fill?: number; align?: string; quote?: boolean }): number => {
    const attrs = [`numFmtId="${o.numFmt ?? 0}"`, `fontId="${o.font ?? 0}"`, `fillId="${o.fill ?? 0}"`, `borderId="0"`, `xfId="0"`];
    if (o.quote) attrs.push('quotePrefix="1"');
    if (o.numFmt) attrs.push('applyNumberFormat="1"');
    if (o.font) attrs.push('applyFont="1"');
    if (o.fill) attrs.push('applyFill="1"');
    if (o.align) attrs.push('applyAlignment="1"');
    xfs.push(o.align ? `<${p}xf ${attrs.join(' ')}><${p}alignment ${o.align}/></${p}xf>` : `<${p}xf ${attrs.join(' ')}/>`);
    return xfs.length - 1;
  };
  const local = {
    header: xf({ font: bold, fill: fHeader, align: 'horizontal="center" vertical="center" wrapText="1"' }),
    text: xf({}),
    quoted: xf({ quote: true }),
    wrap: xf({ align: 'vertical="top" wrapText="1"' }),
    quotedWrap: xf({ quote: true, align: 'vertical="top" wrapText="1"' }),
    date: xf({ numFmt: numFmt.get(DATE_FORMAT) }),
    ok: xf({ fill: fOk, align: 'horizontal="center"' }),
    warning: xf({ fill: fWarn, align: 'horizontal="center"' }),
    error: xf({ fill: fErr, align: 'horizontal="center"' }),
    bold: xf({ font: bold }),
  };
  const fmtLocal = new Map<string, number>();
  for (const f of formats) fmtLocal.set(f, xf({ numFmt: numFmt.get(f) }));
  const cell = append(xml, p, 'cellXfs', 'xf', xfs, ['cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst']);
  xml = cell.xml;
  const at = (k: number) => cell.first + k; // int
  return {
    xml,
    styles: {
      header: at(local.header),
      text: at(local.text),
      quoted: at(local.quoted),
      wrap: at(local.wrap),
      quotedWrap: at(local.quotedWrap),
      date: at(local.date),
      numFmt: new Map([...fmtLocal].map(([f, k]) => [f, at(k)])),
      status: { ok: at(local.ok), warning: at(local.warning), error: at(local.error) },
      bold: at(local.bold),
    },
  };
}
