/**
 * The worksheet scanner as it was before the in-place rewrite (commit 321e755), kept only as the reference
 * the equivalence test compares the current scanner against, token by token and cell by cell.
 */
import { decodeEntities, eachAttr, findOpen, findTag, parseAttrs, splitRef, stringItemText, tagEnd } from '../../src/xlsx/xml.js';
import { MAX_PENDING_CHARS, type ScannedCell, type ScannedRow, SheetFormatError, type SheetToken } from '../../src/xlsx/sheet-scanner.js';

function parseCells(inner: string, p: string): ScannedCell[] {
  const cells: ScannedCell[] = [];
  const cq = `${p}c`;
  const cclose = `</${cq}>`;
  // Element names built once per row, not per cell.
  const vq = `${p}v`;
  const vclose = `</${vq}>`;
  const fq = `${p}f`;
  const fclose = `</${fq}>`;
  const isq = `${p}is`;
  const isclose = `</${isq}>`;
  const copen = `<${cq}`;
  const vopen = `<${vq}`;
  const fopen = `<${fq}`;
  const isopen = `<${isq}`;
  let prevCol = 0;
  for (let i = findOpen(inner, copen); i >= 0; ) {
    const e = tagEnd(inner, i);
    if (e < 0) break;
    let ref: string | undefined;
    let t: string | undefined;
    let s: string | undefined;
    eachAttr(inner.slice(i, e), (name, value) => {
      if (name === 'r') ref = value;
      else if (name === 't') t = value;
      else if (name === 's') s = value;
    });
    const pos = ref ? splitRef(ref) : undefined;
    const col = pos ? pos.col : prevCol + 1;
    prevCol = col;
    const cell: ScannedCell = { col, ref, t, s };
    let next = e;
    if (inner.charCodeAt(e - 2) !== 47) {
      const c = inner.indexOf(cclose, e);
      const body = c < 0 ? inner.slice(e) : inner.slice(e, c);
      next = c < 0 ? inner.length : c + cclose.length;
      const vi = findOpen(body, vopen);
      if (vi >= 0) {
        const ve = tagEnd(body, vi);
        if (ve > 0 && body.charCodeAt(ve - 2) !== 47) {
          const vc = body.indexOf(vclose, ve);
          if (vc >= 0) cell.v = decodeEntities(body.slice(ve, vc));
        } else if (ve > 0) cell.v = '';
      }
      const fi = findOpen(body, fopen);
      if (fi >= 0) {
        const fe = tagEnd(body, fi);
        if (fe > 0 && body.charCodeAt(fe - 2) !== 47) {
          const fc = body.indexOf(fclose, fe);
          cell.f = fc >= 0 ? decodeEntities(body.slice(fe, fc)) : '';
        } else cell.f = '';
      }
      const ii = findOpen(body, isopen);
      if (ii >= 0) {
        const ie = tagEnd(body, ii);
        const ic = body.indexOf(isclose, ie);
        cell.is = ic >= 0 ? stringItemText(body.slice(ie, ic), p) : '';
      }
    }
    cells.push(cell);
    i = findOpen(inner, copen, next);
  }
  return cells;
}

export function referenceParseRow(xml: string, p: string, prevR: number): ScannedRow {
  const openEnd = tagEnd(xml, 0);
  const a = parseAttrs(xml.slice(0, openEnd));
  const rAttr = a.get('r');
  const n = rAttr !== undefined ? Number(rAttr) : NaN;
  const hasR = Number.isInteger(n) && n > 0;
  const selfClosing = xml.charCodeAt(openEnd - 2) === 47;
  let cells: ScannedCell[] | undefined;
  return {
    r: hasR ? n : prevR + 1,
    hasR,
    // Parsed on first use: a writer copying rows through never pays for it.
    get cells(): ScannedCell[] {
      if (!cells) {
        const closeAt = selfClosing ? openEnd : xml.lastIndexOf(`</${p}row>`);
        cells = selfClosing ? [] : parseCells(xml.slice(openEnd, closeAt < 0 ? xml.length : closeAt), p);
      }
      return cells;
    },
    xml,
    openEnd,
    selfClosing,
  };
}

