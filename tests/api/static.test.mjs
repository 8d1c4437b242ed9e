// The web UI's files: each is embedded with a gzip copy made at build time and a strong ETag.
// gzip goes to a client that takes it (and the copy unzips to the plain bytes), plain to one that
// does not (gzip;q=0 refuses it); If-None-Match with the file's tag is 304 without a body; HEAD
// answers the headers alone; an unknown file is 404. Every answer keeps the security headers.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';

import { startServer } from './lib.mjs';

/** One request with node:http (which never unzips by itself); the body as bytes. */
function get(url, p, headers = {}, method = 'GET') {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const req = http.request({ host: u.hostname, port: u.port, method, path: p, headers, agent: false }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
		});
		req.on('error', reject);
		req.end();
	});
}

const FILES = ['/', '/index.html', '/app.js', '/style.css', '/format.js', '/screens/parties.js', '/i18n/hi.json'];

describe('static files: gzip, ETag, 304', () => {
	let s;
	before(async () => { s = await startServer(); });
	after(() => s && s.stop());

	test('gzip and plain are the same bytes, each with its own strong ETag and Vary', async () => {
		for (const f of FILES) {
			const plain = await get(s.url, f);
			const gz = await get(s.url, f, { 'Accept-Encoding': 'gzip, deflate, br' });
			assert.equal(plain.status, 200, f);
			assert.equal(gz.status, 200, f);
			assert.equal(plain.headers['content-encoding'], undefined, f);
			assert.equal(gz.headers['content-encoding'], 'gzip', f);
			assert.ok(gz.body.length < plain.body.length, `${f}: gzip ${gz.body.length} < plain ${plain.body.length}`);
			assert.ok(zlib.gunzipSync(gz.body).equals(plain.body), `${f}: gunzip(gzip) is the plain file`);
			assert.equal(Number(plain.headers['content-length']), plain.body.length, f);
			assert.equal(Number(gz.headers['content-length']), gz.body.length, f);
			assert.match(plain.headers.etag, /^"[0-9a-f]{16}"$/, f);
			assert.equal(gz.headers.etag, plain.headers.etag.replace(/"$/, '-gz"'), f);
			for (const r of [plain, gz]) {
				assert.equal(r.headers.vary, 'Accept-Encoding', f);
				assert.equal(r.headers['cache-control'], 'no-cache', f);
				assert.match(r.headers['content-security-policy'], /script-src 'self'/, f);
				assert.equal(r.headers['x-content-type-options'], 'nosniff', f);
				assert.equal(r.headers['x-frame-options'], 'DENY', f);
			}
		}
		const css = await get(s.url, '/style.css', { 'Accept-Encoding': 'gzip' });
		assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
	});

	test('the ETag is the same on every request and differs between files', async () => {
		const a = await get(s.url, '/app.js');
		const b = await get(s.url, '/app.js');
		const c = await get(s.url, '/style.css');
		assert.equal(a.headers.etag, b.headers.etag);
		assert.notEqual(a.headers.etag, c.headers.etag);
		// the shell's paths all answer index.html, with its tag
		const shell = await get(s.url, '/index.html');
		assert.equal((await get(s.url, '/')).headers.etag, shell.headers.etag);
		assert.equal((await get(s.url, '/some/page')).headers.etag, shell.headers.etag);
	});

	test('If-None-Match with the tag (alone, in a list, weak, or *) is 304 without a body', async () => {
		const plain = (await get(s.url, '/app.js')).headers.etag;
		const gz = (await get(s.url, '/app.js', { 'Accept-Encoding': 'gzip' })).headers.etag;
		const cases = [
			[{ 'If-None-Match': plain }, plain],
			[{ 'If-None-Match': `"0000000000000000", ${plain}` }, plain],
			[{ 'If-None-Match': `W/${plain}` }, plain],
			[{ 'If-None-Match': '*' }, plain],
			[{ 'If-None-Match': gz, 'Accept-Encoding': 'gzip' }, gz],
			[{ 'If-None-Match': `"x",${gz}`, 'Accept-Encoding': 'gzip;q=1.0' }, gz],
		];
		for (const [h, tag] of cases) {
			const r = await get(s.url, '/app.js', h);
			assert.equal(r.status, 304, JSON.stringify(h));
			assert.equal(r.body.length, 0, JSON.stringify(h));
			assert.equal(r.headers.etag, tag, JSON.stringify(h));
			assert.equal(r.headers['cache-control'], 'no-cache');
			assert.match(r.headers['content-security-policy'], /default-src/);
			assert.equal(r.headers['content-encoding'], undefined, 'a 304 names no coding of a body it has not got');
		}
		// another variant's tag, another file's, or none: the whole file
		for (const h of [{ 'If-None-Match': gz }, { 'If-None-Match': plain, 'Accept-Encoding': 'gzip' },
			{ 'If-None-Match': (await get(s.url, '/style.css')).headers.etag }, { 'If-None-Match': '' },
			{ 'If-None-Match': plain.slice(0, -2) + '"' }]) {
			const r = await get(s.url, '/app.js', h);
			assert.equal(r.status, 200, JSON.stringify(h));
			assert.ok(r.body.length > 0);
		}
	});

	test('Accept-Encoding is parsed: q=0 refuses gzip, * allows it, identity alone does not', async () => {
		const plainLen = (await get(s.url, '/app.js')).body.length;
		const expect = {
			'gzip;q=0': false, 'gzip; q=0.000': false, 'GZIP;Q=0.0, deflate': false, 'br, gzip;q=0, *': false,
			'identity': false, 'deflate, br': false, '*;q=0': false, 'gzipx': false, 'gzip;q=2': false,
			'gzip': true, 'GZip': true, 'gzip;q=0.5': true, 'deflate, gzip;q=0.001': true, '*': true,
			'br;q=1, *;q=0.1': true, 'x-gzip': true, ' deflate ,  gzip ; q=1 ': true,
		};
		for (const [ae, gz] of Object.entries(expect)) {
			const r = await get(s.url, '/app.js', { 'Accept-Encoding': ae });
			assert.equal(r.status, 200, ae);
			assert.equal(r.headers['content-encoding'], gz ? 'gzip' : undefined, ae);
			if (!gz) assert.equal(r.body.length, plainLen, ae);
			else assert.ok(zlib.gunzipSync(r.body).length === plainLen, ae);
		}
	});

	test('HEAD answers the headers of GET without a body', async () => {
		for (const ae of [undefined, 'gzip']) {
			const h = ae ? { 'Accept-Encoding': ae } : {};
			const g = await get(s.url, '/app.js', h);
			const r = await get(s.url, '/app.js', h, 'HEAD');
			assert.equal(r.status, 200);
			assert.equal(r.body.length, 0);
			assert.equal(r.headers.etag, g.headers.etag);
			assert.equal(r.headers['content-length'], g.headers['content-length']);
			assert.equal(r.headers['content-encoding'], g.headers['content-encoding']);
		}
		const nm = await get(s.url, '/app.js', { 'If-None-Match': '*' }, 'HEAD');
		assert.equal(nm.status, 304);
	});

	test('an unknown file is 404, with no ETag', async () => {
		for (const p of ['/nope.js', '/screens/nope.js', '/../Makefile', '/app.js.gz']) {
			const r = await get(s.url, p, { 'Accept-Encoding': 'gzip', 'If-None-Match': '*' });
			assert.equal(r.status, 404, p);
			assert.equal(r.headers.etag, undefined, p);
			assert.equal(JSON.parse(r.body.toString()).error.code, 'not_found', p);
		}
	});
});
