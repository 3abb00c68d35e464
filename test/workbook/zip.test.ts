/** The ZIP reader and writer: round trip, determinism, ZIP64 records, output limits, corruption. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { bufferSource, fileSource, memorySink, METHOD_STORED, ZipFormatError, ZipLimitError, ZipReader, ZipWriter } from '../../src/xlsx/zip.js';

async function build(entries: Record<string, string | Buffer>): Promise<Buffer> {
  const sink = memorySink();
  const z = new ZipWriter(sink);
  for (const [name, data] of Object.entries(entries)) await z.add(name, data);
  await z.finish();
  return sink.buffer();
}

async function* gen(parts: string[]): AsyncGenerator<string> {
  for (const p of parts) yield p;
}

/** Rewrite a plain archive's directory into ZIP64 form: saturated 32-bit fields, extras, ZIP64 EOCD + locator. */
function toZip64(buf: Buffer): Buffer {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  const parts: Buffer[] = [buf.subarray(0, cdOffset)];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const h = Buffer.from(buf.subarray(p, p + 46));
    const csize = h.readUInt32LE(20);
    const usize = h.readUInt32LE(24);
    const lho = h.readUInt32LE(42);
    h.writeUInt32LE(0xffffffff, 20);
    h.writeUInt32LE(0xffffffff, 24);
    h.writeUInt32LE(0xffffffff, 42);
    h.writeUInt16LE(4 + 24, 30);
    h.writeUInt16LE(0, 32);
    const extra = Buffer.alloc(28);
    extra.writeUInt16LE(1, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(usize), 4);
    extra.writeBigUInt64LE(BigInt(csize), 12);
    extra.writeBigUInt64LE(BigInt(lho), 20);
    parts.push(h, buf.subarray(p + 46, p + 46 + nameLen), extra);
    p += 46 + nameLen + extraLen + commentLen;
  }
  const cd = Buffer.concat(parts.slice(1));
  const z64At = cdOffset + cd.length;
  const z64 = Buffer.alloc(56);
  z64.writeUInt32LE(0x06064b50, 0);
  z64.writeBigUInt64LE(44n, 4);
  z64.writeUInt16LE(45, 12);
  z64.writeUInt16LE(45, 14);
  z64.writeBigUInt64LE(BigInt(count), 24);
  z64.writeBigUInt64LE(BigInt(count), 32);
  z64.writeBigUInt64LE(BigInt(cd.length), 40);
  z64.writeBigUInt64LE(BigInt(cdOffset), 48);
  const loc = Buffer.alloc(20);
  loc.writeUInt32LE(0x07064b50, 0);
  loc.writeBigUInt64LE(BigInt(z64At), 8);
  loc.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([parts[0]!, cd, z64, loc, end]);
}

