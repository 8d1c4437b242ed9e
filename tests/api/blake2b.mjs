// blake2b.mjs - BLAKE2b-256 (RFC 7693) for the tamper suite, which recomputes audit hashes the way
// someone rewriting the database would. Node's crypto has BLAKE2b-512 only; this is small and slow
// (BigInt), which is plenty for a few hundred records.
const M = (1n << 64n) - 1n;
const IV = [0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
	0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n];
const SIGMA = [
	[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
	[11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
	[9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
	[12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
	[6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];
const rotr = (x, n) => ((x >> n) | (x << (64n - n))) & M;

function compress(h, block, t, last) {
	const m = [];
	for (let i = 0; i < 16; i++) {
		let w = 0n;
		for (let j = 7; j >= 0; j--) w = (w << 8n) | BigInt(block[i * 8 + j]);
		m.push(w);
	}
	const v = [...h, ...IV];
	v[12] ^= t & M;
	v[13] ^= (t >> 64n) & M;
	if (last) v[14] ^= M;
	const g = (a, b, c, d, x, y) => {
		v[a] = (v[a] + v[b] + x) & M; v[d] = rotr(v[d] ^ v[a], 32n);
		v[c] = (v[c] + v[d]) & M; v[b] = rotr(v[b] ^ v[c], 24n);
		v[a] = (v[a] + v[b] + y) & M; v[d] = rotr(v[d] ^ v[a], 16n);
		v[c] = (v[c] + v[d]) & M; v[b] = rotr(v[b] ^ v[c], 63n);
	};
	for (let r = 0; r < 12; r++) {
		const s = SIGMA[r % 10];
		g(0, 4, 8, 12, m[s[0]], m[s[1]]); g(1, 5, 9, 13, m[s[2]], m[s[3]]);
		g(2, 6, 10, 14, m[s[4]], m[s[5]]); g(3, 7, 11, 15, m[s[6]], m[s[7]]);
		g(0, 5, 10, 15, m[s[8]], m[s[9]]); g(1, 6, 11, 12, m[s[10]], m[s[11]]);
		g(2, 7, 8, 13, m[s[12]], m[s[13]]); g(3, 4, 9, 14, m[s[14]], m[s[15]]);
	}
	for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

/** Hex BLAKE2b-256 of a string (UTF-8) or a Buffer. */
export function blake2b256(input) {
	const data = Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8');
	const h = [...IV];
	h[0] ^= 0x01010020n;
	let t = 0n;
	let off = 0;
	do {
		const n = Math.min(128, data.length - off);
		const block = Buffer.alloc(128);
		data.copy(block, 0, off, off + n);
		off += n;
		t += BigInt(n);
		compress(h, block, t, off >= data.length);
	} while (off < data.length);
	const out = Buffer.alloc(32);
	for (let i = 0; i < 4; i++) for (let j = 0; j < 8; j++) out[i * 8 + j] = Number((h[i] >> BigInt(8 * j)) & 0xffn);
	return out.toString('hex');
}
