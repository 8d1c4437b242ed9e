// Garbage in: 200 requests of random methods, paths, headers and bodies, and raw malformed HTTP,
// never crash the server nor make it answer 5xx; it still serves afterwards.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, parties, rawHttp, startServer } from './lib.mjs';

// A small seeded generator, so a failure can be replayed: DAFTAR_FUZZ_SEED=<n>.
const SEED = Number(process.env.DAFTAR_FUZZ_SEED || Date.now() % 100000);
function rng(seed) {
	let x = seed >>> 0 || 1;
	return () => {
		x ^= x << 13; x >>>= 0;
		x ^= x >>> 17;
		x ^= x << 5; x >>>= 0;
		return x / 0x100000000;
	};
}
const rand = rng(SEED);
const int = (n) => Math.floor(rand() * n);
const pick = (xs) => xs[int(xs.length)];
const bytes = (n) => Buffer.from(Array.from({ length: n }, () => int(256)));

const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'FOO', 'get', 'TRACE'];
const SEGMENTS = ['api', 'v1', 'companies', 'parties', 'audit', 'session', 'me', '1', '2', '0', '-1', '999999999999999999999',
	'%00', '%ff', '%c0%af', '..', '.', '', 'शर्मा', '%E0%A4', 'a'.repeat(300), '{cid}', '1e3', ' ', '%20', '?', '#', ';'];

