// Cookie sessions: the cookie's attributes, a new id at every login, logout on the server, idle
// and absolute expiry (time moved with DAFTAR_TEST_CLOCK_FILE), wrong passwords, and the
// password length rule of `daftar user add`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ADMIN_PASSWORD, API, Client, PASSWORD, assertError, sessionCookie, setClock, startServer } from './lib.mjs';

const IDLE = 30 * 60;
const ABSOLUTE = 12 * 60 * 60;

describe('sessions', () => {
	let s, clockDir, clock;
	let offset = 0;
	const move = (sec) => {
		offset += sec;
		setClock(clock, offset);
	};
	const cookieClient = (sid) => new Client(s.url, { Cookie: `daftar_session=${sid}` });

	before(async () => {
		clockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-clock-'));
		clock = path.join(clockDir, 'offset');
		setClock(clock, 0);
		s = await startServer({ users: [{ name: 'sam', role: 'executive' }, { name: 'pat', role: 'assistant' }], env: { DAFTAR_TEST_CLOCK_FILE: clock } });
	});
	after(async () => {
		fs.rmSync(clockDir, { recursive: true, force: true });
		if (s) await s.stop();
	});

	test('login answers the session body and an HttpOnly, SameSite=Strict cookie', async () => {
		const r = await s.loginRaw('sam', PASSWORD);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.setCookie.length, 1);
		const parts = r.setCookie[0].split(';').map((x) => x.trim());
		assert.match(parts[0], /^daftar_session=[0-9a-f]{32}$/);
		assert.ok(parts.includes('HttpOnly'), r.setCookie[0]);
		assert.ok(parts.includes('SameSite=Strict'), r.setCookie[0]);
		assert.ok(parts.includes('Path=/'), r.setCookie[0]);
		assert.ok(!parts.includes('Secure'), 'no Secure over plain HTTP');
		assert.match(r.json.csrf_token, /^[0-9a-f]{32}$/);
		assert.equal(r.json.user.username, 'sam');
		assert.equal(typeof r.json.user.id, 'number');
		assert.equal(r.json.user.lang, 'en');
		assert.deepEqual(r.json.companies.map((x) => [x.id, x.role]), [[1, 'executive']]);
		// the session id is not stored in clear
		const sid = sessionCookie(r.setCookie);
		assert.equal(s.sql(`SELECT count(*) FROM sessions WHERE id_hash = '${sid}'`), '0');
		assert.equal(r.headers.get('cache-control'), 'no-store');
	});

	test('a made-up X-Forwarded-Proto does not make the cookie Secure without --trust-proxy', async () => {
		const r = await s.loginRaw('sam', PASSWORD, { 'X-Forwarded-Proto': 'https' });
		assert.equal(r.status, 200);
		assert.ok(!r.setCookie[0].split(';').map((x) => x.trim()).includes('Secure'), r.setCookie[0]);
	});

	test('every login makes a new session id and CSRF token; a cookie sent in is not adopted', async () => {
		const a = await s.login('sam');
		const b = await s.login('sam');
		assert.notEqual(a.sid, b.sid);
		assert.notEqual(a.csrf, b.csrf);
		const planted = 'abcdefabcdefabcdefabcdefabcdef00';
		const r = await s.loginRaw('sam', PASSWORD, { Cookie: `daftar_session=${planted}` });
		assert.equal(r.status, 200);
		const sid = sessionCookie(r.setCookie);
		assert.ok(sid && sid !== planted && sid !== a.sid && sid !== b.sid);
		assertError(assert, await cookieClient(planted).get(`${API}/session`), 401, 'unauthenticated');
		for (const c of [a, b]) assert.equal((await c.get(`${API}/session`)).status, 200);
	});

	test('logout ends the session on the server, not just in the browser', async () => {
		const a = await s.login('sam');
		const b = await s.login('sam');
		const sessions = Number(s.sql('SELECT count(*) FROM sessions'));
		const r = await a.del(`${API}/session`);
		assert.equal(r.status, 204);
		assert.match(r.setCookie.join('\n'), /daftar_session=;.*Max-Age=0/);
		assert.equal(Number(s.sql('SELECT count(*) FROM sessions')), sessions - 1);
		// the old cookie, replayed, is refused everywhere
		assertError(assert, await a.get(`${API}/session`), 401, 'unauthenticated');
		assertError(assert, await a.get(`${API}/companies/1/parties`), 401, 'unauthenticated');
		assertError(assert, await a.post(`${API}/companies/1/parties`, { name: 'After logout' }), 401, 'unauthenticated');
		assertError(assert, await a.del(`${API}/session`), 401, 'unauthenticated');
		// the user's other session lives on
		assert.equal((await b.get(`${API}/session`)).status, 200);
		// and a Bearer token has no session to end
		const t = s.as('sam');
		assertError(assert, await t.del(`${API}/session`), 400, 'invalid');
	});

	test('wrong password, unknown user and malformed logins are refused without a cookie', async () => {
		const cases = [
			[{ username: 'sam', password: `${PASSWORD}x` }, 401, 'unauthenticated'],
			[{ username: 'sam', password: PASSWORD.toUpperCase() }, 401, 'unauthenticated'],
			[{ username: 'nobody', password: PASSWORD }, 401, 'unauthenticated'],
			[{ username: 'sam' }, 400, 'invalid'],
			[{ password: PASSWORD }, 400, 'invalid'],
			[{ username: 'sam', password: 12345678901234 }, 400, 'invalid'],
			[{ username: 'sam', password: PASSWORD, extra: 1 }, 400, 'invalid'],
		];
		for (const [body, status, code] of cases) {
			const r = await s.anon().post(`${API}/session`, body);
			assertError(assert, r, status, code);
			assert.equal(r.setCookie.length, 0, JSON.stringify(body));
		}
		// the two 401s for a known and an unknown user read the same
		const known = await s.loginRaw('sam', 'wrong-password-123');
		const unknown = await s.loginRaw('nobody-at-all', 'wrong-password-123');
		assert.deepEqual(known.json, unknown.json);
		s.sql('DELETE FROM login_failures');
	});

	test('a new password ends every session of the user', async () => {
		const a = await s.login('pat');
		const r = s.cli(['user', 'passwd', '--data', s.dir, '--user', 'pat'], { DAFTAR_PASSWORD: 'another-password-42' });
		assert.equal(r.code, 0, r.stderr);
		assertError(assert, await a.get(`${API}/session`), 401, 'unauthenticated');
		assertError(assert, await s.loginRaw('pat', PASSWORD), 401, 'unauthenticated');
		assert.equal((await s.loginRaw('pat', 'another-password-42')).status, 200);
		s.sql('DELETE FROM login_failures');
	});

	test('idle expiry: 30 minutes without a request ends the session; activity keeps it alive', async () => {
		const a = await s.login('sam');
		const idle = await s.login('sam');
		move(IDLE - 100); // 28 min: still fine, and this request records activity
		assert.equal((await a.get(`${API}/session`)).status, 200);
		move(IDLE - 100); // 28 min after that activity: alive; 56 min after login
		assert.equal((await a.get(`${API}/session`)).status, 200);
		assertError(assert, await idle.get(`${API}/session`), 401, 'unauthenticated');
		move(IDLE + 100); // 31+ min without a request
		assertError(assert, await a.get(`${API}/session`), 401, 'unauthenticated');
		assertError(assert, await a.post(`${API}/companies/1/parties`, { name: 'Idle' }), 401, 'unauthenticated');
		assert.equal(s.sql("SELECT count(*) FROM parties WHERE name = 'Idle'"), '0');
	});

	test('reads touch the session at most once a minute', async () => {
		const a = await s.login('sam');
		const seen = () => Number(s.sql(`SELECT last_seen FROM sessions WHERE csrf = '${a.csrf}'`));
		const t0 = seen();
		move(30);
		assert.equal((await a.get(`${API}/session`)).status, 200);
		assert.equal(seen(), t0, 'not touched after 30 s');
		move(40);
		assert.equal((await a.get(`${API}/session`)).status, 200);
		assert.ok(seen() >= t0 + 70, 'touched after 70 s');
	});

	test('absolute expiry: 12 hours after login even with steady activity', async () => {
		const a = await s.login('sam');
		const step = 25 * 60;
		let elapsed = 0;
		while (elapsed + step <= ABSOLUTE) {
			move(step);
			elapsed += step;
			const r = await a.get(`${API}/session`);
			assert.equal(r.status, 200, `alive after ${elapsed} s`);
		}
		move(step); // now past 12 hours, though the last request was only 25 minutes ago
		elapsed += step;
		assert.ok(elapsed > ABSOLUTE && elapsed - step <= ABSOLUTE);
		assertError(assert, await a.get(`${API}/session`), 401, 'unauthenticated');
		// a fresh login works at once
		assert.equal((await (await s.login('sam')).get(`${API}/session`)).status, 200);
	});

	test('user add refuses passwords under 12 characters (exit code 2)', () => {
		const add = (user, pw) => s.cli(['user', 'add', '--data', s.dir, '--user', user, '--role', 'analyst'], { DAFTAR_PASSWORD: pw });
		for (const [user, pw] of [['short1', 'abcdefghijk'], ['short2', 'x'], ['short3', 'क'.repeat(11)]]) {
			const r = add(user, pw);
			assert.equal(r.code, 2, `${pw}: ${r.stderr}`);
			assert.match(r.stderr, /password/);
			assert.equal(s.sql(`SELECT count(*) FROM users WHERE username = '${user}'`), '0');
		}
		// twelve characters are enough, counted as characters, not bytes
		for (const [user, pw] of [['long1', 'abcdefghijkl'], ['long2', 'क'.repeat(12)]]) {
			const r = add(user, pw);
			assert.equal(r.code, 0, r.stderr);
			assert.equal(s.sql(`SELECT count(*) FROM users WHERE username = '${user}'`), '1');
		}
	});
});

