// Writes Barretenberg's offline CRS files from a snarkjs-format .ptau (coprover srs new --format
// ptau): DIR/bn254_g1.dat = the first COUNT points [tau^i]_1, 64 bytes each (x || y, 32-byte
// big-endian, not Montgomery), and DIR/bn254_g2.dat = [tau]_2, 128 bytes (x.c0 || x.c1 || y.c0 ||
// y.c1, big-endian). A .ptau stores little-endian Montgomery limbs (section 2: tau G1, section 3:
// tau G2). For timing only: a known-tau CRS is insecure.
//   node crs.mjs PTAU COUNT DIR
import { openSync, readSync, fstatSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [ptau, count, dir] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
if (!ptau || !Number.isInteger(count) || count < 1 || !dir) {
  console.error('usage: node crs.mjs PTAU COUNT DIR');
  process.exit(2);
}
const q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const modpow = (b, e, m) => { let r = 1n; b %= m; for (; e > 0n; e >>= 1n, b = b * b % m) if (e & 1n) r = r * b % m; return r; };
const rInv = modpow(1n << 256n, q - 2n, q);

const fd = openSync(ptau, 'r');
const size = fstatSync(fd).size;
const read = (pos, len) => { const b = Buffer.alloc(len); readSync(fd, b, 0, len, pos); return b; };
if (read(0, 4).toString('latin1') !== 'ptau') throw new Error(`${ptau}: not a .ptau file`);
const sections = new Map();
for (let pos = 12; pos < size;) {
  const h = read(pos, 12);
  const id = h.readUInt32LE(0), len = Number(h.readBigUInt64LE(4));
  sections.set(id, { pos: pos + 12, len });
  pos += 12 + len;
}
const s2 = sections.get(2), s3 = sections.get(3);
if (!s2 || !s3) throw new Error(`${ptau}: sections 2 and 3 (tau G1, tau G2) are required`);
if (s2.len < 64 * count) throw new Error(`${ptau}: has ${s2.len / 64} G1 points, ${count} needed`);

// one coordinate: 32 bytes little-endian Montgomery -> 32 bytes big-endian canonical
const convert = (src, off, dst, doff) => {
  let v = 0n;
  for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(src[off + i]);
  v = v * rInv % q;
  for (let i = 31; i >= 0; i--) { dst[doff + i] = Number(v & 0xffn); v >>= 8n; }
};
mkdirSync(dir, { recursive: true });
const g1 = read(s2.pos, 64 * count), out1 = Buffer.alloc(64 * count);
for (let i = 0; i < 2 * count; i++) convert(g1, 32 * i, out1, 32 * i);
writeFileSync(join(dir, 'bn254_g1.dat'), out1);
const g2 = read(s3.pos + 128, 128), out2 = Buffer.alloc(128);  // point 1: [tau]_2
for (let i = 0; i < 4; i++) convert(g2, 32 * i, out2, 32 * i);
writeFileSync(join(dir, 'bn254_g2.dat'), out2);
console.log(`crs: ${count} G1 points and [tau]_2 written to ${dir}`);