function randomPath(id) {
	switch (int(6)) {
	case 0: return `/${Array.from({ length: 1 + int(7) }, () => pick(SEGMENTS)).join('/')}`;
	case 1: return `${API}/companies/${pick(['1', '2', '0', '-5', 'x', '99999999999999999999', '1.5', '%31'])}/parties/${pick([String(id), '0', 'abc', '-1', '', String(id) + '/x'])}`;
	case 2: return `${parties()}?${pick(['q', 'limit', 'after', 'kind', 'archived', 'x', '%ff'])}=${pick([encodeURIComponent(pick(['', '%', '\u0000', 'शर्मा', '-1', '0', '501', '9'.repeat(30), 'true', 'all', 'vendor', bytes(8).toString('latin1')])), [...bytes(1 + int(8))].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')])}&limit=${pick(['1', '500', 'z', ''])}`;
	case 3: return pick([`${API}/session`, `${API}/me`, `${API}/companies`, `${API}/companies/1/audit?limit=${pick(['0', '1', '501', 'x', '5'])}&after=${pick(['0', '-1', 'x', '3'])}`]);
	case 4: return `/${bytes(1 + int(40)).toString('latin1').replace(/[^\x21-\x7e]/g, (ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;
	default: return parties();
	}
}

function randomJsonValue(depth = 0) {
	switch (int(depth > 3 ? 5 : 8)) {
	case 0: return int(2) ? null : rand() < 0.5;
	case 1: return pick([0, -1, 1.5, 1e308, -9007199254740993, 365, 366]);
	case 2: return pick(['', 'x'.repeat(int(600)), 'शर्मा', '27AAPFU0939F1ZV', '9876543210', '125000.00', '-1', '1.005', 'vendor', 'customer', '\u0001', '\ud7ff']);
	case 3: return bytes(int(20)).toString('latin1');
	case 4: return String(int(1000));
	case 5: return Array.from({ length: int(4) }, () => randomJsonValue(depth + 1));
	default: {
		const o = {};
		for (let i = 0, n = int(6); i < n; i++) o[pick(['name', 'kind', 'gstin', 'pan', 'phone', 'email', 'credit_limit', 'payment_terms_days', 'state_code', 'billing_address', 'allow_duplicate', 'lang', 'username', 'password', 'id', 'version', 'x'])] = randomJsonValue(depth + 1);
		return o;
	}
	}
}

function randomBody() {
	switch (int(8)) {
	case 0: return undefined;
	case 1: return bytes(int(2000));
	case 2: return JSON.stringify(randomJsonValue());
	case 3: return '['.repeat(2000 + int(50000)) + ']'.repeat(int(3) ? 0 : 2000);
	case 4: return `{"name": "${'\\u0000'.repeat(int(3))}${'\\ud800'.repeat(int(3))}x", "name": 1}`;
	case 5: return JSON.stringify(randomJsonValue()).slice(0, int(30));
	case 6: return Buffer.concat([Buffer.from('{"name":"'), bytes(int(100)), Buffer.from('"}')]);
	default: return JSON.stringify({ name: `Fuzz ${int(1e6)}`, ...(int(2) ? { phone: String(9000000000 + int(1e9)) } : {}) });
	}
}

function randomHeaders(token, csrfCookie) {
	const h = {};
	if (int(3)) h.Authorization = pick([`Bearer ${token}`, `Bearer ${token}x`, 'Bearer ', 'Basic YWRtaW46YWRtaW4=', `bearer ${token}`, `Bearer dft_${'g'.repeat(64)}`]);
	if (int(4) === 0) h.Cookie = pick([csrfCookie.cookie, 'daftar_session=', 'daftar_session=zz; daftar_session=yy', `${'a'.repeat(3000)}=b`, 'daftar_session=' + '0'.repeat(32)]);
	if (int(4) === 0) h['X-CSRF-Token'] = pick([csrfCookie.csrf, '', 'x'.repeat(5000)]);
	if (int(3) === 0) h['If-Match'] = pick(['"1"', '1', 'W/"1"', '"', '""', '*', '"99999999999999999999"', '"-1"', 'W/', '"1", "2"']);
	if (int(4) === 0) h['Idempotency-Key'] = pick(['k1', 'k2', 'x'.repeat(200), 'x'.repeat(201), 'शर्मा', ' ']);
	if (int(5) === 0) h['Content-Type'] = pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1']);
	return h;
}

// Raw bytes in the headers the application reads, on a real endpoint with a valid token.
const rawWithToken = (token) => () => {
	const body = Buffer.from(JSON.stringify({ name: `Raw ${int(1e6)}` }));
	const junk = bytes(1 + int(12)).map((b) => (b === 10 || b === 13 ? 0x80 : b));
	const header = pick(['Idempotency-Key', 'If-Match', 'X-CSRF-Token', 'Cookie', 'Authorization']);
	const [method, p] = pick([['POST', parties()], ['PATCH', `${parties()}/1`], ['DELETE', `${parties()}/1`], ['GET', `${parties()}?q=x`]]);
	return Buffer.concat([
		Buffer.from(`${method} ${p} HTTP/1.1\r\nHost: x\r\n${header === 'Authorization' ? '' : `Authorization: Bearer ${token}\r\n`}`),
		Buffer.from(`${header}: `), junk, Buffer.from(`\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`), body,
	]);
};

const RAW = [
	() => bytes(1 + int(3000)),
	() => Buffer.from(`${pick(METHODS)} ${randomPath(1)} HTTP/1.1\r\nHost: x\r\nContent-Length: ${pick(['-1', '99999999999999999999', 'abc', '10', '0'])}\r\n\r\n{"name":`),
	() => Buffer.from(`POST ${parties()} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${pick(['zz', 'ffffffffffffffff', '5\r\nhello\r\n0', '-1'])}\r\n\r\n`),
	() => Buffer.from(`GET ${API}/session HTTP/1.1\r\n${'X-Long: ' + 'a'.repeat(70000)}\r\n\r\n`),
	() => Buffer.from(`GET ${API}/session HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 500 }, (_, i) => `H${i}: v`).join('\r\n')}\r\n\r\n`),
	() => Buffer.from(`GET /${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
	() => Buffer.from(`GET ${API}/session HTTP/9.9\r\n\r\n`),
	() => Buffer.from('\r\n\r\n\r\n'),
	() => Buffer.from(`GET ${API}/session HTTP/1.1\r\nHost: x\r\nCookie: ${'daftar_session=1;'.repeat(2000)}\r\n\r\n`),
	() => Buffer.concat([Buffer.from(`POST ${API}/session HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n`), bytes(10)]), // short body, then close
	() => Buffer.from(`GET ${API}/session HTTP/1.1\r\nHost: x\r\n\r\nGET ${API}/companies HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n`),
];

