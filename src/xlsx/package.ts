/**
 * The xlsx package around the sheets: [Content_Types].xml, the relationships, workbook.xml (sheet names →
 * part paths), and where sharedStrings and styles live.
 */
import { attrSpan, findElement, findTag, openingTag, parseAttrs, prefixOf, tagEnd } from './xml.js';
import type { ZipReader } from './zip.js';

export const REL = {
  officeDocument: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument',
  worksheet: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
  sharedStrings: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings',
  styles: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles',
  comments: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments',
  vmlDrawing: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing',
} as const;

/** Strict-OOXML packages use other namespace URIs; match relationship types by their last segment. */
function relKind(type: string): string {
  return type.slice(type.lastIndexOf('/') + 1);
}

export interface Relationship {
  id: string;
  type: string;
  target: string;
  /** Resolved part path inside the zip (no leading slash), unless external. */
  path?: string;
  external: boolean;
}

export interface SheetRef {
  name: string;
  sheetId: number;
  rid: string;
  /** Part path, e.g. `xl/worksheets/sheet1.xml`. */
  path: string;
  /** worksheet, chartsheet, dialogsheet… */
  type: string;
  state?: string;
}

/** Directory of a part path (`xl/workbook.xml` → `xl/`). */
export function partDir(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i + 1);
}

/** The rels part of a part (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`). */
export function relsPathOf(path: string): string {
  const i = path.lastIndexOf('/');
  return `${path.slice(0, i + 1)}_rels/${path.slice(i + 1)}.rels`;
}

