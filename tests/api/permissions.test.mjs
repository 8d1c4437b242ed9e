// Permission matrix: every role against every endpoint, as cookie sessions (the browser path)
// and, for the company endpoints, as Bearer tokens. The expected table is written out here on
// its own; it must agree with the one table in src/auth/auth.c.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, Client, assertError, parties, startServer } from './lib.mjs';

const ROLES = ['admin', 'coordinator', 'executive', 'assistant', 'analyst', 'auditor'];

// 1 = allowed, 0 = 403. Session endpoints, /companies and /me are open to every logged-in user.
const EXPECT = {
	//             list get create update archive audit
	admin:       { list: 1, get: 1, create: 1, update: 1, archive: 1, audit: 1 },
	coordinator: { list: 1, get: 1, create: 1, update: 1, archive: 1, audit: 0 },
	executive:   { list: 1, get: 1, create: 1, update: 1, archive: 1, audit: 0 },
	assistant:   { list: 1, get: 1, create: 1, update: 1, archive: 0, audit: 0 },
	analyst:     { list: 1, get: 1, create: 0, update: 0, archive: 0, audit: 0 },
	auditor:     { list: 1, get: 1, create: 0, update: 0, archive: 0, audit: 1 },
};

const userOf = (role) => (role === 'admin' ? 'admin' : `u_${role}`);

