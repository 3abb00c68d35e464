/** sharedStrings.xml → string table, read as a stream (plain and rich-text items, phonetic runs skipped). */
import { findTag, prefixOf, stringItemText, tagEndIn } from './xml.js';
import { MAX_PENDING_CHARS, MAX_TAG_CHARS, SheetFormatError, tagTooLong } from './sheet-scanner.js';
import type { ZipReader } from './zip.js';

export async function readSharedStrings(zip: ZipReader, path: string | undefined, opts: { maxBytes?: number; maxItems?: number; maxChars?: number } = {}): Promise<string[]> {
  const out: string[] = [];
  if (!path) return out;
  const entry = zip.find(path);
  if (!entry) return out;
  const dec = new TextDecoder('utf-8');
  let buf = '';
  let prefix: string | undefined;
  /** Where the search for the end of the item waiting at the start of `buf` resumes. */
  let pendingSearched = 0;
  let chars = 0;
  const take = (final: boolean) => {
    if (prefix === undefined) {
      const i = buf.search(/<([\w.-]+:)?si[\s>/]/);
      if (i < 0) {
        if (final) return;
        // Keep only a short tail while looking for the first item.
        if (buf.length > 4096) buf = buf.slice(-256);
        return;
      }
      prefix = prefixOf(buf.slice(i), 'si');
    }
    const q = `${prefix}si`;
    const close = `</${q}>`;
    let pos = 0;
    let searched = 0;
    for (;;) {
      const i = findTag(buf, q, pos);
      if (i < 0) break;
      // Start tags are short: waiting for one's end rereads at most MAX_TAG_CHARS per chunk.
      const limit = Math.min(buf.length, i + MAX_TAG_CHARS); // int
      const e = tagEndIn(buf, i, limit);
      if (e < 0) {
        if (limit < buf.length) throw tagTooLong();
        pos = i;
        break;
      }
      if (buf.charCodeAt(e - 2) === 47) {
        out.push('');
        pos = e;
        continue;
      }
      // An item waiting at the buffer's start was searched up to pendingSearched already.
      const c = buf.indexOf(close, i === 0 && pendingSearched > e ? pendingSearched : e);
      if (c < 0) {
        pos = i;
        searched = Math.max(e, buf.length - close.length + 1) - i; // int
        break;
      }
      const text = stringItemText(buf.slice(e, c), prefix);
      chars += text.length; // int
      out.push(text);
      pos = c + close.length;
    }
    buf = buf.slice(pos);
    pendingSearched = searched;
    // Millions of empty items (<si/>) compress well and would each cost a slot: bound the count too.
    if (opts.maxItems !== undefined && out.length > opts.maxItems) throw new SheetFormatError(`the shared string table is larger than ${opts.maxItems} items`);
    if (opts.maxChars !== undefined && chars > opts.maxChars) throw new SheetFormatError(`the shared string table is larger than ${opts.maxChars} characters`);
    // One string item is at most 32,767 characters plus markup: a far larger pending item never ends.
    if (buf.length > MAX_PENDING_CHARS) throw new SheetFormatError(`a shared string is larger than ${MAX_PENDING_CHARS} characters (or never ends)`);
  };
  for await (const chunk of zip.chunks(entry, opts)) {
    buf += dec.decode(chunk, { stream: true });
    take(false);
  }
  buf += dec.decode();
  take(true);
  return out;
}
