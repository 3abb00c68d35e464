/**
 * Cell comments on offending input cells: the legacy comments part plus its VML drawing (what every
 * Excel version and LibreOffice show as notes). When the sheet already has comments, ours are merged in:
 * a cell that already has a note gets our text appended; VML shape ids stay unique in the workbook.
 */
import type { RowOutcome } from '../engine/run.js';
import { attrSpan, colIndex, colLetters, escapeXml, findSpaced, findWord, forward, isLocalName, prefixOf, stringItemText } from '../xlsx/xml.js';
import { clipText } from './cell-xml.js';
import { matchHeader } from './headers.js';
import type { DataSheet } from './reader.js';

export interface CellComment {
  row: number;
  col: number;
  text: string;
}

export const COMMENT_AUTHOR = 'yibao';

/** Messages of a row grouped onto the input cells they name (`列「医疗总费用」…`). */
export function commentTargets(ds: DataSheet): (row: number, o: RowOutcome) => CellComment[] {
  const colOf = new Map<string, number>();
  for (const [col, def] of ds.columns) colOf.set(def.key, col);
  return (row, o) => {
    const byCol = new Map<number, string[]>();
    for (const m of o.messages) {
      for (const name of quotedColumns(m)) {
        const def = matchHeader(ds.kind, name);
        const col = def ? colOf.get(def.key) : undefined;
        if (col === undefined) continue;
        const list = byCol.get(col) ?? [];
        if (!list.includes(m)) list.push(m);
        byCol.set(col, list);
      }
    }
    return [...byCol].sort(([a], [b]) => a - b).map(([col, msgs]) => ({ row, col, text: msgs.join('\n') }));
  };
}

