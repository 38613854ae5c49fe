import { createHash } from 'node:crypto';

/**
 * MD5-crypt ($1$), as PHP crypt() produces it: vtenext stores user_password this way with the salt
 * built from the first two letters of the user name, and admins can read it back via retrieve.
 */
const ITOA = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function md5(...parts: Buffer[]): Buffer {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
}

function to64(v: number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    out += ITOA[v & 0x3f];
    v >>= 6;
  }
  return out;
}

export function md5crypt(password: string, salt: string): string {
  const pw = Buffer.from(password, 'utf8');
  const sl = Buffer.from(salt.slice(0, 8), 'utf8');
  const magic = Buffer.from('$1$');
  let alt = md5(pw, sl, pw);
  const parts: Buffer[] = [pw, magic, sl];
  for (let i = pw.length; i > 0; i -= 16) parts.push(alt.subarray(0, Math.min(16, i)));
  for (let i = pw.length; i > 0; i >>= 1) parts.push(i & 1 ? Buffer.from([0]) : pw.subarray(0, 1));
  let fin = md5(...parts);
  for (let i = 0; i < 1000; i++) {
    const p: Buffer[] = [];
    p.push(i & 1 ? pw : fin);
    if (i % 3) p.push(sl);
    if (i % 7) p.push(pw);
    p.push(i & 1 ? fin : pw);
    fin = md5(...p);
  }
  alt = fin;
  const b = (i: number): number => alt[i] ?? 0;
  const enc =
    to64((b(0) << 16) | (b(6) << 8) | b(12), 4) +
    to64((b(1) << 16) | (b(7) << 8) | b(13), 4) +
    to64((b(2) << 16) | (b(8) << 8) | b(14), 4) +
    to64((b(3) << 16) | (b(9) << 8) | b(15), 4) +
    to64((b(4) << 16) | (b(10) << 8) | b(5), 4) +
    to64(b(11), 2);
  return `$1$${salt.slice(0, 8)}$${enc}`;
}

/** vtenext's salt: the first two characters of the user name, padded with zeros. */
export function vtenextPasswordHash(userName: string, password: string): string {
  return md5crypt(password, userName.slice(0, 2).padEnd(8, '0'));
}