/** Scan worksheet XML given as byte chunks. */
export async function* referenceScanSheet(chunks: AsyncIterable<Buffer>): AsyncGenerator<SheetToken> {
  const dec = new TextDecoder('utf-8', { ignoreBOM: true });
  let buf = '';
  let state: 'head' | 'rows' | 'tail' = 'head';
  let p = '';
  let prevR = 0;
  let rowQ = '';
  let rowClose = '';
  let dataClose = '';
  let headScanned = 0;

  function* drain(final: boolean): Generator<SheetToken> {
    if (state === 'head') {
      // Search only the new text (plus an overlap for a tag split across chunks): linear, not quadratic.
      const re = /<([\w.-]+:)?sheetData[\s>/]/g;
      re.lastIndex = headScanned;
      const m = re.exec(buf);
      if (!m) {
        if (final) throw new SheetFormatError('worksheet has no sheetData');
        if (buf.length > MAX_PENDING_CHARS) throw new SheetFormatError(`worksheet part before sheetData is larger than ${MAX_PENDING_CHARS} characters`);
        headScanned = Math.max(0, buf.length - 64);
        return;
      }
      const e = tagEnd(buf, m.index);
      if (e < 0) return;
      p = m[1] ?? '';
      rowQ = `${p}row`;
      rowClose = `</${rowQ}>`;
      dataClose = `</${p}sheetData>`;
      const empty = buf.charCodeAt(e - 2) === 47;
      yield { type: 'head', xml: buf.slice(0, e), prefix: p, emptySheetData: empty };
      buf = buf.slice(e);
      state = empty ? 'tail' : 'rows';
    }
    if (state === 'rows') {
      let pos = 0;
      for (;;) {
        const lt = buf.indexOf('<', pos);
        if (lt < 0) {
          if (pos < buf.length && (final || buf.length - pos > 0)) {
            yield { type: 'text', xml: buf.slice(pos) };
            pos = buf.length;
          }
          break;
        }
        if (lt > pos) {
          yield { type: 'text', xml: buf.slice(pos, lt) };
          pos = lt;
        }
        if (buf.startsWith(dataClose, lt)) {
          state = 'tail';
          break;
        }
        if (buf.length - lt < dataClose.length + 1 && !final) break; // need more to decide
        if (findTag(buf, rowQ, lt) === lt) {
          const e = tagEnd(buf, lt);
          if (e < 0) break;
          let end: number;
          if (buf.charCodeAt(e - 2) === 47) end = e;
          else {
            const c = buf.indexOf(rowClose, e);
            if (c < 0) break;
            end = c + rowClose.length;
          }
          const row = referenceParseRow(buf.slice(lt, end), p, prevR);
          prevR = row.r;
          yield { type: 'row', row, prefix: p };
          pos = end;
          continue;
        }
        // Anything else between rows (comments, processing instructions): pass through to the next '<'.
        const next = buf.indexOf('<', lt + 1);
        if (next < 0) {
          if (!final) break;
          yield { type: 'text', xml: buf.slice(lt) };
          pos = buf.length;
          break;
        }
        yield { type: 'text', xml: buf.slice(lt, next) };
        pos = next;
      }
      buf = buf.slice(pos);
      if (final && state === 'rows') throw new SheetFormatError('worksheet XML ends inside sheetData (truncated?)');
      if (buf.length > MAX_PENDING_CHARS) throw new SheetFormatError(`a row of the worksheet is larger than ${MAX_PENDING_CHARS} characters (or never ends)`);
    }
  }

  for await (const chunk of chunks) {
    buf += dec.decode(chunk, { stream: true });
    yield* drain(false);
  }
  buf += dec.decode();
  yield* drain(true);
  if ((state as string) !== 'tail') throw new SheetFormatError('worksheet XML is incomplete');
  yield { type: 'tail', xml: buf };
}

