// Login throttling (docs/api.md, "Login throttling"): every password check is reserved before it
// is made, so 64 tries at once for one account make 5 checks, not 64; after 5 failures of an
// account at one address each try there waits 1, 2, 4 ... s (up to 15 minutes); the account as a
// whole waits only mildly (after 10 failures, at most a minute), so its owner at another address
// still logs in; with --login-ip-limit 5, failures from one address across many usernames hold up
// that address only. The clock is pinned (DAFTAR_TEST_CLOCK_FILE "@T"), so no test depends on how
// fast it runs. Until this version 10 failures locked the account for 900 s for everyone, and racing
// tries all got a password check.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { API, PASSWORD, assertError, rawRequest, setClock, startServer } from './lib.mjs';

const T = 1900000000; // a pinned "now"

const login = (s, username, password, from = '127.0.0.1', headers = {}) =>
	rawRequest(s.url, { method: 'POST', path: `${API}/session`, body: { username, password }, localAddress: from, headers });

function assertThrottled(r, wait) {
	assertError(assert, { ...r, headers: new Headers(r.headers) }, 429, 'throttled');
	assert.equal(r.headers['retry-after'], String(wait), `Retry-After ${r.headers['retry-after']}: ${r.text}`);
	assert.equal(r.headers['set-cookie'], undefined, 'no session for a throttled login');
	// the reason and figures are members of the error object, so the UI can say it in the
	// user's language: the same wait as the header, as a number
	assert.equal(r.json.error.reason, 'throttled', r.text);
	assert.equal(r.json.error.retry_after, wait, r.text);
	assert.equal(r.json.error.field, 'username');
}

// A server with a pinned clock; s.at(t) moves it to T + t.
async function pinnedServer(opts) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-clock-'));
	const file = path.join(dir, 'clock');
	setClock(file, `@${T}`);
	const s = await startServer({ ...opts, env: { DAFTAR_TEST_CLOCK_FILE: file } });
	s.at = (t) => setClock(file, `@${T + t}`);
	const stop = s.stop;
	s.stop = async () => {
		try { await stop(); } finally { fs.rmSync(dir, { recursive: true, force: true }); }
	};
	return s;
}

const failures = (s, user) => Number(s.sql(`SELECT count(*) FROM login_failures WHERE username = '${user}'`));
const counter = (s, user, ip) => s.sql(`SELECT failures, wait_s FROM login_throttle WHERE username = '${user}' AND ip = '${ip}'`);

describe('login throttling under a race', () => {
	let s;
	before(async () => {
		s = await pinnedServer({ users: [{ name: 'victim', role: 'executive' }] });
	});
	after(() => s && s.stop());

	test('64 wrong passwords at once for one account: 5 password checks, the rest 429 before any check', async () => {
		const rs = await Promise.all(Array.from({ length: 64 }, (_, i) => login(s, 'victim', `wrong-password-${i}`)));
		const by = {};
		for (const r of rs) by[r.status] = (by[r.status] || 0) + 1;
		assert.deepEqual(by, { 401: 5, 429: 59 }, JSON.stringify(by));
		for (const r of rs.filter((x) => x.status === 429)) assertThrottled(r, 1);
		// every check that was made and failed is in login_failures: five, not 64
		assert.equal(failures(s, 'victim'), 5);
		assert.equal(counter(s, 'victim', '127.0.0.1'), '5|1');
		assert.equal(counter(s, 'victim', ''), '5|0');
	});
});

