/**
 * A zip written with exactly the given entries and metadata, lies included (declared sizes, CRCs, methods,
 * flags): the guard's tests and the fuzzer build hostile archives with it. The real writer is src/xlsx/zip.ts.
 */
export interface RawZipEntry {
  name: string;
  /** Compressed (or stored) bytes as they go into the file. */
  data: Buffer;
  method?: number;
  flags?: number;
  crc?: number;
  /** Declared uncompressed size (may lie). */
  declaredSize: number;
}

export function rawZip(entries: RawZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(e.flags ?? 0x800, 6);
    h.writeUInt16LE(e.method ?? 8, 8);
    h.writeUInt32LE((e.crc ?? 0) >>> 0, 14);
    h.writeUInt32LE(e.data.length, 18);
    h.writeUInt32LE(e.declaredSize >>> 0, 22);
    h.writeUInt16LE(name.length, 26);
    parts.push(h, name, e.data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(e.flags ?? 0x800, 8);
    c.writeUInt16LE(e.method ?? 8, 10);
    c.writeUInt32LE((e.crc ?? 0) >>> 0, 16);
    c.writeUInt32LE(e.data.length, 20);
    c.writeUInt32LE(e.declaredSize >>> 0, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + e.data.length; // int: byte offsets
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length & 0xffff, 8);
  eocd.writeUInt16LE(entries.length & 0xffff, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, eocd]);
}
