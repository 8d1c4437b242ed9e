// Offboarding (docs/api.md, "People and API tokens"): an admin lists a company's people, disables
// a user (their sessions and tokens stop at the next request; they cannot log in) and enables them
// again, removes one from the company (403 there from then on), and lists and revokes API tokens,
// which carry an expiry and their last use. Each change is audited in the same transaction; an
// admin may not disable themselves or take out a company's last admin; the CLI does the same.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { API, PASSWORD, assertError, setClock, sleep, startServer } from './lib.mjs';

const users = (cid = 1) => `${API}/companies/${cid}/users`;
const tokens = (cid = 1) => `${API}/companies/${cid}/tokens`;

describe('offboarding', () => {
	let s, admin, clock, clockDir;
	let offset = 0;
	const move = (sec) => {
		offset += sec;
		setClock(clock, offset);
	};
	const id = (name) => Number(s.sql(`SELECT id FROM users WHERE username = '${name}'`));
	const tokenId = (name) => Number(s.sql(`SELECT max(t.id) FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = '${name}'`));
	const audit = (cid, entity, eid, action) =>
		s.sql(`SELECT before_json, after_json FROM audit_log WHERE company_id = ${cid} AND entity = '${entity}' AND entity_id = ${eid} AND action = '${action}' ORDER BY seq`)
			.split('\n').filter(Boolean);
	const cli = (...args) => s.cli([...args, '--data', s.dir], { DAFTAR_TEST_CLOCK_FILE: clock });

	before(async () => {
		clockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-clock-'));
		clock = path.join(clockDir, 'offset');
		setClock(clock, 0);
		s = await startServer({
			// company 2: admin is its only admin; company 3: admin is not a member at all
			companies: ['Second Co', { name: 'Third Co', admin: false }],
			users: [
				{ name: 'leaver', role: 'executive', also: [[2, 'executive']] },
				{ name: 'adm2', role: 'admin' },
				{ name: 'aud', role: 'auditor' },
				{ name: 'both', role: 'executive', also: [[3, 'admin']] },
				{ name: 'elsewhere', role: 'admin', company: 3 },
			],
			env: { DAFTAR_TEST_CLOCK_FILE: clock },
		});
		admin = await s.login('admin');
	});
	after(async () => {
		if (s) await s.stop();
		fs.rmSync(clockDir, { recursive: true, force: true });
	});

	test('the people of a company, with their role and status, a page at a time; admins only', async () => {
		const r = await admin.get(users());
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.items.map((u) => [u.username, u.role, u.disabled]),
			[['adm2', 'admin', false], ['admin', 'admin', false], ['aud', 'auditor', false], ['both', 'executive', false], ['leaver', 'executive', false]]);
		assert.deepEqual(Object.keys(r.json.items[0]), ['id', 'username', 'display_name', 'lang', 'role', 'disabled']);
		assert.equal(r.json.next, null);
		// paging: two and two and one
		const p1 = await admin.get(`${users()}?limit=2`);
		assert.equal(p1.json.items.length, 2);
		const p2 = await admin.get(`${users()}?limit=2&after=${p1.json.next}`);
		const p3 = await admin.get(`${users()}?limit=2&after=${p2.json.next}`);
		assert.deepEqual([...p1.json.items, ...p2.json.items, ...p3.json.items].map((u) => u.username), r.json.items.map((u) => u.username));
		assert.equal(p3.json.next, null);
		assertError(assert, await admin.get(`${users()}?after=999999`), 400, 'invalid', 'after');
		assertError(assert, await admin.get(`${users()}?limit=0`), 400, 'invalid', 'limit');
		// another company's people are its own
		assert.deepEqual((await admin.get(users(2))).json.items.map((u) => u.username), ['admin', 'leaver']);
		// not for an auditor (who reads everything else) or an executive
		for (const who of ['aud', 'leaver']) {
			const c = s.as(who);
			for (const [m, p] of [['GET', users()], ['POST', `${users()}/${id('leaver')}/disable`], ['POST', `${users()}/${id('leaver')}/enable`],
				['DELETE', `${users()}/${id('leaver')}`], ['GET', tokens()], ['DELETE', `${tokens()}/1`]])
				assertError(assert, await c.request(m, p), 403, 'forbidden');
		}
		// a company the caller is not in
		assertError(assert, await admin.get(users(3)), 403, 'forbidden');
	});

	test('disable: the user\'s session and token stop at the next request, and they cannot log in', async () => {
		const sess = await s.login('leaver');
		const tok = s.as('leaver');
		assert.equal((await sess.get(`${API}/companies/1/parties`)).status, 200);
		assert.equal((await tok.get(`${API}/companies/1/parties`)).status, 200);
		const r = await admin.post(`${users()}/${id('leaver')}/disable`);
		assert.equal(r.status, 200, r.text);
		assert.deepEqual([r.json.username, r.json.role, r.json.disabled], ['leaver', 'executive', true]);
		assertError(assert, await sess.get(`${API}/companies/1/parties`), 401, 'unauthenticated');
		const t = await tok.get(`${API}/companies/1/parties`);
		assertError(assert, t, 401, 'unauthenticated');
		assert.equal(t.json.error.reason, 'user_disabled');
		assert.equal(s.sql(`SELECT count(*) FROM sessions WHERE user_id = ${id('leaver')}`), '0');
		// the right password is told why; a wrong one reads as any wrong password
		const right = await s.loginRaw('leaver', PASSWORD);
		assertError(assert, right, 401, 'unauthenticated');
		assert.equal(right.json.error.reason, 'user_disabled');
		assert.equal(right.setCookie.length, 0);
		const wrong = await s.loginRaw('leaver', 'not-the-password-1');
		assert.deepEqual(wrong.json, (await s.loginRaw('nobody-at-all', 'not-the-password-1')).json);
		// listed as disabled, in every company they are in
		assert.equal((await admin.get(users(2))).json.items.find((u) => u.username === 'leaver').disabled, true);
		// audited in the system chain and in each of their companies' chains, before and after
		for (const cid of [0, 1, 2]) {
			const recs = audit(cid, 'user', id('leaver'), 'disable');
			assert.equal(recs.length, 1, `chain ${cid}`);
			const [b, a] = recs[0].split('|').map((x) => JSON.parse(x));
			assert.deepEqual([b.username, b.disabled, a.disabled], ['leaver', false, true]);
		}
		// disabling again changes and records nothing
		assert.equal((await admin.post(`${users()}/${id('leaver')}/disable`)).status, 200);
		assert.equal(audit(0, 'user', id('leaver'), 'disable').length, 1);
		// enable: the token works again, the password logs in (the ended session stays ended)
		const e = await admin.post(`${users()}/${id('leaver')}/enable`);
		assert.equal(e.status, 200, e.text);
		assert.equal(e.json.disabled, false);
		assert.equal((await tok.get(`${API}/companies/1/parties`)).status, 200);
		assertError(assert, await sess.get(`${API}/session`), 401, 'unauthenticated');
		assert.equal((await s.loginRaw('leaver', PASSWORD)).status, 200);
		assert.equal(audit(1, 'user', id('leaver'), 'enable').length, 1);
	});

	test('an admin may not disable themselves; only someone who is an admin wherever the user works may disable them', async () => {
		const r = await admin.post(`${users()}/${id('admin')}/disable`);
		assertError(assert, r, 422, 'unprocessable');
		assert.equal(r.json.error.reason, 'self_disable');
		// "both" is also an admin of Third Co, where admin is not
		const o = await admin.post(`${users()}/${id('both')}/disable`);
		assertError(assert, o, 403, 'forbidden');
		assert.equal(o.json.error.reason, 'other_company');
		assert.equal(o.json.error.company, 'Third Co');
		assert.equal(s.sql(`SELECT disabled FROM users WHERE username = 'both'`), '0');
		// someone who is not in this company cannot be reached from it
		const n = await admin.post(`${users()}/${id('elsewhere')}/disable`);
		assertError(assert, n, 404, 'not_found');
		assert.equal(n.json.error.reason, 'unknown_user');
		assertError(assert, await admin.post(`${users()}/999999/disable`), 404, 'not_found');
		assert.equal(audit(0, 'user', id('both'), 'disable').length + audit(0, 'user', id('admin'), 'disable').length, 0);
	});

	test('two admins disabling each other at once: one wins, the company keeps an enabled admin', async () => {
		const a = await s.login('adm2');
		const rs = await Promise.all([admin.post(`${users()}/${id('adm2')}/disable`), a.post(`${users()}/${id('admin')}/disable`)]);
		// admin is company 2's only admin, where adm2 is not: adm2's try is refused (or, if admin's
		// came first, adm2 is already out: 401); admin's goes through
		assert.equal(rs[0].status, 200, rs[0].text);
		assert.ok([401, 403].includes(rs[1].status), rs[1].text);
		assert.equal(s.sql("SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = 1 AND m.role = 'admin' AND u.disabled = 0") >= '1', true);
		assert.equal((await admin.post(`${users()}/${id('adm2')}/enable`)).status, 200);
		// now make adm2 an admin of company 2 too, and race again: whichever commits first, the
		// second sees it and is refused (the last admin), or was itself disabled first
		assert.equal(s.cli(['user', 'role', '--data', s.dir, '--user', 'adm2', '--role', 'admin', '--company', '2']).code, 0);
		const b = await s.login('adm2');
		const rs2 = await Promise.all([admin.post(`${users()}/${id('adm2')}/disable`), b.post(`${users()}/${id('admin')}/disable`)]);
		assert.equal(rs2.filter((r) => r.status === 200).length, 1, rs2.map((r) => r.text).join('\n'));
		const lost = rs2.find((r) => r.status !== 200);
		assert.ok(lost.status === 401 || (lost.status === 422 && lost.json.error.reason === 'last_admin'), lost.text);
		assert.equal(s.sql("SELECT count(*) FROM users WHERE username IN ('admin', 'adm2') AND disabled = 0"), '1');
		// whoever is left enables the other
		const left = s.sql("SELECT username FROM users WHERE username IN ('admin', 'adm2') AND disabled = 0");
		const c = left === 'admin' ? admin : await s.login('adm2');
		assert.equal((await c.post(`${users()}/${id(left === 'admin' ? 'adm2' : 'admin')}/enable`)).status, 200);
		if (left !== 'admin') admin = await s.login('admin');
		assert.equal(s.cli(['user', 'role', '--data', s.dir, '--user', 'adm2', '--role', 'executive', '--company', '2']).code, 0);
	});

	test('remove from a company: the membership goes, the company is out of reach, other companies stay', async () => {
		const c = s.as('leaver');
		assert.equal((await c.get(`${API}/companies/1/parties`)).status, 200);
		const r = await admin.del(`${users()}/${id('leaver')}`);
		assert.equal(r.status, 204, r.text);
		assertError(assert, await c.get(`${API}/companies/1/parties`), 403, 'forbidden');
		assertError(assert, await c.post(`${API}/companies/1/parties`, { name: 'After leaving' }), 403, 'forbidden');
		assert.deepEqual((await c.get(`${API}/companies`)).json.items.map((x) => x.id), [2]);
		assert.equal((await c.get(`${API}/companies/2/parties`)).status, 200);
		assert.ok(!(await admin.get(users())).json.items.some((u) => u.username === 'leaver'));
		// audited in the company's chain with the membership as it was
		const recs = audit(1, 'membership', id('leaver'), 'remove');
		assert.equal(recs.length, 1);
		assert.deepEqual(JSON.parse(recs[0].split('|')[0]), { user_id: id('leaver'), role: 'executive' });
		assert.equal(recs[0].split('|')[1], '');
		const again = await admin.del(`${users()}/${id('leaver')}`);
		assertError(assert, again, 404, 'not_found');
		assert.equal(again.json.error.reason, 'unknown_user');
	});

	test('the last admin of a company cannot be removed from it', async () => {
		const r = await admin.del(`${users(2)}/${id('admin')}`);
		assertError(assert, r, 422, 'unprocessable');
		assert.equal(r.json.error.reason, 'last_admin');
		assert.equal(r.json.error.company, 'Second Co');
		assert.equal(s.sql(`SELECT count(*) FROM memberships WHERE company_id = 2 AND user_id = ${id('admin')}`), '1');
		assert.equal(audit(2, 'membership', id('admin'), 'remove').length, 0);
	});

	test('API tokens: listed with created, last used and expiry; the last use is written at most once a minute', async () => {
		const tok = s.token('aud');
		const tid = tokenId('aud');
		let r = await admin.get(tokens());
		assert.equal(r.status, 200, r.text);
		const t0 = r.json.items.find((t) => t.id === tid);
		assert.deepEqual(Object.keys(t0), ['id', 'user_id', 'username', 'name', 'created_at', 'last_used_at', 'expires_at', 'revoked_at', 'status']);
		assert.deepEqual([t0.username, t0.name, t0.last_used_at, t0.expires_at, t0.status], ['aud', 'cli', null, null, 'active']);
		// newest first, and only of this company's people
		assert.deepEqual(r.json.items.map((t) => t.id), [...r.json.items.map((t) => t.id)].sort((a, b) => b - a));
		assert.ok(!r.json.items.some((t) => t.username === 'elsewhere'));
		// a use is recorded after the answer
		const c = s.tokenClient(tok);
		assert.equal((await c.get(`${API}/companies/1/parties`)).status, 200);
		let used = '';
		for (let i = 0; i < 100 && !used; i++) {
			used = s.sql(`SELECT coalesce(last_used, 0) FROM api_tokens WHERE id = ${tid}`);
			if (used === '0') { used = ''; await sleep(20); }
		}
		assert.ok(Number(used) > 0, 'last_used is written');
		// not again within the minute
		move(30);
		assert.equal((await c.get(`${API}/companies/1/parties`)).status, 200);
		await sleep(100);
		assert.equal(s.sql(`SELECT last_used FROM api_tokens WHERE id = ${tid}`), used);
		move(31);
		assert.equal((await c.get(`${API}/companies/1/parties`)).status, 200);
		let later = used;
		for (let i = 0; i < 100 && later === used; i++) {
			await sleep(20);
			later = s.sql(`SELECT last_used FROM api_tokens WHERE id = ${tid}`);
		}
		assert.ok(Number(later) >= Number(used) + 61, `${later} after ${used}`);
		r = await admin.get(`${tokens()}?user_id=${id('aud')}`);
		assert.ok(r.json.items.length >= 1 && r.json.items.every((t) => t.username === 'aud'), r.text);
		assert.match(r.json.items[0].last_used_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
		// paging
		const p1 = await admin.get(`${tokens()}?limit=1`);
		assert.equal(p1.json.items.length, 1);
		assert.ok(p1.json.next);
		const p2 = await admin.get(`${tokens()}?limit=1&after=${p1.json.next}`);
		assert.ok(p2.json.items[0].id < p1.json.items[0].id);
	});

	test('a token made with an expiry stops working when it expires', async () => {
		const made = cli('token', 'create', '--user', 'aud', '--name', 'for a week', '--expires-days', '7');
		assert.equal(made.code, 0, made.stderr);
		const c = s.tokenClient(made.stdout.trim());
		assert.equal((await c.get(`${API}/companies/1/parties`)).status, 200);
		const t = (await admin.get(tokens())).json.items.find((x) => x.name === 'for a week');
		const exp = Date.parse(t.expires_at) / 1000;
		const created = Date.parse(t.created_at) / 1000;
		assert.ok(Math.abs(exp - created - 7 * 86400) <= 2, `${t.created_at} .. ${t.expires_at}`);
		move(7 * 86400 + 5);
		const r = await c.get(`${API}/companies/1/parties`);
		assertError(assert, r, 401, 'unauthenticated');
		assert.equal(r.json.error.reason, 'token_expired');
		assert.equal((await s.as('admin').get(tokens())).json.items.find((x) => x.name === 'for a week').status, 'expired');
		assert.notEqual(cli('token', 'create', '--user', 'aud', '--expires-days', '0').code, 0);
		admin = await s.login('admin');
	});

	test('revoke: the token stops at once, audited; revoking again changes nothing; another company\'s token is not found', async () => {
		const tok = s.token('aud');
		const tid = tokenId('aud');
		const c = s.tokenClient(tok);
		assert.equal((await c.get(`${API}/companies/1/parties`)).status, 200);
		const r = await admin.del(`${tokens()}/${tid}`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'revoked');
		assert.match(r.json.revoked_at, /Z$/);
		const t = await c.get(`${API}/companies/1/parties`);
		assertError(assert, t, 401, 'unauthenticated');
		assert.equal(t.json.error.reason, 'token_revoked');
		for (const cid of [0, 1]) {
			const recs = audit(cid, 'api_token', tid, 'revoke');
			assert.equal(recs.length, 1, `chain ${cid}`);
			const [b, a] = recs[0].split('|').map((x) => JSON.parse(x));
			assert.deepEqual([b.status, a.status, a.name, a.username], ['active', 'revoked', 'cli', 'aud']);
		}
		assert.equal((await admin.del(`${tokens()}/${tid}`)).status, 200);
		assert.equal(audit(0, 'api_token', tid, 'revoke').length, 1);
		// the token of someone only in Third Co cannot be reached from company 1
		s.token('elsewhere');
		const other = await admin.del(`${tokens()}/${tokenId('elsewhere')}`);
		assertError(assert, other, 404, 'not_found');
		assert.equal(other.json.error.reason, 'unknown_token');
		assert.equal(s.sql(`SELECT revoked FROM api_tokens WHERE id = ${tokenId('elsewhere')}`), '0');
	});

	test('the CLI: token list and revoke, user disable, enable and remove', async () => {
		s.token('both');
		const list = cli('token', 'list', '--user', 'both');
		assert.equal(list.code, 0, list.stderr);
		const lines = list.stdout.trim().split('\n');
		assert.match(lines[0], /^ID\s+USER\s+NAME\s+CREATED\s+LAST USED\s+EXPIRES\s+STATUS$/);
		assert.equal(lines.length, 2, list.stdout);
		assert.match(lines[1], /^\d+\s+both\s+cli\s+\S+Z\s+-\s+-\s+active$/);
		const rv = cli('token', 'revoke', String(tokenId('both')));
		assert.equal(rv.code, 0, rv.stderr);
		assert.match(cli('token', 'list', '--user', 'both').stdout, /revoked/);
		assert.equal(cli('token', 'revoke', 'abc').code, 2);
		assert.equal(cli('token', 'revoke', '999999').code, 4);

		const sess = await s.login('both');
		const d = cli('user', 'disable', 'both');
		assert.equal(d.code, 0, d.stderr);
		assertError(assert, await sess.get(`${API}/session`), 401, 'unauthenticated');
		assert.match(cli('user', 'list').stdout, /both .*\(disabled\)/);
		assert.equal(audit(3, 'user', id('both'), 'disable').length, 1, 'in Third Co\'s chain too');
		assert.equal(cli('user', 'enable', 'both').code, 0);
		assert.equal((await s.loginRaw('both', PASSWORD)).status, 200);
		// the CLI may not leave a company without an enabled admin either
		const last = cli('user', 'disable', 'admin');
		assert.equal(last.code, 6, last.stderr);
		assert.match(last.stderr, /last admin of Second Co/);
		assert.equal(cli('user', 'remove', 'both', '--company', '3').code, 0);
		assert.equal(cli('user', 'remove', 'elsewhere', '--company', '3').code, 6);
		assert.equal(cli('user', 'remove', 'aud', '--company', '1').code, 0);
		assert.equal(s.sql(`SELECT count(*) FROM memberships WHERE user_id = ${id('aud')}`), '0');
		assert.equal(cli('user', 'remove', 'aud', '--company', '1').code, 4);
		assert.equal(cli('user', 'remove', 'aud').code, 2);
		assert.equal(cli('user', 'disable', 'nosuchuser').code, 4);
	});
});