describe('permission matrix', () => {
	let s;
	let admin; // Bearer client of admin, for setup and checks
	const target = {}; // per role (and per channel): a party to update and one to archive

	before(async () => {
		s = await startServer({ users: ROLES.filter((r) => r !== 'admin').map((r) => ({ name: userOf(r), role: r })) });
		admin = s.as('admin');
		for (const role of ROLES) {
			for (const via of ['cookie', 'token']) {
				const u = await admin.post(parties(), { name: `Upd ${role} ${via}` });
				const d = await admin.post(parties(), { name: `Del ${role} ${via}` });
				assert.equal(u.status, 201);
				assert.equal(d.status, 201);
				target[`${role}/${via}`] = { upd: u.json.id, del: d.json.id };
			}
		}
	});
	after(() => s && s.stop());

	// Runs the company endpoints for one role through client c; returns nothing, asserts all.
	async function companyEndpoints(role, via, c) {
		const exp = EXPECT[role];
		const t = target[`${role}/${via}`];
		const check = (r, allowed, okStatus, what) => {
			if (allowed) assert.equal(r.status, okStatus, `${role} via ${via}: ${what} should be allowed: ${r.status} ${r.text}`);
			else {
				assert.equal(r.status, 403, `${role} via ${via}: ${what} should be forbidden: ${r.status} ${r.text}`);
				assertError(assert, r, 403, 'forbidden');
			}
		};

		check(await c.get(parties()), exp.list, 200, 'GET parties');
		check(await c.get(`${parties()}/${t.upd}`), exp.get, 200, 'GET party');

		const name = `New ${role} ${via}`;
		const created = await c.post(parties(), { name });
		check(created, exp.create, 201, 'POST party');
		const found = await admin.get(`${parties()}?q=${encodeURIComponent(name)}`);
		assert.equal(found.json.items.length, exp.create ? 1 : 0, `${role}: POST effect`);

		const upd = await c.patch(`${parties()}/${t.upd}`, { credit_limit: '500.00' }, { 'If-Match': '"1"' });
		check(upd, exp.update, 200, 'PATCH party');
		const u = (await admin.get(`${parties()}/${t.upd}`)).json;
		assert.equal(`${u.version}:${u.credit_limit}`, exp.update ? '2:500.00' : '1:0.00', `${role}: PATCH effect`);

		const del = await c.del(`${parties()}/${t.del}`, null, { 'If-Match': '"1"' });
		check(del, exp.archive, 200, 'DELETE party');
		assert.equal((await admin.get(`${parties()}/${t.del}`)).json.archived, !!exp.archive, `${role}: DELETE effect`);
		if (exp.archive) assert.equal(del.json.archived, true);

		const audit = await c.get(`${API}/companies/1/audit`);
		check(audit, exp.audit, 200, 'GET audit');
		if (exp.audit) assert.ok(Array.isArray(audit.json.items) && audit.json.items.length > 0);
	}

	for (const role of ROLES) {
		test(`${role} (cookie session)`, async () => {
			const c = await s.login(userOf(role));
			await companyEndpoints(role, 'cookie', c);

			const companies = await c.get(`${API}/companies`);
			assert.equal(companies.status, 200);
			assert.deepEqual(companies.json.items.map((x) => [x.id, x.role]), [[1, role]]);

			const sess = await c.get(`${API}/session`);
			assert.equal(sess.status, 200);
			assert.equal(sess.json.user.username, userOf(role));
			assert.equal(sess.json.csrf_token, c.csrf);
			assert.deepEqual(sess.json.companies.map((x) => [x.id, x.role]), [[1, role]]);

			const me = await c.patch(`${API}/me`, { lang: 'hi' });
			assert.equal(me.status, 200, me.text);
			assert.equal(me.json.user.lang, 'hi');
			assert.equal(s.sql(`SELECT lang FROM users WHERE username = '${userOf(role)}'`), 'hi');

			const out = await c.del(`${API}/session`);
			assert.equal(out.status, 204, out.text);
			assertError(assert, await c.get(`${API}/session`), 401, 'unauthenticated');
		});

		test(`${role} (Bearer token)`, async () => {
			const c = s.as(userOf(role));
			await companyEndpoints(role, 'token', c);
			const companies = await c.get(`${API}/companies`);
			assert.equal(companies.status, 200);
			assert.deepEqual(companies.json.items.map((x) => [x.id, x.role]), [[1, role]]);
			const sess = await c.get(`${API}/session`);
			assert.equal(sess.status, 200);
			assert.equal(sess.json.user.username, userOf(role));
			const me = await c.patch(`${API}/me`, { lang: 'en' });
			assert.equal(me.status, 200, me.text);
			assert.equal(s.sql(`SELECT lang FROM users WHERE username = '${userOf(role)}'`), 'en');
		});
	}

	test('the database agrees: rows and audit records only from allowed writes', () => {
		const roles = (k) => ROLES.filter((r) => EXPECT[r][k]).length * 2; // cookie and token
		assert.equal(Number(s.sql("SELECT count(*) FROM parties WHERE name LIKE 'New %'")), roles('create'));
		assert.equal(Number(s.sql("SELECT count(*) FROM parties WHERE name LIKE 'Upd %' AND version = 2 AND credit_limit = 50000")), roles('update'));
		assert.equal(Number(s.sql("SELECT count(*) FROM parties WHERE name LIKE 'Upd %' AND version = 1 AND credit_limit = 0")), 12 - roles('update'));
		assert.equal(Number(s.sql("SELECT count(*) FROM parties WHERE name LIKE 'Del %' AND archived = 1")), roles('archive'));
		const audited = (action) => Number(s.sql(`SELECT count(*) FROM audit_log WHERE company_id = 1 AND entity = 'party' AND action = '${action}'`));
		assert.equal(audited('create'), 24 + roles('create'));
		assert.equal(audited('update'), roles('update'));
		assert.equal(audited('archive'), roles('archive'));
	});

	test('no credentials, or bad ones: 401 on every endpoint but login', async () => {
		const id = target['admin/cookie'].upd;
		const endpoints = [
			['GET', `${API}/session`], ['DELETE', `${API}/session`], ['PATCH', `${API}/me`, { lang: 'hi' }],
			['GET', `${API}/companies`], ['GET', `${API}/companies/1/audit`],
			['GET', parties()], ['POST', parties(), { name: 'Anon' }], ['GET', `${parties()}/${id}`],
			['PATCH', `${parties()}/${id}`, { name: 'Anon' }], ['DELETE', `${parties()}/${id}`],
		];
		const clients = {
			none: s.anon(),
			'bad cookie': new Client(s.url, { Cookie: 'daftar_session=0123456789abcdef0123456789abcdef', 'X-CSRF-Token': 'x' }),
			'junk cookie': new Client(s.url, { Cookie: 'daftar_session=../../etc/passwd' }),
			'bad token': s.tokenClient(`dft_${'0'.repeat(64)}`),
			'malformed token': s.tokenClient('not-a-token'),
		};
		const partiesBefore = s.sql('SELECT count(*) FROM parties');
		const auditBefore = s.sql('SELECT count(*) FROM audit_log');
		for (const [label, c] of Object.entries(clients)) {
			for (const [m, p, body] of endpoints) {
				const r = await c.request(m, p, body, { 'If-Match': '"9"' });
				assert.equal(r.status, 401, `${label}: ${m} ${p}: ${r.status} ${r.text}`);
				assertError(assert, r, 401, 'unauthenticated');
			}
		}
		assert.equal(s.sql('SELECT count(*) FROM parties'), partiesBefore);
		assert.equal(s.sql('SELECT count(*) FROM audit_log'), auditBefore);
	});

	test('a revoked token or a disabled user is refused', async () => {
		const tok = s.token('u_executive');
		const c = s.tokenClient(tok);
		assert.equal((await c.get(parties())).status, 200);
		s.sql("UPDATE api_tokens SET revoked = 1 WHERE name = 'cli' AND user_id = (SELECT id FROM users WHERE username = 'u_executive')");
		assertError(assert, await c.get(parties()), 401, 'unauthenticated');
		const c2 = s.as('u_analyst');
		assert.equal((await c2.get(parties())).status, 200);
		s.sql("UPDATE users SET disabled = 1 WHERE username = 'u_analyst'");
		assertError(assert, await c2.get(parties()), 401, 'unauthenticated');
		s.sql("UPDATE users SET disabled = 0 WHERE username = 'u_analyst'");
	});
});
