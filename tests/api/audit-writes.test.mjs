// Every successful write appends its audit record, in the same transaction, in the chain of the
// company it changed (company 0 is the system chain: logins, user settings); a refused or failed
// write appends nothing anywhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, PASSWORD, assertError, parties, startServer } from './lib.mjs';

describe('audit records of writes', () => {
	let s, c, analyst;
	// the highest seq of each chain: {0: n, 1: n, 2: n}
	const heads = () => Object.fromEntries(s.sql('SELECT company_id, seq FROM audit_head ORDER BY company_id')
		.split('\n').map((l) => l.split('|').map(Number)));
	const records = (cid, afterSeq) => since({ [cid]: afterSeq }).records[cid] || [];
	// In one query: every chain's head now, and the records each chain got after the heads in h0.
	const since = (h0) => {
		const newer = Object.entries(h0).map(([cid, seq]) => `(company_id = ${cid} AND seq > ${seq})`).join(' OR ');
		const out = { heads: {}, records: {} };
		const rows = s.sql(`SELECT 'h', company_id, seq, 0, '', 0, '' FROM audit_head UNION ALL `
			+ `SELECT 'r', company_id, seq, user_id, entity, entity_id, action FROM audit_log WHERE ${newer || '1 = 0'} ORDER BY 1, 2, 3`);
		for (const l of rows.split('\n').filter(Boolean)) {
			const [kind, cid, seq, user, entity, id, action] = l.split('|');
			if (kind === 'h') out.heads[cid] = Number(seq);
			else (out.records[cid] ??= []).push({ seq: Number(seq), user: Number(user), entity, id: Number(id), action });
		}
		return out;
	};
	const ids = {};
	const userId = (name) => (ids[name] ??= Number(s.sql(`SELECT id FROM users WHERE username = '${name}'`)));

	// Runs fn; asserts the chains moved as `expect` says: {cid: [[entity, action, id?], ...]} for the
	// records of the written entity, and no record in any other chain.
	async function expectAudit(expect, fn, actor = 'admin') {
		const h0 = heads();
		const result = await fn();
		const now = since(h0);
		const h1 = now.heads;
		for (const cid of Object.keys(h1)) {
			assert.ok(cid in h0, `no new chain ${cid}`);
			const got = now.records[cid] || [];
			assert.equal(h1[cid] - (h0[cid] ?? 0), got.length, `chain ${cid}: head moved as far as records were added`);
			const want = expect[cid] || [];
			if (!want.length) {
				assert.deepEqual(got, [], `chain ${cid}: no records`);
				continue;
			}
			// the records of the entity written: exactly these, in order
			const mine = got.filter((r) => want.some(([entity]) => entity === r.entity));
			assert.deepEqual(mine.map((r) => [r.entity, r.action, r.id]), want.map(([e, a, id]) => [e, a, id ?? result.id]), `chain ${cid}`);
			for (const r of got) assert.equal(r.user, userId(actor), `chain ${cid}: the actor is recorded`);
			// other records, if any, are what the same action did to other entities (such as the
			// party's ledger): never a second record of the same party
			assert.equal(got.filter((r) => r.entity === 'party' && r.id === (result.id ?? -1)).length, mine.filter((r) => r.entity === 'party').length);
		}
		return result;
	}

	before(async () => {
		s = await startServer({ companies: ['Second Audit Co'], users: [{ name: 'ana', role: 'analyst' }] });
		c = s.as('admin');
		analyst = s.as('ana');
	});
	after(() => s && s.stop());

	let party;
	test('POST: one "create" record in the company chain, with the party as after', async () => {
		const r = await expectAudit({ 1: [['party', 'create']] }, async () => {
			const x = await c.post(parties(), { name: 'Audited Party', gstin: null, credit_limit: '500.00' });
			assert.equal(x.status, 201, x.text);
			return x.json;
		});
		party = r;
		const row = s.sql(`SELECT before_json IS NULL, after_json FROM audit_log WHERE company_id = 1 AND entity = 'party' AND entity_id = ${r.id} AND action = 'create'`);
		const [beforeNull, afterJson] = [row.slice(0, row.indexOf('|')), row.slice(row.indexOf('|') + 1)];
		assert.ok(beforeNull === '1' || beforeNull === 't', 'no before for a create');
		assert.deepEqual(JSON.parse(afterJson), r);
	});

	test('PATCH: one "update" record with before and after', async () => {
		const r = await expectAudit({ 1: [['party', 'update', party.id]] }, async () => {
			const x = await c.patch(`${parties()}/${party.id}`, { credit_limit: '750.00' }, { 'If-Match': '"1"' });
			assert.equal(x.status, 200, x.text);
			return x.json;
		});
		const a = await c.get(`${API}/companies/1/audit?limit=5`);
		const rec = a.json.items.find((x) => x.entity === 'party' && x.entity_id === party.id && x.action === 'update');
		assert.ok(rec, a.text);
		assert.equal(rec.before.credit_limit, '500.00');
		assert.equal(rec.after.credit_limit, '750.00');
		assert.deepEqual(rec.after, r);
		assert.equal(rec.username, 'admin');
		// newest first
		const seqs = a.json.items.map((x) => x.seq);
		assert.deepEqual(seqs, [...seqs].sort((x, y) => y - x));
		party = r;
	});

	test('DELETE: one "archive" record', async () => {
		await expectAudit({ 1: [['party', 'archive', party.id]] }, async () => {
			const x = await c.del(`${parties()}/${party.id}`, null, { 'If-Match': `"${party.version}"` });
			assert.equal(x.status, 200, x.text);
			return x.json;
		});
	});

	test('a write in company 2 goes to company 2\'s chain only', async () => {
		await expectAudit({ 2: [['party', 'create']] }, async () => {
			const x = await c.post(parties(2), { name: 'Second Company Party' });
			assert.equal(x.status, 201, x.text);
			return x.json;
		});
	});

	test('PATCH /me: one record in the system chain', async () => {
		await expectAudit({ 0: [['user', 'set_lang', userId('admin')]] }, async () => {
			const x = await c.patch(`${API}/me`, { lang: 'hi' });
			assert.equal(x.status, 200, x.text);
			return {};
		});
	});

	test('login and logout: one record each in the system chain; a failed login none', async () => {
		const sess = await expectAudit({ 0: [['session', 'login', userId('ana')]] }, async () => s.login('ana'), 'ana');
		await expectAudit({ 0: [['session', 'logout', userId('ana')]] }, async () => {
			const x = await sess.del(`${API}/session`);
			assert.equal(x.status, 204);
			return {};
		}, 'ana');
		await expectAudit({}, async () => {
			const x = await s.loginRaw('ana', `${PASSWORD}-wrong`);
			assert.equal(x.status, 401);
			return {};
		});
	});

	test('refused and failed writes append nothing', async () => {
		const other = await c.post(parties(), { name: 'Existing', phone: '9822222222' });
		assert.equal(other.status, 201);
		const url = `${parties()}/${other.json.id}`;
		const tries = [
			['invalid body', () => c.post(parties(), { name: '' }), 400],
			['invalid GSTIN', () => c.post(parties(), { name: 'Bad', gstin: '27AAAAA0000A1Z0' }), 400],
			['duplicate', () => c.post(parties(), { name: 'Dup', phone: '9822222222' }), 409],
			['stale', () => c.patch(url, { name: 'Stale' }, { 'If-Match': '"9"' }), 409],
			['missing If-Match', () => c.patch(url, { name: 'No Version' }), 400],
			['not found', () => c.patch(`${parties()}/987654`, { name: 'Ghost' }, { 'If-Match': '"1"' }), 404],
			['forbidden create', () => analyst.post(parties(), { name: 'Analyst Write' }), 403],
			['forbidden update', () => analyst.patch(url, { name: 'Analyst Write' }, { 'If-Match': '"1"' }), 403],
			['forbidden archive', () => analyst.del(url, null, { 'If-Match': '"1"' }), 403],
			['not a member', () => analyst.post(parties(2), { name: 'Elsewhere' }), 403],
			['bad lang', () => c.patch(`${API}/me`, { lang: 'fr' }), 400],
			['unauthenticated', () => s.anon().post(parties(), { name: 'Anon' }), 401],
		];
		const h0 = heads();
		for (const [label, fn, status] of tries) {
			const r = await fn();
			assert.equal(r.status, status, `${label}: ${r.status} ${r.text}`);
		}
		assert.deepEqual(heads(), h0, 'no chain moved');
		// archiving twice: the first appends its record, the second (409) none
		const a = await c.del(url, null, { 'If-Match': '"1"' });
		assert.equal(a.status, 200, a.text);
		const h1 = heads();
		assert.equal(records(1, h0[1]).filter((x) => x.entity === 'party').length, 1);
		const again = await c.del(url, null, { 'If-Match': '"2"' });
		assert.equal(again.status, 409, again.text);
		assert.deepEqual(heads(), h1, 'the refused archive moved no chain');
	});

	test('idempotent replays and reads append nothing', async () => {
		const body = { name: 'Replayed' };
		const first = await c.post(parties(), body, { 'Idempotency-Key': 'audit-replay' });
		assert.equal(first.status, 201);
		const h0 = heads();
		const again = await c.post(parties(), body, { 'Idempotency-Key': 'audit-replay' });
		assert.equal(again.json.id, first.json.id);
		await c.get(parties());
		await c.get(`${parties()}/${first.json.id}`);
		await c.get(`${API}/companies/1/audit`);
		await c.get(`${API}/session`);
		assert.deepEqual(heads(), h0);
	});

	test('the audit list pages with ?limit=&after=: newest first, each record once, "next" null on the last page', async () => {
		for (let i = 0; i < 5; i++) assert.equal((await c.post(parties(), { name: `Paged ${i}` })).status, 201);
		const head = heads()[1];
		const seen = [];
		let pages = 0;
		for (let after = ''; ;) {
			const r = await c.get(`${API}/companies/1/audit?limit=3${after && `&after=${after}`}`);
			assert.equal(r.status, 200, r.text);
			assert.deepEqual(Object.keys(r.json), ['items', 'next']);
			pages++;
			seen.push(...r.json.items.map((x) => x.seq));
			if (r.json.next === null) break;
			assert.equal(r.json.items.length, 3);
			// the cursor is the seq of the page's last record; the next page starts below it
			assert.equal(r.json.next, String(r.json.items.at(-1).seq));
			after = r.json.next;
		}
		assert.deepEqual(seen, Array.from({ length: head }, (_, i) => head - i), 'every record once, newest first');
		assert.equal(pages, Math.ceil(head / 3), 'a full last page says so: no empty page after it');
		// the default page is 50 records; 500 is the most a page holds
		const d = await c.get(`${API}/companies/1/audit`);
		assert.equal(d.json.items.length, Math.min(50, head));
		assert.equal((await c.get(`${API}/companies/1/audit?limit=500`)).status, 200);
		for (const bad of ['limit=0', 'limit=501', 'limit=x', 'after=0', 'after=-1', 'after=x'])
			assertError(assert, await c.get(`${API}/companies/1/audit?${bad}`), 400, 'invalid', bad.split('=')[0]);
		// a cursor past the start is an empty last page
		const end = await c.get(`${API}/companies/1/audit?after=1`);
		assert.deepEqual(end.json, { items: [], next: null });
	});

	test('the chains still verify', () => {
		const r = s.cli(['audit', 'verify', '--data', s.dir]);
		assert.equal(r.code, 0, r.stderr);
	});
});
