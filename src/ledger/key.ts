/**
 * The ledger's secret (YIBAO_LEDGER_KEY): the person key is HMAC-SHA256 of the normalised 身份证号 under
 * it, so the store never holds an ID number, and the store alone does not reveal whose rows it holds.
 * At least 32 random bytes, given as hex (64+ hex digits) or base64. Rotation: a new key gives every
 * person a new key, i.e. an empty ledger (docs/ledger.md).
 */
import { createHmac } from 'node:crypto';
import { normalizeId } from '../kinds/idcard.js';

export const LEDGER_KEY_ENV = 'YIBAO_LEDGER_KEY';
const MIN_BYTES = 32;

/** A missing or unusable key: the CLI exits 2, the app runs without a ledger and says why. */
export class LedgerKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerKeyError';
  }
}

export class LedgerKey {
  private constructor(private readonly secret: Buffer) {}

  /** Parse the key text (hex or base64); refuses anything shorter than 32 bytes. */
  static parse(text: string | undefined): LedgerKey {
    const t = (text ?? '').trim();
    if (t === '') {
      throw new LedgerKeyError(`未设置台账密钥 ${LEDGER_KEY_ENV}（至少32个随机字节，十六进制或base64） / ${LEDGER_KEY_ENV} is not set (at least 32 random bytes, hex or base64)`);
    }
    let bytes: Buffer;
    if (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0) bytes = Buffer.from(t, 'hex');
    else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) bytes = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    else throw new LedgerKeyError(`台账密钥 ${LEDGER_KEY_ENV} 应为十六进制或base64 / ${LEDGER_KEY_ENV} must be hex or base64`);
    if (bytes.length < MIN_BYTES) {
      throw new LedgerKeyError(`台账密钥 ${LEDGER_KEY_ENV} 过短：${bytes.length}字节，至少需要${MIN_BYTES}个随机字节 / ${LEDGER_KEY_ENV} is too short: ${bytes.length} bytes, at least ${MIN_BYTES} random bytes are required`);
    }
    return new LedgerKey(bytes);
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): LedgerKey {
    return LedgerKey.parse(env[LEDGER_KEY_ENV]);
  }

  /** The person key of an ID number (normalised first: spaces, full-width digits, a lower-case x). */
  person(idNumber: string): string {
    return this.mac(normalizeId(idNumber)).slice(0, 64);
  }

  /** HMAC-SHA256 of `text` (hex). */
  mac(text: string): string {
    return createHmac('sha256', this.secret).update(text, 'utf8').digest('hex');
  }
}