export function resolveTarget(baseDir: string, target: string): string {
  const raw = target.startsWith('/') ? target.slice(1) : baseDir + target;
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

/** A relative target from one directory to a part path (`xl/worksheets/` → `xl/comments1.xml` = `../comments1.xml`). */
export function relativeTarget(fromDir: string, path: string): string {
  const from = fromDir.split('/').filter(Boolean);
  const to = path.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++; // int
  return [...from.slice(i).map(() => '..'), ...to.slice(i)].join('/');
}

export function parseRels(xml: string, sourcePath: string): Relationship[] {
  const p = prefixOf(xml, 'Relationship');
  const out: Relationship[] = [];
  const q = `${p}Relationship`;
  // The next element is looked for after this one's tag: a tag is read once however the part is built.
  for (let i = findTag(xml, q), end = 0; i >= 0; i = findTag(xml, q, end)) {
    end = tagEnd(xml, i);
    if (end < 0) break;
    const a = parseAttrs(xml.slice(i, end));
    const id = a.get('Id');
    const type = a.get('Type') ?? '';
    const target = a.get('Target') ?? '';
    if (!id) continue;
    const external = a.get('TargetMode') === 'External';
    out.push({ id, type, target, external, path: external ? undefined : resolveTarget(partDir(sourcePath), target) });
  }
  return out;
}

export interface WorkbookPackage {
  contentTypesXml: string;
  workbookPath: string;
  workbookXml: string;
  workbookRelsPath: string;
  workbookRelsXml: string;
  workbookRels: Relationship[];
  sheets: SheetRef[];
  sharedStringsPath?: string;
  stylesPath?: string;
  /** The workbook part's content type says it carries macros (.xlsm, .xltm): the result must stay macro-enabled. */
  macroEnabled: boolean;
}

/** Content types of the workbook part (its [Content_Types].xml Override), as Excel checks them against the file extension. */
export const MAIN_CONTENT_TYPE = {
  workbook: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  macroWorkbook: 'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
  template: 'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml',
  macroTemplate: 'application/vnd.ms-excel.template.macroEnabled.main+xml',
} as const;

/** The ContentType of the Override for `part` (a path without the leading slash), if there is one. */
export function overrideContentType(ctXml: string, part: string): string | undefined {
  const re = /<(?:[\w.-]+:)?Override\b[^>]*>/g;
  for (let m = re.exec(ctXml); m; m = re.exec(ctXml)) {
    const a = parseAttrs(m[0]);
    if ((a.get('PartName') ?? '').replace(/^\//, '').toLowerCase() === part.toLowerCase()) return a.get('ContentType');
  }
  return undefined;
}

/**
 * [Content_Types].xml for the result: a template's workbook part (.xltx/.xltm) becomes an ordinary
 * workbook's (the result is a workbook named .xlsx/.xlsm, and Excel refuses a template type under those
 * names); a macro-enabled workbook keeps its type, so its macros stay.
 */
export function resultContentTypes(ctXml: string): string {
  return ctXml.replaceAll(MAIN_CONTENT_TYPE.macroTemplate, MAIN_CONTENT_TYPE.macroWorkbook).replaceAll(MAIN_CONTENT_TYPE.template, MAIN_CONTENT_TYPE.workbook);
}

export class PackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageError';
  }
}

export async function readPackage(zip: ZipReader, maxPartBytes = 64 * 1024 * 1024): Promise<WorkbookPackage> {
  const contentTypesXml = await zip.readText('[Content_Types].xml', { maxBytes: maxPartBytes });
  if (contentTypesXml === undefined) throw new PackageError('no [Content_Types].xml: not an Office Open XML package');
  const rootRels = await zip.readText('_rels/.rels', { maxBytes: maxPartBytes });
  let workbookPath = 'xl/workbook.xml';
  if (rootRels !== undefined) {
    const office = parseRels(rootRels, '').find((r) => relKind(r.type) === 'officeDocument' && r.path);
    if (office?.path) workbookPath = office.path;
  }
  const wbEntry = zip.find(workbookPath);
  if (!wbEntry) throw new PackageError('no workbook part: not an xlsx workbook');
  workbookPath = wbEntry.name;
  const workbookXml = (await zip.read(wbEntry, { maxBytes: maxPartBytes })).toString('utf8');
  const workbookRelsPath = relsPathOf(workbookPath);
  const workbookRelsXml = (await zip.readText(workbookRelsPath, { maxBytes: maxPartBytes })) ?? '';
  const workbookRels = parseRels(workbookRelsXml, workbookPath);
  const relById = new Map(workbookRels.map((r) => [r.id, r]));

  const p = prefixOf(workbookXml, 'sheet');
  const sheets: SheetRef[] = [];
  const q = `${p}sheet`;
  for (let i = findTag(workbookXml, q), end = 0; i >= 0; i = findTag(workbookXml, q, end)) {
    end = tagEnd(workbookXml, i);
    if (end < 0) break;
    const a = parseAttrs(workbookXml.slice(i, end));
    const rid = [...a.entries()].find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
    const rel = rid ? relById.get(rid) : undefined;
    if (!rel?.path) continue;
    const entry = zip.find(rel.path);
    sheets.push({ name: a.get('name') ?? '', sheetId: Number(a.get('sheetId') ?? 0), rid: rid!, path: entry?.name ?? rel.path, type: relKind(rel.type), state: a.get('state') });
  }
  const byKind = (k: string) => workbookRels.find((r) => relKind(r.type) === k && r.path)?.path;
  const ss = byKind('sharedStrings');
  const st = byKind('styles');
  return {
    contentTypesXml,
    workbookPath,
    workbookXml,
    workbookRelsPath,
    workbookRelsXml,
    workbookRels,
    sheets,
    sharedStringsPath: ss ? (zip.find(ss)?.name ?? ss) : undefined,
    stylesPath: st ? (zip.find(st)?.name ?? st) : undefined,
    macroEnabled: /macroEnabled/i.test(overrideContentType(contentTypesXml, workbookPath) ?? ''),
  };
}

/** Content types: whether a Default for an extension or an Override for a part exists. */
export function hasDefault(ctXml: string, ext: string): boolean {
  const want = ext.toLowerCase();
  for (let i = findElement(ctXml, 'Default'); i >= 0; i = findElement(ctXml, 'Default', i + 1)) {
    const a = attrSpan(ctXml, i, (name) => name === 'Extension');
    if (a && ctXml.slice(a.start, a.end).toLowerCase() === want) return true;
  }
  return false;
}

export function addContentTypes(ctXml: string, defaults: { ext: string; type: string }[], overrides: { part: string; type: string }[]): string {
  const p = prefixOf(ctXml, 'Types');
  const close = ctXml.lastIndexOf(`</${p}Types>`);
  if (close < 0) throw new PackageError('malformed [Content_Types].xml');
  let add = '';
  for (const d of defaults) if (!hasDefault(ctXml, d.ext)) add += `<${p}Default Extension="${d.ext}" ContentType="${d.type}"/>`;
  for (const o of overrides) add += `<${p}Override PartName="/${o.part}" ContentType="${o.type}"/>`;
  return ctXml.slice(0, close) + add + ctXml.slice(close);
}

/** Next free relationship id `rIdN` in a rels part. */
export function nextRelId(rels: readonly Relationship[], taken: Iterable<string> = []): () => string {
  const used = new Set([...rels.map((r) => r.id), ...taken]);
  let n = 1;
  return () => {
    while (used.has(`rId${n}`)) n++; // int
    const id = `rId${n}`;
    used.add(id);
    return id;
  };
}

export function addRelationships(relsXml: string | undefined, add: { id: string; type: string; target: string }[]): string {
  const base = relsXml && relsXml.trim() !== '' ? relsXml : '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  const p = prefixOf(base, 'Relationships');
  const close = base.lastIndexOf(`</${p}Relationships>`);
  const items = add.map((r) => `<${p}Relationship Id="${r.id}" Type="${r.type}" Target="${r.target}"/>`).join('');
  if (close < 0) {
    // Self-closing <Relationships/>.
    const at = findElement(base, 'Relationships');
    const end = at < 0 ? -1 : base.indexOf('>', at);
    if (end < 0 || base.charCodeAt(end - 1) !== 47) return base; // int: '/'
    return `${base.slice(0, at)}${openingTag(base.slice(at, end + 1))}${items}</${p}Relationships>${base.slice(end + 1)}`; // int
  }
  return base.slice(0, close) + items + base.slice(close);
}

