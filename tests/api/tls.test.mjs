// TLS built in: `daftar serve --tls-cert --tls-key` on loopback with a self-signed certificate.
// HTTPS only (a plain HTTP request gets no answer), TLS 1.2 and 1.3 but not 1.1 or 1.0, HSTS on
// every answer, the session cookie as __Host-daftar_session with Secure, and a logged-in session
// that works through it (cookie and CSRF); a key file others may read is refused.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, test } from 'node:test';

import { ADMIN_PASSWORD, BIN, Client, startServer } from './lib.mjs';

// The certificate is our own, made here: this process trusts it for its requests.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

function handshake(port, version) {
	return new Promise((resolve) => {
		const sock = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, minVersion: version, maxVersion: version }, () => {
			const v = sock.getProtocol();
			sock.end();
			resolve(v);
		});
		sock.on('error', () => resolve(null));
	});
}

describe('TLS', () => {
	let s;
	let dir;
	let port;

	before(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-tls-'));
		execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
			'-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost',
			'-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
		fs.chmodSync(path.join(dir, 'key.pem'), 0o600);
		s = await startServer({ tls: { cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') } });
		port = Number(new URL(s.url).port);
	});
	after(async () => {
		if (s) await s.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	test('TLS 1.2 and 1.3 are spoken; 1.1 and 1.0 are refused', async () => {
		assert.equal(await handshake(port, 'TLSv1.3'), 'TLSv1.3');
		assert.equal(await handshake(port, 'TLSv1.2'), 'TLSv1.2');
		assert.equal(await handshake(port, 'TLSv1.1'), null);
		assert.equal(await handshake(port, 'TLSv1'), null);
	});

	test('plain HTTP on the TLS port gets no HTTP answer', async () => {
		const r = await fetch(`http://127.0.0.1:${port}/api/v1/session`).then((x) => x.status, () => 'refused');
		assert.equal(r, 'refused');
	});

	test('every answer carries HSTS; login sets __Host-daftar_session with Secure, and the session works', async () => {
		const anon = s.anon();
		const r0 = await anon.get('/');
		assert.match(r0.headers.get('strict-transport-security') || '', /^max-age=\d{7,}/);
		const login = await anon.post('/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
		assert.equal(login.status, 200, login.text);
		assert.match(login.headers.get('strict-transport-security') || '', /max-age=/);
		const cookie = (login.setCookie || []).find((c) => c.startsWith('__Host-daftar_session='));
		assert.ok(cookie, JSON.stringify(login.setCookie));
		assert.match(cookie, /; Secure/);
		assert.match(cookie, /; Path=\//);
		assert.doesNotMatch(cookie, /Domain=/i);
		const sid = /^__Host-daftar_session=([^;]*)/.exec(cookie)[1];
		const c = new Client(s.url, { Cookie: `__Host-daftar_session=${sid}`, 'X-CSRF-Token': login.json.csrf_token });
		const me = await c.get('/api/v1/session');
		assert.equal(me.status, 200, me.text);
		const p = await c.post('/api/v1/companies/1/parties', { name: 'Over TLS Traders' });
		assert.equal(p.status, 201, p.text);
		// over HTTPS the plain cookie name is not a session
		const plain = new Client(s.url, { Cookie: `daftar_session=${sid}` });
		assert.equal((await plain.get('/api/v1/session')).status, 401);
		const out = await c.del('/api/v1/session');
		assert.equal(out.status, 204, out.text);
		assert.ok((out.setCookie || []).some((x) => x.startsWith('__Host-daftar_session=;') && /Max-Age=0/.test(x) && /Secure/.test(x)), JSON.stringify(out.setCookie));
	});

	test('a key file every user may read, a missing file and a lone --tls-cert are refused (exit 2)', () => {
		const key = path.join(dir, 'open-key.pem');
		fs.copyFileSync(path.join(dir, 'key.pem'), key);
		fs.chmodSync(key, 0o644);
		const run = (args) => spawnSync(BIN, ['serve', '--data', s.dir, '--listen', '127.0.0.1:1', ...args], { encoding: 'utf8', timeout: 20000 });
		let r = run(['--tls-cert', path.join(dir, 'cert.pem'), '--tls-key', key]);
		assert.equal(r.status, 2, r.stderr);
		assert.match(r.stderr, /chmod 600/);
		r = run(['--tls-cert', path.join(dir, 'nope.pem'), '--tls-key', path.join(dir, 'key.pem')]);
		assert.equal(r.status, 2, r.stderr);
		assert.match(r.stderr, /nope\.pem/);
		r = run(['--tls-cert', path.join(dir, 'cert.pem')]);
		assert.equal(r.status, 2, r.stderr);
		assert.match(r.stderr, /go together/);
	});
});
