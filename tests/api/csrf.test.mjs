// CSRF: every write made with the session cookie must carry the session's X-CSRF-Token; reads do
// not need it; Bearer-token writes do not need it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, Client, assertError, parties, startServer } from './lib.mjs';

describe('CSRF token on cookie writes', () => {
	let s, c, other, target;
	const counts = () => `${s.sql('SELECT count(*) FROM parties')}/${s.sql('SELECT count(*) FROM audit_log')}`;
	// The same session cookie with a chosen X-CSRF-Token (undefined = no header).
	const withToken = (t) => new Client(s.url, { Cookie: `daftar_session=${c.sid}`, 'X-CSRF-Token': t });

	before(async () => {
		s = await startServer();
		c = await s.login('admin');
		other = await s.login('admin'); // a second session: its token must not work for the first
		assert.notEqual(c.csrf, other.csrf);
		const r = await c.post(parties(), { name: 'CSRF Target' });
		assert.equal(r.status, 201, r.text);
		target = r.json;
	});
	after(() => s && s.stop());

	const bad = {
		missing: undefined,
		empty: '',
		wrong: '0123456789abcdef0123456789abcdef',
		'other session': null, // filled in below
		'prefix of the right one': null,
		'right one plus a byte': null,
		'upper-cased': null,
	};

	test('writes without the right token are 403 csrf_token and change nothing', async () => {
		bad['other session'] = other.csrf;
		bad['prefix of the right one'] = c.csrf.slice(0, 31);
		bad['right one plus a byte'] = `${c.csrf}0`;
		bad['upper-cased'] = c.csrf.toUpperCase() === c.csrf ? null : c.csrf.toUpperCase();
		const start = counts();
		for (const [label, tok] of Object.entries(bad)) {
			if (tok === null) continue;
			const w = withToken(tok);
			const tries = [
				['POST', parties(), { name: `Forged ${label}` }],
				['PATCH', `${parties()}/${target.id}`, { name: 'Forged' }, { 'If-Match': '"1"' }],
				['DELETE', `${parties()}/${target.id}`, null, { 'If-Match': '"1"' }],
				['PATCH', `${API}/me`, { lang: 'hi' }],
				['DELETE', `${API}/session`],
			];
			for (const [m, p, body, h] of tries) {
				const r = await w.request(m, p, body, h);
				assertError(assert, r, 403, 'forbidden', 'csrf_token');
				assert.equal(r.setCookie.length, 0, `${label} ${m} ${p}: no cookie change`);
			}
		}
		assert.equal(counts(), start);
		assert.equal(s.sql(`SELECT name || ':' || version || ':' || archived FROM parties WHERE id = ${target.id}`), 'CSRF Target:1:0');
		assert.equal(s.sql("SELECT lang FROM users WHERE username = 'admin'"), 'en');
		// the failed logouts did not end the session
		assert.equal((await c.get(`${API}/session`)).status, 200);
	});

	test('reads need no token', async () => {
		const w = withToken(undefined);
		assert.equal((await w.get(`${API}/session`)).status, 200);
		assert.equal((await w.get(parties())).status, 200);
		assert.equal((await w.get(`${parties()}/${target.id}`)).status, 200);
	});

	test('writes with the right token go through', async () => {
		let r = await c.post(parties(), { name: 'Proper Write' });
		assert.equal(r.status, 201, r.text);
		r = await c.patch(`${parties()}/${target.id}`, { name: 'CSRF Target 2' }, { 'If-Match': '"1"' });
		assert.equal(r.status, 200, r.text);
		r = await c.patch(`${API}/me`, { lang: 'hi' });
		assert.equal(r.status, 200, r.text);
		assert.equal(s.sql("SELECT lang FROM users WHERE username = 'admin'"), 'hi');
	});

	test('Bearer-token writes need no CSRF token', async () => {
		const t = s.as('admin');
		const start = Number(s.sql('SELECT count(*) FROM parties'));
		let r = await t.post(parties(), { name: 'Script Write' });
		assert.equal(r.status, 201, r.text);
		r = await t.patch(`${parties()}/${r.json.id}`, { name: 'Script Write 2' }, { 'If-Match': '"1"' });
		assert.equal(r.status, 200, r.text);
		r = await t.del(`${parties()}/${r.json.id}`, null, { 'If-Match': '"2"' });
		assert.equal(r.status, 200, r.text);
		assert.equal(Number(s.sql('SELECT count(*) FROM parties')), start + 1);
		// a wrong X-CSRF-Token header next to a valid Bearer token is ignored, not a way in or out
		r = await t.post(parties(), { name: 'Script Write 3' }, { 'X-CSRF-Token': 'nonsense' });
		assert.equal(r.status, 201, r.text);
	});

	test('the token belongs to the session: after logout and login it changes', async () => {
		const old = c.csrf;
		const out = await c.del(`${API}/session`);
		assert.equal(out.status, 204);
		const again = await s.login('admin');
		assert.notEqual(again.csrf, old);
		const stale = new Client(s.url, { Cookie: `daftar_session=${again.sid}`, 'X-CSRF-Token': old });
		assertError(assert, await stale.post(parties(), { name: 'Old token' }), 403, 'forbidden', 'csrf_token');
		assert.equal(s.sql("SELECT count(*) FROM parties WHERE name = 'Old token'"), '0');
	});
});