describe('login throttling: growing waits for an account at one address', () => {
	let s;
	before(async () => {
		s = await pinnedServer({ users: [{ name: 'victim', role: 'executive' }, { name: 'bystander', role: 'executive' }] });
	});
	after(() => s && s.stop());

	test('after 5 failures each try waits 1, 2, 4, 8 s after the one before', async () => {
		for (let i = 0; i < 5; i++) {
			const r = await login(s, 'victim', `wrong-password-${i}`);
			assert.equal(r.status, 401, `failure ${i + 1}: ${r.status} ${r.text}`);
		}
		assertThrottled(await login(s, 'victim', 'wrong-password-x'), 1);
		// even with the right password, from this address
		assertThrottled(await login(s, 'victim', PASSWORD), 1);
		let t = 0;
		for (const wait of [1, 2, 4, 8]) {
			t += wait;
			s.at(t - 1);
			assertThrottled(await login(s, 'victim', 'wrong-password-y'), 1);
			s.at(t);
			assert.equal((await login(s, 'victim', 'wrong-password-z')).status, 401);
			assertThrottled(await login(s, 'victim', 'wrong-password-z'), wait * 2);
		}
		// throttled tries are not checks: 9 failures were checked
		assert.equal(failures(s, 'victim'), 9);
		assert.equal(counter(s, 'victim', '127.0.0.1'), '9|16');
	});

	test('the wait stops growing at 15 minutes', async () => {
		s.sql("UPDATE login_throttle SET wait_s = 512 WHERE username = 'victim' AND ip = '127.0.0.1'");
		const at = Number(s.sql("SELECT last_at FROM login_throttle WHERE username = 'victim' AND ip = '127.0.0.1'")) - T + 512;
		s.at(at);
		assert.equal((await login(s, 'victim', 'wrong-password-1')).status, 401);
		assertThrottled(await login(s, 'victim', 'wrong-password-2'), 900);
		s.at(at + 900);
		assert.equal((await login(s, 'victim', 'wrong-password-3')).status, 401);
		assertThrottled(await login(s, 'victim', 'wrong-password-4'), 900);
	});

	test('the owner at another address waits only the account’s mild wait; another account at this address not at all', async () => {
		const sessions = s.sql('SELECT count(*) FROM sessions');
		// 11 failures of the account: past its 10, the account as a whole waits 2 s, not 900
		assertThrottled(await login(s, 'victim', PASSWORD, '127.0.0.2'), 2);
		const now = Number(s.sql("SELECT max(last_at) FROM login_throttle WHERE username = 'victim'")) - T;
		s.at(now + 2);
		const r = await login(s, 'victim', PASSWORD, '127.0.0.2');
		assert.equal(r.status, 200, r.text);
		assert.equal(Number(s.sql('SELECT count(*) FROM sessions')), Number(sessions) + 1);
		assert.equal((await login(s, 'bystander', PASSWORD)).status, 200);
	});

	test('an hour without a try forgets the failures', async () => {
		const last = Number(s.sql("SELECT last_at FROM login_throttle WHERE username = 'victim' AND ip = '127.0.0.1'")) - T;
		s.at(last + 3601);
		const r = await login(s, 'victim', PASSWORD);
		assert.equal(r.status, 200, r.text);
		// a right password clears the counter of its address
		assert.equal(counter(s, 'victim', '127.0.0.1'), '');
	});
});

describe('login throttling: the account from many addresses waits only mildly', () => {
	let s;
	before(async () => {
		s = await pinnedServer({ users: [{ name: 'admin2', role: 'admin' }] });
	});
	after(() => s && s.stop());

	test('10 failures from two addresses hold the account up a second, not 900', async () => {
		for (const from of ['127.0.0.1', '127.0.0.2'])
			for (let i = 0; i < 5; i++) assert.equal((await login(s, 'admin2', `wrong-password-${i}`, from)).status, 401);
		assertThrottled(await login(s, 'admin2', PASSWORD, '127.0.0.3'), 1);
		s.at(1);
		const r = await login(s, 'admin2', PASSWORD, '127.0.0.3');
		assert.equal(r.status, 200, r.text);
		// the owner's check is given back: the account's failures are the guesses'
		assert.equal(counter(s, 'admin2', ''), '10|2');
	});

	test('however many failures, the owner at a fresh address waits at most a minute', async () => {
		s.sql(`UPDATE login_throttle SET failures = 5000, wait_s = 60, last_at = ${T + 2} WHERE username = 'admin2' AND ip = ''`);
		s.at(2);
		assertThrottled(await login(s, 'admin2', PASSWORD, '127.0.0.4'), 60);
		s.at(62);
		assert.equal((await login(s, 'admin2', PASSWORD, '127.0.0.4')).status, 200);
	});
});

describe('login throttling per address (--login-ip-limit 5)', () => {
	let s;
	before(async () => {
		s = await pinnedServer({ users: [{ name: 'valid', role: 'executive' }], args: ['--login-ip-limit', '5'] });
	});
	after(() => s && s.stop());

	test('5 failures across usernames hold up the address, not the accounts', async () => {
		for (let i = 0; i < 5; i++) {
			const r = await login(s, `nosuchuser${i}`, 'wrong-password-000');
			assert.equal(r.status, 401, `failure ${i + 1}: ${r.status} ${r.text}`);
		}
		assertThrottled(await login(s, 'valid', PASSWORD), 1);
		assertThrottled(await login(s, 'someone-new', 'whatever-password'), 1);
		// a made-up X-Forwarded-For does not get around it (no --trust-proxy)
		assertThrottled(await login(s, 'valid', PASSWORD, '127.0.0.1', { 'X-Forwarded-For': '203.0.113.9' }), 1);
		// the same account from another address is fine
		const ok = await login(s, 'valid', PASSWORD, '127.0.0.2');
		assert.equal(ok.status, 200, ok.text);
		assert.equal(s.sql("SELECT count(*) FROM login_failures WHERE ip = '127.0.0.1'"), '5');
		// and the waits grow for the address as for an account
		s.at(1);
		assert.equal((await login(s, 'nosuchuser9', 'wrong-password-000')).status, 401);
		assertThrottled(await login(s, 'valid', PASSWORD), 2);
	});
});