describe('sessions behind a TLS proxy (--trust-proxy)', () => {
	let s;
	before(async () => {
		s = await startServer({ args: ['--trust-proxy'] });
	});
	after(() => s && s.stop());

	test('the cookie is Secure when the proxy says https, and not otherwise', async () => {
		const secure = await s.loginRaw('admin', ADMIN_PASSWORD, { 'X-Forwarded-Proto': 'https' });
		assert.equal(secure.status, 200, secure.text);
		const parts = secure.setCookie[0].split(';').map((x) => x.trim());
		assert.ok(parts.includes('Secure') && parts.includes('HttpOnly') && parts.includes('SameSite=Strict'), secure.setCookie[0]);
		// over HTTPS the cookie is a __Host- one (this host only, Path=/), and answers carry HSTS
		assert.ok(secure.setCookie[0].startsWith('__Host-daftar_session='), secure.setCookie[0]);
		assert.match(secure.headers.get('strict-transport-security') || '', /^max-age=\d+/);
		const sid = /^__Host-daftar_session=([^;]*)/.exec(secure.setCookie[0])[1];
		const me = await s.anon().get('/api/v1/session', undefined, { Cookie: `__Host-daftar_session=${sid}`, 'X-Forwarded-Proto': 'https' });
		assert.equal(me.status, 200, me.text);
		const plain = await s.loginRaw('admin', ADMIN_PASSWORD, { 'X-Forwarded-Proto': 'http' });
		assert.ok(!plain.setCookie[0].split(';').map((x) => x.trim()).includes('Secure'), plain.setCookie[0]);
		assert.ok(plain.setCookie[0].startsWith('daftar_session='), plain.setCookie[0]);
		assert.equal(plain.headers.get('strict-transport-security'), null);
	});
});
