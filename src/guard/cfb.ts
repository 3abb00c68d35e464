/**
 * Just enough of the Compound File Binary format (MS-CFB, "OLE2", D0 CF 11 E0 …) to say what a CFB file is:
 * an encrypted OOXML workbook (streams EncryptionInfo + EncryptedPackage: a password-protected .xlsx), a
 * legacy .xls (stream Workbook or Book), or something else (Word, PowerPoint, …). Only the directory
 * names are read; every chain walk is bounded so that a hostile file cannot loop.
 */
export interface RandomAccess {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export type CfbKind = 'encrypted-ooxml' | 'xls' | 'word' | 'powerpoint' | 'other';

const END_OF_CHAIN = 0xfffffffe;
const MAX_SECTOR_ID = 0xfffffffa;

/** The names of the directory entries (streams and storages), or undefined when the header is unusable. */
export async function cfbEntryNames(src: RandomAccess): Promise<string[] | undefined> {
  const h = await src.read(0, 512);
  if (h.length < 512 || !h.subarray(0, 8).equals(CFB_MAGIC)) return undefined;
  const shift = h.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return undefined;
  const sectorSize = 1 << shift;
  const sectorCount = Math.floor(src.size / sectorSize); // int: sector arithmetic
  const sectorAt = (id: number) => (id + 1) * sectorSize; // int: sector arithmetic

  // FAT sector ids: 109 in the header, then the DIFAT chain (each sector: sectorSize/4-1 ids + next).
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const id = h.readUInt32LE(0x4c + i * 4); // int
    if (id <= MAX_SECTOR_ID) fatSectors.push(id);
  }
  let difat = h.readUInt32LE(0x44);
  for (let steps = 0; difat <= MAX_SECTOR_ID && difat < sectorCount && steps < sectorCount; steps++) {
    const s = await src.read(sectorAt(difat), sectorSize);
    if (s.length < sectorSize) break;
    for (let i = 0; i < sectorSize / 4 - 1; i++) {
      const id = s.readUInt32LE(i * 4); // int
      if (id <= MAX_SECTOR_ID) fatSectors.push(id);
    }
    difat = s.readUInt32LE(sectorSize - 4);
  }
  const fat: number[] = [];
  for (const id of fatSectors) {
    if (id >= sectorCount) continue;
    const s = await src.read(sectorAt(id), sectorSize);
    for (let i = 0; i + 4 <= s.length; i += 4) fat.push(s.readUInt32LE(i)); // int
  }

  const names: string[] = [];
  let dir = h.readUInt32LE(0x30);
  const seen = new Set<number>();
  while (dir <= MAX_SECTOR_ID && dir < sectorCount && !seen.has(dir)) {
    seen.add(dir);
    const s = await src.read(sectorAt(dir), sectorSize);
    for (let at = 0; at + 128 <= s.length; at += 128) {
      const type = s[at + 0x42];
      const len = s.readUInt16LE(at + 0x40);
      if (type === 0 || len < 2 || len > 64) continue;
      names.push(s.subarray(at, at + len - 2).toString('utf16le'));
    }
    const next = fat[dir];
    if (next === undefined || next === END_OF_CHAIN) break;
    dir = next;
  }
  return names;
}

export async function classifyCfb(src: RandomAccess): Promise<CfbKind> {
  const names = (await cfbEntryNames(src)) ?? [];
  const has = (n: string) => names.some((x) => x.toLowerCase() === n.toLowerCase());
  if (has('EncryptedPackage') || has('EncryptionInfo')) return 'encrypted-ooxml';
  if (has('Workbook') || has('Book')) return 'xls';
  if (has('WordDocument')) return 'word';
  if (has('PowerPoint Document')) return 'powerpoint';
  return 'other';
}