describe(`garbage requests (seed ${SEED})`, () => {
	let s, token, browser, party;

	before(async () => {
		s = await startServer({ args: ['--body-limit-kb', '256'] });
		token = s.token('admin');
		const c = await s.login('admin');
		browser = { cookie: `daftar_session=${c.sid}`, csrf: c.csrf };
		party = (await s.tokenClient(token).post(parties(), { name: 'Fuzz Target' })).json;
	});
	after(() => s && s.stop());

	test('120 random HTTP requests: no 5xx, no crash', async () => {
		const fails = [];
		const routes = [
			['POST', parties()], ['POST', parties()], ['PATCH', `${parties()}/${party.id}`], ['PATCH', `${parties()}/${party.id}`],
			['DELETE', `${parties()}/${party.id}`], ['POST', `${API}/session`], ['PATCH', `${API}/me`], ['GET', parties()],
			['DELETE', `${API}/session`], ['POST', parties(2)],
		];
		for (let i = 0; i < 120; i++) {
			// mostly real endpoints with a valid token and random bodies and headers; the rest anything
			const real = int(10) < 7;
			const [method, p] = real ? pick(routes) : [pick(METHODS), randomPath(party.id)];
			const body = ['GET', 'HEAD', 'get'].includes(method) ? undefined : randomBody();
			const headers = randomHeaders(token, browser);
			if (real && int(5)) headers.Authorization = `Bearer ${token}`;
			if (real && method === 'PATCH' && int(3)) headers['If-Match'] = `"${1 + int(3)}"`;
			let status;
			try {
				const res = await fetch(s.url + p, { method, headers, body });
				await res.arrayBuffer();
				status = res.status;
			} catch (err) {
				// the client may refuse to send some garbage (e.g. a header it deems invalid): not the server's fault
				if (!s.alive()) throw new Error(`server died on request ${i}: ${method} ${p}\n${s.log().slice(-3000)}`);
				continue;
			}
			if (status >= 500) fails.push(`${status} ${method} ${p} ${JSON.stringify(headers)} ${body === undefined ? '' : String(body).slice(0, 200)}`);
			assert.ok(s.alive(), `server alive after request ${i}: ${method} ${p}`);
		}
		assert.deepEqual(fails, [], `5xx answers (seed ${SEED})`);
	});

	test('80 raw malformed HTTP messages: no crash', async () => {
		const gens = [...RAW, rawWithToken(token), rawWithToken(token), rawWithToken(token)];
		for (let i = 0; i < 80; i++) {
			const gen = gens[i % gens.length];
			const data = gen();
			const answer = await rawHttp(s.url, data, { halfClose: int(2) === 0 });
			assert.ok(s.alive(), `server died on raw message ${i}: ${data.subarray(0, 200).toString('latin1')}\n${s.log().slice(-3000)}`);
			// libmicrohttpd answers some protocol errors itself (400, 413, 431, 505); the application must
			// never fail internally
			assert.ok(!answer.includes('"code":"internal"'), `no internal error for raw message ${i}: ${answer.slice(0, 300)}`);
		}
	});

	test('the server still answers, and its data is intact', async () => {
		const t = s.tokenClient(token);
		const r = await t.get(`${API}/session`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.user.username, 'admin');
		const g = await t.get(`${parties()}/${party.id}`);
		assert.equal(g.status, 200);
		const v = s.cli(['audit', 'verify', '--data', s.dir]);
		assert.equal(v.code, 0, v.stderr);
	});
});
