// The tenant wall: a member of company 1 cannot read or write company 2's parties, even knowing
// their ids; a party id of one company under another company's path is 404.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, assertError, parties, startServer } from './lib.mjs';

describe('cross-company access', () => {
	let s, admin, alice, carol;
	let p1, p2; // a party of company 1 and one of company 2

	before(async () => {
		s = await startServer({
			companies: ['Beta Two Co'],
			users: [{ name: 'alice', role: 'executive' }, { name: 'carol', role: 'auditor' }],
		});
		assert.deepEqual(s.companyIds, [1, 2]);
		admin = s.as('admin');
		alice = await s.login('alice');
		carol = s.as('carol');
		p1 = (await admin.post(parties(1), { name: 'Company One Party' })).json;
		p2 = (await admin.post(parties(2), { name: 'Company Two Secret', phone: '9811111111' })).json;
		assert.ok(p1.id && p2.id);
	});
	after(() => s && s.stop());

	test('company 2 is invisible and untouchable for a company 1 member', async () => {
		const partiesBefore = s.sql('SELECT count(*) FROM parties');
		const auditBefore = s.sql('SELECT count(*) FROM audit_log');
		const tries = [
			['GET', parties(2)],
			['GET', `${parties(2)}?q=secret`],
			['GET', `${parties(2)}/${p2.id}`],
			['POST', parties(2), { name: 'Intruder' }],
			['PATCH', `${parties(2)}/${p2.id}`, { name: 'Hacked' }, { 'If-Match': '"1"' }],
			['DELETE', `${parties(2)}/${p2.id}`, null, { 'If-Match': '"1"' }],
			['GET', `${API}/companies/2/audit`],
			['GET', parties(999)],
			['POST', parties(999), { name: 'Nowhere' }],
		];
		for (const c of [alice, carol]) {
			for (const [m, p, body, h] of tries) {
				const r = await c.request(m, p, body, h);
				assertError(assert, r, 403, 'forbidden');
				assert.ok(!r.text.includes('Secret'), `no data leaks in ${m} ${p}: ${r.text}`);
			}
		}
		assert.equal(s.sql('SELECT count(*) FROM parties'), partiesBefore);
		assert.equal(s.sql('SELECT count(*) FROM audit_log'), auditBefore);
		assert.equal(s.sql(`SELECT name || ':' || version || ':' || archived FROM parties WHERE id = ${p2.id}`), 'Company Two Secret:1:0');
	});

	test("a company 2 party id under company 1's path is 404", async () => {
		for (const c of [alice, admin]) {
			assertError(assert, await c.get(`${parties(1)}/${p2.id}`), 404, 'not_found');
			assertError(assert, await c.patch(`${parties(1)}/${p2.id}`, { name: 'Hacked' }, { 'If-Match': '"1"' }), 404, 'not_found');
			assertError(assert, await c.del(`${parties(1)}/${p2.id}`, null, { 'If-Match': '"1"' }), 404, 'not_found');
		}
		// and the other way round, for the admin who belongs to both
		assertError(assert, await admin.get(`${parties(2)}/${p1.id}`), 404, 'not_found');
		assertError(assert, await admin.patch(`${parties(2)}/${p1.id}`, { name: 'X' }, { 'If-Match': '"1"' }), 404, 'not_found');
		assert.equal(s.sql(`SELECT name || ':' || version || ':' || archived FROM parties WHERE id = ${p2.id}`), 'Company Two Secret:1:0');
		assert.equal(s.sql(`SELECT name || ':' || version FROM parties WHERE id = ${p1.id}`), 'Company One Party:1');
	});

	test("lists, search, cursors and duplicate checks stay inside the company", async () => {
		const list = await alice.get(`${parties(1)}?limit=500`);
		assert.equal(list.status, 200);
		assert.ok(!list.json.items.some((x) => x.id === p2.id), 'company 2 party not in company 1 list');
		const q = await alice.get(`${parties(1)}?q=secret`);
		assert.deepEqual(q.json.items, []);
		const byPhone = await alice.get(`${parties(1)}?q=9811111111`);
		assert.deepEqual(byPhone.json.items, []);
		// a company 2 id is no cursor in company 1
		assertError(assert, await alice.get(`${parties(1)}?after=${p2.id}`), 400, 'invalid', 'after');
		// the same phone in another company is no duplicate
		const dup = await alice.post(parties(1), { name: 'Same Phone Elsewhere', phone: '9811111111' });
		assert.equal(dup.status, 201, dup.text);
		assert.ok(!dup.text.includes('Secret'));
		const companies = await alice.get(`${API}/companies`);
		assert.deepEqual(companies.json.items.map((x) => x.id), [1]);
	});

	test('audit records stay in their own company chain', async () => {
		// every record of each chain, page by page (?limit=&after=, "next")
		const all = async (cid) => {
			const items = [];
			for (let after = ''; ;) {
				const r = await admin.get(`${API}/companies/${cid}/audit?limit=500${after && `&after=${after}`}`);
				assert.equal(r.status, 200, r.text);
				items.push(...r.json.items);
				if (r.json.next === null) return items;
				after = r.json.next;
			}
		};
		const a1 = await all(1);
		const a2 = await all(2);
		assert.ok(a2.some((x) => x.entity === 'party' && x.entity_id === p2.id));
		assert.ok(!a1.some((x) => x.entity === 'party' && x.entity_id === p2.id));
		assert.ok(!JSON.stringify(a1).includes('Company Two Secret'));
		assertError(assert, await carol.get(`${API}/companies/2/audit`), 403, 'forbidden');
	});
});
