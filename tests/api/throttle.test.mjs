// Login throttling: 10 failures for one account lock it (429 + Retry-After, and the error's
// "reason" and "retry_after") even with the right password and from another address; with --login-ip-limit 5, failures from one address across
// many usernames lock that address only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, PASSWORD, assertError, rawRequest, startServer } from './lib.mjs';

const login = (s, username, password, from = '127.0.0.1', headers = {}) =>
	rawRequest(s.url, { method: 'POST', path: `${API}/session`, body: { username, password }, localAddress: from, headers });

function assertThrottled(r, maxWait) {
	assertError(assert, { ...r, headers: new Headers(r.headers) }, 429, 'throttled');
	const ra = r.headers['retry-after'];
	assert.match(String(ra), /^[1-9][0-9]*$/, `Retry-After is a positive integer: ${ra}`);
	assert.ok(Number(ra) <= maxWait, `Retry-After ${ra} <= ${maxWait}`);
	assert.equal(r.headers['set-cookie'], undefined, 'no session for a throttled login');
	// the error's reason and figures are members of the error object, so the UI can say it in the
	// user's language: the same wait as the header, as a number
	assert.equal(r.json.error.reason, 'throttled', r.text);
	assert.equal(r.json.error.retry_after, Number(ra), r.text);
	assert.equal(r.json.error.field, 'username');
}

describe('login throttling per account', () => {
	let s;
	before(async () => {
		s = await startServer({ users: [{ name: 'victim', role: 'executive' }, { name: 'bystander', role: 'executive' }] });
	});
	after(() => s && s.stop());

	test('10 failures lock the account for everyone, even with the right password', async () => {
		for (let i = 0; i < 10; i++) {
			const r = await login(s, 'victim', `wrong-password-${i}`);
			assert.equal(r.status, 401, `failure ${i + 1}: ${r.status} ${r.text}`);
		}
		assert.equal(s.sql("SELECT count(*) FROM login_failures WHERE username = 'victim'"), '10');
		const sessions = s.sql('SELECT count(*) FROM sessions');
		assertThrottled(await login(s, 'victim', PASSWORD), 900);
		assertThrottled(await login(s, 'victim', 'wrong-again-12345'), 900);
		// from another address too: the lock is on the account
		assertThrottled(await login(s, 'victim', PASSWORD, '127.0.0.2'), 900);
		assert.equal(s.sql('SELECT count(*) FROM sessions'), sessions, 'no session was made');
		// throttled tries are not failures that extend the lock
		assert.equal(s.sql("SELECT count(*) FROM login_failures WHERE username = 'victim'"), '10');
	});

	test('another account on the same address is not affected', async () => {
		const r = await login(s, 'bystander', PASSWORD);
		assert.equal(r.status, 200, r.text);
	});

	test('the lock lifts once the failures are older than the window', async () => {
		// age the failures by 16 minutes instead of waiting
		s.sql("UPDATE login_failures SET at = at - 960 WHERE username = 'victim'");
		const r = await login(s, 'victim', PASSWORD);
		assert.equal(r.status, 200, r.text);
	});
});

describe('login throttling per address (--login-ip-limit 5)', () => {
	let s;
	before(async () => {
		s = await startServer({ users: [{ name: 'valid', role: 'executive' }], args: ['--login-ip-limit', '5'] });
	});
	after(() => s && s.stop());

	test('5 failures across usernames lock the address, not the accounts', async () => {
		for (let i = 0; i < 5; i++) {
			const r = await login(s, `nosuchuser${i}`, 'wrong-password-000');
			assert.equal(r.status, 401, `failure ${i + 1}: ${r.status} ${r.text}`);
		}
		assertThrottled(await login(s, 'valid', PASSWORD), 900);
		assertThrottled(await login(s, 'someone-new', 'whatever-password'), 900);
		// a made-up X-Forwarded-For does not get around it (no --trust-proxy)
		assertThrottled(await login(s, 'valid', PASSWORD, '127.0.0.1', { 'X-Forwarded-For': '203.0.113.9' }), 900);
		// the same account from another address is fine
		const ok = await login(s, 'valid', PASSWORD, '127.0.0.2');
		assert.equal(ok.status, 200, ok.text);
		assert.equal(s.sql("SELECT count(*) FROM login_failures WHERE ip = '127.0.0.1'"), '5');
	});
});