/** The names in `列「…」` of a message, as /列「([^」]+)」/g finds them (one pass: messages quote user text). */
function quotedColumns(m: string): string[] {
  const out: string[] = [];
  for (let i = m.indexOf('列「'); i >= 0; ) {
    const j = m.indexOf('」', i + 2); // int
    if (j < 0) break;
    if (j === i + 2) { // int: 列「」 names nothing
      i = m.indexOf('列「', i + 1); // int
      continue;
    }
    out.push(m.slice(i + 2, j)); // int
    i = m.indexOf('列「', j + 1); // int
  }
  return out;
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

function commentXml(c: CellComment, authorId: number, p = ''): string {
  return `<${p}comment ref="${colLetters(c.col)}${c.row}" authorId="${authorId}"><${p}text><${p}r><${p}rPr><${p}b/><${p}sz val="9"/></${p}rPr><${p}t xml:space="preserve">${COMMENT_AUTHOR}:\n</${p}t></${p}r><${p}r><${p}rPr><${p}sz val="9"/></${p}rPr><${p}t xml:space="preserve">${escapeXml(clipText(c.text))}</${p}t></${p}r></${p}text></${p}comment>`;
}

const SHAPETYPE =
  '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">' +
  '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>';

function shapeXml(c: CellComment, id: number): string {
  const r0 = c.row - 1; // int
  const c0 = c.col - 1; // int
  return (
    `<v:shape id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:180pt;height:60pt;z-index:${id % 1024};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
    '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
    '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
    `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${c0 + 1}, 15, ${Math.max(0, r0 - 1)}, 10, ${c0 + 4}, 15, ${r0 + 4}, 4</x:Anchor>` +
    `<x:AutoFill>False</x:AutoFill><x:Row>${r0}</x:Row><x:Column>${c0}</x:Column></x:ClientData></v:shape>`
  );
}

/** VML shape-id blocks (o:idmap) used anywhere in the workbook, so new shapes never collide. */
export function idmapBlocks(vml: string): number[] {
  const out: number[] = [];
  for (let i = findWord(vml, '<o:idmap', 0); i >= 0; i = findWord(vml, '<o:idmap', i + 1)) {
    const a = attrSpan(vml, i, (name) => isLocalName(name, 'data'));
    if (a) for (const n of vml.slice(a.start, a.end).split(',')) if (/^\d+$/.test(n.trim())) out.push(Number(n.trim()));
  }
  // id="_x0000_s1025": a literal prefix, then digits (linear).
  for (const m of vml.matchAll(/id="_x0000_s(\d+)"/g)) out.push(Math.floor(Number(m[1]) / 1024)); // int
  return out;
}

/** The text of every `<p:author>…</p:author>`, in order. */
function authorsOf(xml: string, p: string): string[] {
  const open = `<${p}author>`;
  const close = `</${p}author>`;
  const out: string[] = [];
  for (let i = xml.indexOf(open); i >= 0; ) {
    const c = xml.indexOf(close, i + open.length); // int
    if (c < 0) break;
    out.push(xml.slice(i + open.length, c)); // int
    i = xml.indexOf(open, c + close.length); // int
  }
  return out;
}

/** The namespace prefix of the comments part's root element. */
function commentsPrefix(xml: string): string {
  return prefixOf(xml, 'comments');
}

const PER_BLOCK = 1000;

/** Shape ids for n new shapes, in fresh blocks after `firstBlock`. */
function shapeIds(n: number, firstBlock: number): { ids: number[]; blocks: number[] } {
  const ids: number[] = [];
  const blocks = new Set<number>();
  for (let i = 0; i < n; i++) { // int
    const block = firstBlock + Math.floor(i / PER_BLOCK); // int
    blocks.add(block);
    ids.push(block * 1024 + 1 + (i % PER_BLOCK)); // int
  }
  return { ids, blocks: [...blocks] };
}

const VML_OPEN =
  '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">';

/** New comments and VML parts for a sheet that had none. */
export function buildComments(list: readonly CellComment[], firstBlock = 1): { commentsXml: string; vmlXml: string } {
  return mergeComments(undefined, undefined, list, firstBlock);
}

/** Our comments merged into the sheet's comments part (cells with a note get our text appended). */
function mergeCommentsPart(oldComments: string | undefined, list: readonly CellComment[]): { xml: string; fresh: CellComment[] } {
  if (oldComments === undefined) {
    return {
      xml:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        `<comments xmlns="${NS_MAIN}"><authors><author>${COMMENT_AUTHOR}</author></authors><commentList>` +
        list.map((c) => commentXml(c, 0)).join('') +
        '</commentList></comments>',
      fresh: [...list],
    };
  }
  const p = commentsPrefix(oldComments);
  let xml = oldComments;
  const authors = authorsOf(xml, p);
  let authorId = authors.indexOf(COMMENT_AUTHOR);
  if (authorId < 0) {
    authorId = authors.length;
    if (xml.includes(`</${p}authors>`)) xml = xml.replace(`</${p}authors>`, `<${p}author>${COMMENT_AUTHOR}</${p}author></${p}authors>`);
    else xml = xml.replace(new RegExp(`<${p}authors\\s*/>`), `<${p}authors><${p}author>${COMMENT_AUTHOR}</${p}author></${p}authors>`);
  }
  // Each existing note by cell: where its text ends (our run goes in before that </text>).
  const textEnd = new Map<string, number>();
  const nextTextClose = forward(xml, `</${p}text>`);
  const nextGt = forward(xml, '>');
  for (let i = findSpaced(xml, `<${p}comment`, 0); i >= 0; ) {
    const e = nextGt(i); // int
    if (e < 0) break;
    const ref = attrSpan(xml, i, (name) => name === 'ref');
    const close = nextTextClose(e + 1); // int
    if (close < 0) break;
    if (ref) {
      const at = xml.slice(ref.start, ref.end);
      if (!textEnd.has(at)) textEnd.set(at, close);
    }
    i = findSpaced(xml, `<${p}comment`, e + 1); // int
  }
  const fresh: CellComment[] = [];
  const inserts: { at: number; text: string }[] = [];
  for (const c of list) {
    const at = textEnd.get(`${colLetters(c.col)}${c.row}`);
    if (at === undefined) fresh.push(c);
    else inserts.push({ at, text: `<${p}r><${p}t xml:space="preserve">\n${COMMENT_AUTHOR}: ${escapeXml(clipText(c.text))}</${p}t></${p}r>` });
  }
  if (inserts.length > 0) {
    // Stable: two notes for one cell keep their order, as appending one after the other would.
    inserts.sort((a, b) => a.at - b.at);
    let out = '';
    let copied = 0;
    for (const x of inserts) {
      out += xml.slice(copied, x.at) + x.text;
      copied = x.at;
    }
    xml = out + xml.slice(copied);
  }
  const added = fresh.map((c) => commentXml(c, authorId, p)).join('');
  if (xml.includes(`</${p}commentList>`)) xml = xml.replace(`</${p}commentList>`, `${added}</${p}commentList>`);
  else xml = xml.replace(new RegExp(`<${p}commentList\\s*/>`), `<${p}commentList>${added}</${p}commentList>`);
  return { xml, fresh };
}

/**
 * Merge our comments into the sheet's comments part and its legacy VML drawing (either may be absent:
 * a VML drawing can hold form controls without any comment). New shapes get ids in fresh o:idmap blocks
 * from `firstBlock` on, so they never collide with shapes elsewhere in the workbook.
 */
export function mergeComments(oldComments: string | undefined, oldVml: string | undefined, list: readonly CellComment[], firstBlock = 1): { commentsXml: string; vmlXml: string } {
  const { xml: commentsXml, fresh } = mergeCommentsPart(oldComments, list);
  const { ids, blocks } = shapeIds(fresh.length, firstBlock);
  const shapes = fresh.map((c, i) => shapeXml(c, ids[i]!)).join('');
  if (oldVml === undefined) {
    const vmlXml = `${VML_OPEN}<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${blocks.join(',') || firstBlock}"/></o:shapelayout>${SHAPETYPE}${shapes}</xml>`;
    return { commentsXml, vmlXml };
  }
  let vml = oldVml;
  if (fresh.length > 0) {
    if (!vml.includes('_x0000_t202')) vml = vml.replace(/<\/xml>\s*$/, `${SHAPETYPE}</xml>`);
    vml = withBlocks(vml, blocks);
    const close = vml.lastIndexOf('</xml>');
    vml = close >= 0 ? vml.slice(0, close) + shapes + vml.slice(close) : vml + shapes;
  }
  return { commentsXml, vmlXml: vml };
}

/** The shape-id blocks added to the drawing's first `<o:idmap data="…">`, or a new shape layout holding them. */
function withBlocks(vml: string, blocks: readonly number[]): string {
  for (let i = findWord(vml, '<o:idmap', 0); i >= 0; i = findWord(vml, '<o:idmap', i + 1)) {
    const a = attrSpan(vml, i, (name) => isLocalName(name, 'data'));
    if (a) return `${vml.slice(0, a.start)}${[vml.slice(a.start, a.end), ...blocks].filter(Boolean).join(',')}${vml.slice(a.end)}`;
  }
  const root = findWord(vml, '<xml', 0);
  const rootEnd = root < 0 ? -1 : vml.indexOf('>', root);
  if (rootEnd < 0) return vml;
  return `${vml.slice(0, rootEnd + 1)}<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${blocks.join(',')}"/></o:shapelayout>${vml.slice(rootEnd + 1)}`;
}

/** Whether a comments part holds notes written by yibao. */
export function hasOwnComments(commentsXml: string): boolean {
  return new RegExp(`<(?:[\\w.-]+:)?author>${COMMENT_AUTHOR}</(?:[\\w.-]+:)?author>|>${COMMENT_AUTHOR}:(\\n|&#10;|&#xa;|_x000a_)|\\n${COMMENT_AUTHOR}: `, 'i').test(commentsXml);
}

/**
 * Remove what an earlier run wrote: whole notes by our author (and their VML shapes) and the runs we
 * appended to the user's own notes. The user's notes and every other shape stay as they were.
 */
export function dropOwnComments(commentsXml: string, vml: string | undefined): { commentsXml: string; vmlXml: string | undefined } {
  const p = commentsPrefix(commentsXml);
  const own = authorsOf(commentsXml, p).indexOf(COMMENT_AUTHOR);
  const removed = new Set<string>();
  // Ours: by our author, or (after a round trip through a tool that drops authors) our text heading.
  let xml = cutElements(commentsXml, (from) => findSpaced(commentsXml, `<${p}comment`, from), `</${p}comment>`, (el) => {
    const open = el.slice(0, el.indexOf('>'));
    const author = attrSpan(open, 0, (name) => name === 'authorId');
    const byUs = (own >= 0 && author !== undefined && open.slice(author.start, author.end) === String(own)) || stringItemText(el, p).startsWith(`${COMMENT_AUTHOR}:\n`);
    if (!byUs) return false;
    const ref = attrSpan(open, 0, (name) => name === 'ref');
    if (ref && ref.end > ref.start) removed.add(open.slice(ref.start, ref.end));
    return true;
  });
  xml = xml.replace(new RegExp(`<${p}r><${p}t xml:space="preserve">\\n${COMMENT_AUTHOR}: [^<]*</${p}t></${p}r>`, 'g'), '');
  if (vml === undefined || removed.size === 0) return { commentsXml: xml, vmlXml: vml };
  const cells = new Set([...removed].map((ref) => {
    const m = /^([A-Z]+)(\d+)$/.exec(ref);
    return m ? `${Number(m[2]) - 1}:${colIndex(m[1]!) - 1}` : '';
  }));
  const vmlXml = cutElements(vml, (from) => findWord(vml, '<v:shape', from), '</v:shape>', (shape) => {
    if (!shape.includes('ObjectType="Note"')) return false;
    const r = /<x:Row>(\d+)<\/x:Row>/.exec(shape)?.[1];
    const c = /<x:Column>(\d+)<\/x:Column>/.exec(shape)?.[1];
    return r !== undefined && c !== undefined && cells.has(`${r}:${c}`);
  });
  return { commentsXml: xml, vmlXml };
}

/**
 * `xml` without the elements `drop` says yes to: each from a start `next` finds to the first `close` after
 * its start tag (as a lazy /<el\s[^>]*>[\s\S]*?<\/el>/g reads them), in one pass over the text.
 */
function cutElements(xml: string, next: (from: number) => number, close: string, drop: (el: string) => boolean): string {
  const nextClose = forward(xml, close);
  const nextGt = forward(xml, '>');
  let out = '';
  let copied = 0;
  for (let i = next(0); i >= 0; ) {
    const e = nextGt(i); // int
    if (e < 0) break;
    const c = nextClose(e + 1); // int
    if (c < 0) break;
    const end = c + close.length; // int
    if (drop(xml.slice(i, end))) {
      out += xml.slice(copied, i);
      copied = end;
    }
    i = next(end);
  }
  return copied === 0 ? xml : out + xml.slice(copied);
}