describe('zip', () => {
  it('round-trips deflated, streamed and copied entries; jszip reads what we write', async () => {
    const big = 'row,'.repeat(200_000);
    const src = await build({ 'a.txt': 'hello', 'dir/b.xml': big, '中文.xml': '<x>中文</x>' });
    const r = await ZipReader.open(bufferSource(src));
    expect(r.entries.map((e) => e.name)).toEqual(['a.txt', 'dir/b.xml', '中文.xml']);
    const sink = memorySink();
    const w = new ZipWriter(sink);
    await w.copy(r, r.entry('dir/b.xml')!);
    await w.addStream('s.xml', gen(['<a>', 'x'.repeat(100_000), '</a>']));
    await w.add('a.txt', 'changed');
    await w.finish();
    const out = sink.buffer();
    const j = await JSZip.loadAsync(out);
    expect(await j.file('dir/b.xml')!.async('string')).toBe(big);
    expect(await j.file('s.xml')!.async('string')).toBe(`<a>${'x'.repeat(100_000)}</a>`);
    expect(await j.file('a.txt')!.async('string')).toBe('changed');
    const r2 = await ZipReader.open(bufferSource(out));
    expect((await r2.read(r2.entry('s.xml')!)).length).toBe(100_007);
    // A copied entry keeps its compressed bytes.
    const raw = async (rd: ZipReader, n: string) => {
      const parts: Buffer[] = [];
      for await (const b of rd.rawChunks(rd.entry(n)!)) parts.push(b);
      return Buffer.concat(parts);
    };
    expect((await raw(r2, 'dir/b.xml')).equals(await raw(r, 'dir/b.xml'))).toBe(true);
  });

  it('is deterministic: fixed timestamps, same bytes twice', async () => {
    const a = await build({ 'x.xml': '<x/>', 'y.xml': 'y'.repeat(5000) });
    await new Promise((r) => setTimeout(r, 2100));
    const b = await build({ 'x.xml': '<x/>', 'y.xml': 'y'.repeat(5000) });
    expect(a.equals(b)).toBe(true);
  });

  it('reads ZIP64 end records and extra fields', async () => {
    const plain = await build({ 'a.xml': '<a>1</a>', 'b.xml': 'b'.repeat(70_000) });
    const z64 = toZip64(plain);
    const r = await ZipReader.open(bufferSource(z64));
    expect(r.entries.map((e) => [e.name, e.uncompressedSize])).toEqual([['a.xml', 8], ['b.xml', 70_000]]);
    expect((await r.read(r.entry('b.xml')!)).toString()).toBe('b'.repeat(70_000));
    expect((await r.readText('a.xml'))).toBe('<a>1</a>');
  });

  it('stops inflating at the output limit, whatever the header claims', async () => {
    const bomb = await build({ 'bomb.xml': Buffer.alloc(5_000_000) });
    const r = await ZipReader.open(bufferSource(bomb));
    const e = r.entry('bomb.xml')!;
    expect(e.compressedSize).toBeLessThan(20_000);
    await expect(r.read(e, { maxBytes: 1_000_000 })).rejects.toBeInstanceOf(ZipLimitError);
    // Lying about the size in the directory does not help.
    const lying = Buffer.from(bomb);
    const cd = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    lying.writeUInt32LE(100, cd + 24);
    const r2 = await ZipReader.open(bufferSource(lying));
    expect(r2.entry('bomb.xml')!.uncompressedSize).toBe(100);
    await expect(r2.read(r2.entry('bomb.xml')!, { maxBytes: 1_000_000 })).rejects.toBeInstanceOf(ZipLimitError);
    // Even without a caller limit, inflating stops once past the declared size (guard: declared sizes cannot lie).
    await expect(r2.read(r2.entry('bomb.xml')!)).rejects.toBeInstanceOf(ZipLimitError);
  });

  it('exposes metadata for a guard and refuses encrypted or corrupt entries', async () => {
    const buf = Buffer.from(await build({ 'a.xml': 'a'.repeat(1000) }));
    const r = await ZipReader.open(bufferSource(buf));
    const e = r.entry('a.xml')!;
    expect(e).toMatchObject({ method: 8, encrypted: false, uncompressedSize: 1000 });
    expect(e.crc32).toBe(zlib.crc32(Buffer.from('a'.repeat(1000))));
    // Flip a bit in the data: CRC (or inflate) must fail.
    const data = (await r.dataOffset(e)) + 2;
    const bad = Buffer.from(buf);
    bad[data] = bad[data]! ^ 0x10;
    const rb = await ZipReader.open(bufferSource(bad));
    await expect(rb.read(rb.entry('a.xml')!)).rejects.toBeInstanceOf(ZipFormatError);
    // Encryption bit.
    const enc = Buffer.from(buf);
    const cd = enc.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    enc.writeUInt16LE(enc.readUInt16LE(cd + 8) | 1, cd + 8);
    const re = await ZipReader.open(bufferSource(enc));
    expect(re.entry('a.xml')!.encrypted).toBe(true);
    await expect(re.read(re.entry('a.xml')!)).rejects.toThrow(/encrypted/);
    await expect(ZipReader.open(bufferSource(Buffer.from('PK not really')))).rejects.toBeInstanceOf(ZipFormatError);
  });

  it('reads stored entries and files by path without loading them whole', async () => {
    // A stored entry written by hand.
    const body = Buffer.from('stored body');
    const name = Buffer.from('s.txt');
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(10, 4);
    lh.writeUInt16LE(METHOD_STORED, 8);
    lh.writeUInt32LE(zlib.crc32(body), 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(body.length, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(10, 6);
    ch.writeUInt16LE(METHOD_STORED, 10);
    ch.writeUInt32LE(zlib.crc32(body), 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(body.length, 24);
    ch.writeUInt16LE(name.length, 28);
    const cdOff = 30 + name.length + body.length;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(46 + name.length, 12);
    end.writeUInt32LE(cdOff, 16);
    const zip = Buffer.concat([lh, name, body, ch, name, end]);
    const dir = await mkdtemp(join(tmpdir(), 'yibao-zip-'));
    const path = join(dir, 's.zip');
    await writeFile(path, zip);
    const r = await ZipReader.open(await fileSource(path));
    expect((await r.readText('s.txt'))).toBe('stored body');
    expect(r.size).toBe(zip.length);
    await r.close();
  });
});
