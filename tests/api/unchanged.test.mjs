// An alteration that changes nothing is no alteration: PATCH of a voucher, a party or an item (and
// PUT of the books, the inventory settings or the GST profile) with the values as they stand
// answers 200 with the record as it stands and "unchanged": true, and writes nothing: no new
// version, no edit-log row, no audit record, the ETag as it was. A real change after it moves the
// version on as always. (A bank statement line matched again to its entry: bank.test.mjs.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, makeGstin, makePan, startServer } from './lib.mjs';

const co = (p, cid = 1) => `${API}/companies/${cid}${p}`;

describe('alterations that change nothing', () => {
	let s, admin;
	const id = {};
	const audits = () => Number(s.sql('SELECT count(*) FROM audit_log'));
	const ifMatch = (v) => ({ 'If-Match': `"${v}"` });

	before(async () => {
		s = await startServer();
		admin = s.as('admin');
		s.sql(`UPDATE companies SET state_code = '27', gstin = '${makeGstin('27', makePan(901))}' WHERE id = 1`);
		const ledgers = (await admin.get(co('/ledgers'))).json.items;
		id.cash = ledgers.find((l) => l.kind === 'cash').id;
		id.capital = ledgers.find((l) => l.kind === 'capital').id;
		const p = await admin.post(co('/parties'), { kind: 'customer', name: 'Same Again Traders', gstin: makeGstin('27', makePan(902)),
			billing_address: 'Shop 4, Station Road\nPune 411001', credit_limit: '50000.00', payment_terms_days: 30 });
		assert.equal(p.status, 201, p.text);
		id.party = p.json;
		const u = (await admin.get(co('/units'))).json.items;
		const main = (await admin.get(co('/godowns'))).json.items[0].id;
		const it = await admin.post(co('/items'), { sku: 'SAME-1', name: 'Copper wire', name_hi: 'ताँबे का तार', unit_id: u.find((x) => x.symbol === 'pcs').id,
			hsn: '7408', gst_rate: '18', opening: [{ godown_id: main, qty: '50', rate: '40' }] });
		assert.equal(it.status, 201, it.text);
		id.item = it.json;
	});
	after(async () => { await s?.stop(); });

	test('a voucher sent back as it is: 200, unchanged, no version, no edit-log row, no audit record', async () => {
		for (const body of [
			{ type: 'journal', date: '2026-05-04', narration: 'Capital brought in', reference: 'JV-7',
				lines: [{ ledger_id: id.cash, debit: '2500.00' }, { ledger_id: id.capital, credit: '2500.00' }] },
			{ type: 'sales', date: '2026-05-05', party_id: id.party.id, reference: 'PO 88',
				items: [{ item_id: id.item.id, qty: '3', rate: '99.50', discount: '1.00', gst_rate: '18' }, { description: 'Labour', qty: '1', rate: '150', gst_rate: '18' }] },
		]) {
			const made = await admin.post(co('/vouchers'), body);
			assert.equal(made.status, 201, made.text);
			const v = made.json;
			const url = co(`/vouchers/${v.id}`);
			const a0 = audits();
			const versions0 = s.sql(`SELECT count(*) FROM voucher_versions WHERE voucher_id = ${v.id}`);
			const moves0 = s.sql(`SELECT count(*) || ':' || coalesce(max(id), 0) FROM stock_moves WHERE voucher_id = ${v.id}`);
			// the answer itself sent back (it carries what the server computed) and the body first sent
			for (const again of [v, body]) {
				const r = await admin.patch(url, again, ifMatch(v.version));
				assert.equal(r.status, 200, r.text);
				assert.equal(r.json.unchanged, true, r.text);
				assert.equal(r.json.version, v.version);
				assert.equal(r.json.updated_at, v.updated_at);
				assert.equal(r.headers.get('etag'), `"${v.version}"`);
				const { unchanged, ...rest } = r.json;
				assert.deepEqual(rest, v);
			}
			assert.equal(audits(), a0, 'no audit record');
			assert.equal(s.sql(`SELECT count(*) FROM voucher_versions WHERE voucher_id = ${v.id}`), versions0, 'no edit-log row');
			assert.equal(s.sql(`SELECT count(*) || ':' || coalesce(max(id), 0) FROM stock_moves WHERE voucher_id = ${v.id}`), moves0, 'stock untouched');
			const log = await admin.get(co(`/vouchers/${v.id}/versions`));
			assert.equal(log.json.items ? log.json.items.length : log.json.length, 1, log.text);
			// a real change still makes the next version, with its audit record
			const changed = await admin.patch(url, { ...body, narration: 'Changed on purpose' }, ifMatch(v.version));
			assert.equal(changed.status, 200, changed.text);
			assert.equal(changed.json.unchanged, undefined);
			assert.equal(changed.json.version, v.version + 1);
			assert.equal(audits(), a0 + 1);
			// an old version is still stale, changed or not
			const stale = await admin.patch(url, body, ifMatch(v.version));
			assert.equal(stale.status, 409, stale.text);
		}
	});

	test('a party PATCHed with its own values: 200, unchanged, no version and no audit record', async () => {
		const p = id.party;
		const url = co(`/parties/${p.id}`);
		const a0 = audits();
		for (const body of [
			{ name: p.name }, { billing_address: p.billing_address, credit_limit: '50000', payment_terms_days: 30 },
			{ gstin: p.gstin, pan: p.pan, state_code: p.state_code, kind: 'customer', archived: false }, {},
		]) {
			const r = await admin.patch(url, body, ifMatch(p.version));
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.unchanged, true, `${JSON.stringify(body)}: ${r.text}`);
			assert.equal(r.json.version, p.version);
			assert.equal(r.json.updated_at, p.updated_at);
			assert.equal(r.headers.get('etag'), `"${p.version}"`);
		}
		assert.equal(audits(), a0);
		assert.equal(s.sql(`SELECT version FROM parties WHERE id = ${p.id}`), String(p.version));
		const r = await admin.patch(url, { phone: '9876501234' }, ifMatch(p.version));
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.unchanged, undefined);
		assert.equal(r.json.version, p.version + 1);
		assert.ok(audits() > a0);
	});

	test('an item PATCHed with its own values: 200, unchanged, no version and no audit record', async () => {
		const it = id.item;
		const url = co(`/items/${it.id}`);
		const a0 = audits();
		for (const body of [{ name: it.name, name_hi: it.name_hi }, { hsn: '7408', gst_rate: '18.00', archived: false }, { reorder_level: it.reorder_level, group_id: it.group_id }]) {
			const r = await admin.patch(url, body, ifMatch(it.version));
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.unchanged, true, r.text);
			assert.equal(r.json.version, it.version);
		}
		assert.equal(audits(), a0);
		const r = await admin.patch(url, { name_hi: 'ताँबा तार' }, ifMatch(it.version));
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.unchanged, undefined);
		assert.equal(r.json.version, it.version + 1);
		assert.equal(r.json.name_hi, 'ताँबा तार');
		assert.equal(audits(), a0 + 1);
	});

	test('the books and the inventory settings PUT as they stand: 200, unchanged, no audit record', async () => {
		let r = await admin.put(co('/books'), { lock_date: '2026-04-30' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.unchanged, undefined);
		const a0 = audits();
		for (const body of [{ lock_date: '2026-04-30' }, { lock_date: '2026-04-30', timezone: r.json.timezone }, { timezone: r.json.timezone }]) {
			const again = await admin.put(co('/books'), body);
			assert.equal(again.status, 200, again.text);
			assert.equal(again.json.unchanged, true, again.text);
			assert.equal(again.json.version, r.json.version);
		}
		assert.equal(audits(), a0);
		r = await admin.put(co('/books'), { lock_date: null });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.unchanged, undefined);
		assert.equal(audits(), a0 + 1);

		const set = (await admin.get(co('/inventory-settings'))).json;
		const a1 = audits();
		r = await admin.put(co('/inventory-settings'), set);
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json, { ...set, unchanged: true });
		assert.equal(audits(), a1);
		r = await admin.put(co('/inventory-settings'), { negative_stock: set.negative_stock === 'warn' ? 'refuse' : 'warn' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.unchanged, undefined);
		assert.equal(audits(), a1 + 1);
	});

	test('the company\'s settings PUT as they stand (sent back as read): 200, unchanged, the same version, no audit record', async () => {
		const got = await admin.get(co('/settings'));
		assert.equal(got.status, 200, got.text);
		const set = got.json;
		const a0 = audits();
		const r = await admin.put(co('/settings'), set, ifMatch(set.version));
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.unchanged, true, r.text);
		assert.equal(r.json.version, set.version);
		assert.equal(audits(), a0);
		const changed = await admin.put(co('/settings'), { name: set.name + ' & Sons' }, ifMatch(set.version));
		assert.equal(changed.status, 200, changed.text);
		assert.equal(changed.json.unchanged, undefined);
		assert.equal(changed.json.version, set.version + 1);
		assert.ok(audits() > a0);
	});

	test('the GST profile PUT as it stands (its units in another order): 200, unchanged, no audit record', async () => {
		const profile = { address1: '14, Kalbadevi Road', location: 'Mumbai', pincode: '400002', phone: '02222012345',
			units: [{ unit: 'ream', uqc: 'PAC' }, { unit: 'box', uqc: 'BOX' }] };
		let r = await admin.put(co('/gst-profile'), profile);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.unchanged, undefined);
		const a0 = audits();
		const again = await admin.put(co('/gst-profile'), { ...profile, units: [...profile.units].reverse() });
		assert.equal(again.status, 200, again.text);
		assert.deepEqual(again.json, { ...r.json, unchanged: true });
		assert.equal(audits(), a0);
		r = await admin.put(co('/gst-profile'), { ...profile, units: [{ unit: 'ream', uqc: 'PAC' }] });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.unchanged, undefined);
		assert.deepEqual(r.json.units, [{ unit: 'ream', uqc: 'PAC' }]);
		assert.equal(audits(), a0 + 1);
	});

	test('the language set to the one already chosen writes no audit record', async () => {
		const me = await admin.patch(`${API}/me`, { lang: 'hi' });
		assert.equal(me.status, 200, me.text);
		const a0 = Number(s.sql('SELECT count(*) FROM audit_log'));
		const again = await admin.patch(`${API}/me`, { lang: 'hi' });
		assert.equal(again.status, 200, again.text);
		assert.equal(Number(s.sql('SELECT count(*) FROM audit_log')), a0);
		await admin.patch(`${API}/me`, { lang: 'en' });
	});
});
