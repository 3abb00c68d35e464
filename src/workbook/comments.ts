/**
 * Cell comments on offending input cells: the legacy comments part plus its VML drawing (what every
 * Excel version and LibreOffice show as notes). When the sheet already has comments, ours are merged in:
 * a cell that already has a note gets our text appended; VML shape ids stay unique in the workbook.
 */
import type { RowOutcome } from '../engine/run.js';
import { colIndex, colLetters, escapeXml, stringItemText } from '../xlsx/xml.js';
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
      for (const hit of m.matchAll(/列「([^」]+)」/g)) {
        const def = matchHeader(ds.kind, hit[1]!);
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
  for (const m of vml.matchAll(/<o:idmap\b[^>]*\bdata="([^"]*)"/g)) for (const n of m[1]!.split(',')) if (/^\d+$/.test(n.trim())) out.push(Number(n.trim()));
  for (const m of vml.matchAll(/id="_x0000_s(\d+)"/g)) out.push(Math.floor(Number(m[1]) / 1024)); // int
  return out;
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
  const pm = /<([\w.-]+:)?comments[\s>]/.exec(oldComments);
  const p = pm?.[1] ?? '';
  let xml = oldComments;
  const authors = [...xml.matchAll(new RegExp(`<${p}author>([\\s\\S]*?)</${p}author>`, 'g'))].map((m) => m[1]);
  let authorId = authors.indexOf(COMMENT_AUTHOR);
  if (authorId < 0) {
    authorId = authors.length;
    if (xml.includes(`</${p}authors>`)) xml = xml.replace(`</${p}authors>`, `<${p}author>${COMMENT_AUTHOR}</${p}author></${p}authors>`);
    else xml = xml.replace(new RegExp(`<${p}authors\\s*/>`), `<${p}authors><${p}author>${COMMENT_AUTHOR}</${p}author></${p}authors>`);
  }
  const fresh: CellComment[] = [];
  for (const c of list) {
    const at = `${colLetters(c.col)}${c.row}`;
    const re = new RegExp(`(<${p}comment\\s[^>]*ref="${at}"[^>]*>[\\s\\S]*?)(</${p}text>)`);
    if (re.test(xml)) xml = xml.replace(re, (_m, a: string, b: string) => `${a}<${p}r><${p}t xml:space="preserve">\n${COMMENT_AUTHOR}: ${escapeXml(clipText(c.text))}</${p}t></${p}r>${b}`);
    else fresh.push(c);
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
    if (/<o:idmap\b[^>]*\bdata="/.test(vml)) vml = vml.replace(/(<o:idmap\b[^>]*\bdata=")([^"]*)(")/, (_m, a: string, d: string, z: string) => `${a}${[d, ...blocks].filter(Boolean).join(',')}${z}`);
    else vml = vml.replace(/(<xml\b[^>]*>)/, `$1<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${blocks.join(',')}"/></o:shapelayout>`);
    const close = vml.lastIndexOf('</xml>');
    vml = close >= 0 ? vml.slice(0, close) + shapes + vml.slice(close) : vml + shapes;
  }
  return { commentsXml, vmlXml: vml };
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
  const p = /<([\w.-]+:)?comments[\s>]/.exec(commentsXml)?.[1] ?? '';
  const authors = [...commentsXml.matchAll(new RegExp(`<${p}author>([\\s\\S]*?)</${p}author>`, 'g'))].map((m) => m[1]);
  const own = authors.indexOf(COMMENT_AUTHOR);
  const removed = new Set<string>();
  let xml = commentsXml;
  // Ours: by our author, or (after a round trip through a tool that drops authors) our text heading.
  xml = xml.replace(new RegExp(`<${p}comment\\s[^>]*>[\\s\\S]*?</${p}comment>`, 'g'), (el) => {
    const open = el.slice(0, el.indexOf('>'));
    const byUs = (own >= 0 && new RegExp(`\\sauthorId="${own}"`).test(open)) || stringItemText(el, p).startsWith(`${COMMENT_AUTHOR}:\n`);
    if (!byUs) return el;
    const ref = /\sref="([^"]+)"/.exec(open)?.[1];
    if (ref) removed.add(ref);
    return '';
  });
  xml = xml.replace(new RegExp(`<${p}r><${p}t xml:space="preserve">\\n${COMMENT_AUTHOR}: [^<]*</${p}t></${p}r>`, 'g'), '');
  if (vml === undefined || removed.size === 0) return { commentsXml: xml, vmlXml: vml };
  const cells = new Set([...removed].map((ref) => {
    const m = /^([A-Z]+)(\d+)$/.exec(ref);
    return m ? `${Number(m[2]) - 1}:${colIndex(m[1]!) - 1}` : '';
  }));
  const vmlXml = vml.replace(/<v:shape\b[\s\S]*?<\/v:shape>/g, (shape) => {
    if (!/ObjectType="Note"/.test(shape)) return shape;
    const r = /<x:Row>(\d+)<\/x:Row>/.exec(shape)?.[1];
    const c = /<x:Column>(\d+)<\/x:Column>/.exec(shape)?.[1];
    return r !== undefined && c !== undefined && cells.has(`${r}:${c}`) ? '' : shape;
  });
  return { commentsXml: xml, vmlXml };
}
