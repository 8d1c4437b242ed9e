// Vouchers over HTTP: GST worked out by hand (intra-state, inter-state, discounts, rounding ties,
// the 0.25% rate), eight clients posting at once getting unique gap-free numbers, every kind of
// bad voucher refused with nothing written (with the reason and figures a client acts on), and
// immutability: alteration as a new version with the same number, the edit log, cancellation
// keeping its number, and the period lock. Also the table of voucher types, group creation and
// its audit record, and the paged lists of groups, ledgers and vouchers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, Client, assertError, makeGstin, makePan, startServer } from './lib.mjs';

const co = (p, cid = 1) => `${API}/companies/${cid}${p}`;

describe('vouchers', () => {
	let s;
	let admin;
	const id = {};

	const counts = () => s.sql("SELECT (SELECT count(*) FROM vouchers) || '/' || (SELECT count(*) FROM voucher_lines) || '/' || " +
		"(SELECT count(*) FROM voucher_items) || '/' || (SELECT coalesce(sum(debit), 0) FROM ledger_day) || '/' || " +
		"(SELECT count(*) FROM audit_log) || '/' || (SELECT coalesce(sum(next_seq), 0) FROM voucher_series)");

	before(async () => {
		s = await startServer({ companies: ['Beta Co'] });
		admin = s.as('admin');
		s.sql(`UPDATE companies SET state_code = '27', gstin = '${makeGstin('27', makePan(777))}' WHERE id = 1`);
		const ledgers = (await admin.get(co('/ledgers'))).json.items;
		const kind = (k, cid) => ledgers.find((l) => l.kind === k).id;
		id.cash = kind('cash');
		id.capital = kind('capital');
		id.beta_cash = (await admin.get(co('/ledgers', 2))).json.items.find((l) => l.kind === 'cash').id;
		const party = async (body, cid = 1) => {
			const r = await admin.post(co('/parties', cid), body);
			assert.equal(r.status, 201, r.text);
			return r.json.id;
		};
		id.local = await party({ kind: 'customer', name: 'Sharma Traders', gstin: makeGstin('27', makePan(11)) });
		id.delhi = await party({ kind: 'customer', name: 'Gupta Electricals', gstin: makeGstin('07', makePan(12)) });
		id.beta_party = await party({ kind: 'customer', name: 'Beta Customer' }, 2);
	});
	after(async () => { await s?.stop(); });

	const post = async (body) => {
		const r = await admin.post(co('/vouchers'), body);
		assert.equal(r.status, 201, r.text);
		return r.json;
	};

	test('GST worked by hand: intra-state with discount and round-off', async () => {
		const v = await post({
			type: 'sales', date: '2026-10-05', party_id: id.local,
			items: [
				{ description: 'Steel rod', hsn: '7214', qty: '10', rate: '99.99', discount: '5.00', gst_rate: '18' },
				{ description: 'Bolts', qty: '3.5', rate: '12.34', gst_rate: '5' },
			],
		});
		// 10 x 99.99 = 999.90 - 5.00 = 994.90; 9% = 89.541 -> 89.54 each way.
		// 3.5 x 12.34 = 43.19; 2.5% = 1.07975 -> 1.08 each way.
		assert.deepEqual(v.items.map((i) => [i.taxable, i.cgst, i.sgst, i.igst]),
			[['994.90', '89.54', '89.54', '0.00'], ['43.19', '1.08', '1.08', '0.00']]);
		assert.equal(v.taxable, '1038.09');
		assert.equal(v.cgst, '90.62');
		assert.equal(v.sgst, '90.62');
		assert.equal(v.igst, '0.00');
		// 1219.33 rounds to 1219.00: 0.33 goes to Round Off (a debit, we gave it away).
		assert.equal(v.round_off, '-0.33');
		assert.equal(v.total, '1219.00');
		const party = v.lines.find((l) => l.bill_type === 'new');
		assert.equal(party.debit, '1219.00');
		assert.equal(party.bill_ref, v.number);
		assert.equal(v.lines.find((l) => l.ledger === 'Round Off').debit, '0.33');
		assert.match(v.number, /^SAL\/26-27\/\d{4}$/);
	});

	test('GST worked by hand: inter-state is IGST; a tie rounds away from zero; 0.25%', async () => {
		const inter = await post({ type: 'sales', date: '2026-10-06', party_id: id.delhi,
			items: [{ description: 'Cable', qty: '2', rate: '1000', gst_rate: '18' }] });
		assert.deepEqual([inter.taxable, inter.cgst, inter.sgst, inter.igst, inter.total, inter.place_of_supply],
			['2000.00', '0.00', '0.00', '360.00', '2360.00', '07']);
		// 1.00 at 5% intra-state: 2.5% of 100 paise = 2.5 paise -> 3 paise each way (half away from zero).
		const tie = await post({ type: 'sales', date: '2026-10-06', items: [{ description: 'Pin', qty: '1', rate: '1.00', gst_rate: '5' }] });
		assert.deepEqual([tie.cgst, tie.sgst, tie.round_off, tie.total], ['0.03', '0.03', '-0.06', '1.00']);
		assert.equal(tie.lines.find((l) => l.debit && l.ledger === 'Cash').debit, '1.00', 'no party: a cash sale');
		// Rough diamonds at 0.25%: 0.125% of 1000.00 = 1.25 each way.
		const gem = await post({ type: 'sales', date: '2026-10-06', party_id: id.local,
			items: [{ description: 'Rough diamond', qty: '1', rate: '1000.00', gst_rate: '0.25' }] });
		assert.deepEqual([gem.cgst, gem.sgst, gem.total], ['1.25', '1.25', '1003.00']);
		// A preview computes the same without saving.
		const before = counts();
		const pv = await admin.post(co('/vouchers/preview'), { type: 'sales', date: '2026-10-06', party_id: id.delhi,
			items: [{ description: 'Cable', qty: '2', rate: '1000', gst_rate: '40' }] });
		assert.equal(pv.status, 200, pv.text);
		assert.equal(pv.json.igst, '800.00'); // the 40 % slab, in force from 22 September 2025
		assert.equal(counts(), before, 'a preview writes nothing');
	});

	test('eight clients posting at once get unique, gap-free numbers', async () => {
		const perClient = 6;
		const clients = Array.from({ length: 8 }, () => s.as('admin'));
		const answers = await Promise.all(clients.map(async (c, k) => {
			const got = [];
			for (let i = 0; i < perClient; i++) {
				const r = await c.post(co('/vouchers'), { type: 'journal', date: '2026-11-02', narration: `client ${k} #${i}`,
					lines: [{ ledger_id: id.cash, debit: '1.00' }, { ledger_id: id.capital, credit: '1.00' }] });
				assert.equal(r.status, 201, r.text);
				got.push(r.json.number);
			}
			return got;
		}));
		const numbers = answers.flat().map((n) => Number(n.split('/')[2])).sort((a, b) => a - b);
		assert.equal(new Set(numbers).size, 8 * perClient, 'unique');
		assert.deepEqual(numbers, Array.from({ length: 8 * perClient }, (_, i) => numbers[0] + i), 'no gaps');
		assert.equal(numbers[0], 1);
	});

	test('bad vouchers are refused, naming the field, and write nothing', async () => {
		const line = (ledger_id, side, amt) => ({ ledger_id, [side]: amt });
		const cases = [
			[{ type: 'journal', date: '2026-10-01', lines: [line(id.cash, 'debit', '100'), line(id.capital, 'credit', '99.50')] }, 422, 'lines'],
			[{ type: 'journal', date: '2026-10-01', lines: [] }, 400, 'lines'],
			[{ type: 'journal', date: '2026-10-01', lines: [line(id.cash, 'debit', '100')] }, 400, 'lines'],
			[{ type: 'journal', date: '2026-10-01', lines: [line(id.cash, 'debit', '1'), line(999999, 'credit', '1')] }, 400, 'lines[1].ledger_id'],
			[{ type: 'journal', date: '2026-10-01', lines: [line(id.cash, 'debit', '1'), line(id.beta_cash, 'credit', '1')] }, 400, 'lines[1].ledger_id'],
			[{ type: 'journal', date: '2026-10-01', lines: [line(id.cash, 'debit', '1.001'), line(id.capital, 'credit', '1.001')] }, 400, 'lines[0].debit'],
			[{ type: 'journal', date: '2026-02-30', lines: [line(id.cash, 'debit', '1'), line(id.capital, 'credit', '1')] }, 400, 'date'],
			[{ type: 'sales', date: '2026-10-01', party_id: id.beta_party, items: [{ qty: '1', rate: '1', gst_rate: '18' }] }, 400, 'party_id'],
			[{ type: 'sales', date: '2026-10-01', place_of_supply: '00', items: [{ qty: '1', rate: '1', gst_rate: '18' }] }, 400, 'place_of_supply'],
			[{ type: 'sales', date: '2026-10-01', items: [{ qty: '1', rate: '1', gst_rate: '17' }] }, 400, 'items[0].gst_rate'],
			[{ type: 'sales', date: '2026-10-01', items: [] }, 400, 'items'],
			[{ type: 'contra', date: '2026-10-01', lines: [line(id.cash, 'debit', '1'), line(id.capital, 'credit', '1')] }, 422, 'lines[1].ledger_id'],
			[{ type: 'bogus', date: '2026-10-01' }, 400, 'type'],
		];
		const before = counts();
		for (const [body, status, field] of cases) {
			const r = await admin.post(co('/vouchers'), body);
			assertError(assert, r, status, undefined, field);
		}
		// A ledger with a bad GSTIN is refused too.
		const groups = (await admin.get(co('/groups'))).json.items;
		const r = await admin.post(co('/ledgers'), { name: 'Bad GST', group_id: groups[0].id, gstin: '27AAPFU0939F1ZX' });
		assertError(assert, r, 400, 'invalid', 'gstin');
		assert.equal(counts(), before, 'nothing written by any refused voucher');
		const unb = await admin.post(co('/vouchers'), cases[0][0]);
		assert.equal(unb.json.error.reason, 'unbalanced');
		assert.equal(unb.json.error.difference, '0.50');
		assert.equal(unb.json.error.side, 'debit');
		assert.equal(unb.json.error.message, 'the voucher does not balance: debits exceed credits by 0.50');
		const over = await admin.post(co('/vouchers'), { type: 'journal', date: '2026-10-01',
			lines: [line(id.cash, 'debit', '100'), line(id.capital, 'credit', '100.75')] });
		assert.deepEqual([over.json.error.reason, over.json.error.difference, over.json.error.side], ['unbalanced', '0.75', 'credit']);
		// The other refusals a client acts on carry a stable reason too.
		const reason = async (body, want, field) => {
			const r = await admin.post(co('/vouchers'), body);
			assertError(assert, r, r.status, undefined, field);
			assert.equal(r.json.error.reason, want, r.text);
		};
		await reason(cases[11][0], 'contra_only_cash_bank', 'lines[1].ledger_id');
		await reason({ type: 'receipt', date: '2026-10-01', lines: [line(id.capital, 'debit', '1'), line(id.cash, 'credit', '1')] },
			'receipt_needs_cash_bank', 'lines');
		await reason({ type: 'payment', date: '2026-10-01', lines: [line(id.cash, 'debit', '1'), line(id.capital, 'credit', '1')] },
			'payment_needs_cash_bank', 'lines');
		await reason(cases[3][0], 'unknown_ledger', 'lines[1].ledger_id');
		// the wire format: exactly one of debit and credit, more than zero, named on the credit
		for (const l of [{ ledger_id: id.capital }, { ledger_id: id.capital, debit: '1', credit: '1' },
			{ ledger_id: id.capital, debit: '-1' }, { ledger_id: id.capital, credit: null, debit: '0' }]) {
			const r = await admin.post(co('/vouchers'), { type: 'journal', date: '2026-10-01', lines: [line(id.cash, 'debit', '1'), l] });
			assertError(assert, r, 400, 'invalid', 'lines[1].credit');
		}
		assertError(assert, await admin.post(co('/vouchers'), { type: 'journal', date: '2026-10-01',
			lines: [line(id.cash, 'debit', 1), line(id.capital, 'credit', '1')] }), 400, 'invalid', 'lines[0].debit');
		assertError(assert, await admin.post(co('/vouchers'), { date: '2026-10-01', lines: [] }), 400, 'invalid', 'type');
		assertError(assert, await admin.post(co('/vouchers'), { type: 'journal', lines: [] }), 400, 'invalid', 'date');
		assertError(assert, await admin.post(co('/vouchers'), { type: 'journal', date: '2026-10-01',
			lines: [{ ledger_id: id.cash, debit: '1', colour: 'red' }] }), 400, 'invalid', 'lines[0].colour');
		assertError(assert, await admin.post(co('/vouchers'), { type: 'sales', date: '2026-10-01',
			items: [{ description: 'bell\u0007', qty: '1', rate: '1', gst_rate: '18' }] }), 400, 'invalid', 'items[0].description');
		assert.equal(counts(), before, 'nothing written by these either');
	});

	test('alteration is a new version with the same number; cancellation keeps the number; the lock holds', async () => {
		const v = await post({ type: 'payment', date: '2026-09-10', narration: 'first',
			lines: [{ ledger_id: id.capital, debit: '500.00' }, { ledger_id: id.cash, credit: '500.00' }] });
		const url = co(`/vouchers/${v.id}`);
		const cashDay = () => s.sql(`SELECT coalesce(sum(credit), 0) FROM ledger_day WHERE ledger_id = ${id.cash} AND date = '2026-09-10'`);
		assert.equal(cashDay(), '50000');

		const alt = await admin.patch(url, { type: 'payment', date: '2026-09-10', narration: 'second',
			lines: [{ ledger_id: id.capital, debit: '750.00' }, { ledger_id: id.cash, credit: '750.00' }] }, { 'If-Match': '"1"' });
		assert.equal(alt.status, 200, alt.text);
		assert.equal(alt.json.number, v.number);
		assert.equal(alt.json.version, 2);
		assert.equal(cashDay(), '75000', 'the old effect is replaced, not added');
		const stale = await admin.patch(url, { type: 'payment', date: '2026-09-10',
			lines: [{ ledger_id: id.capital, debit: '1.00' }, { ledger_id: id.cash, credit: '1.00' }] }, { 'If-Match': '"1"' });
		assertError(assert, stale, 409, 'stale');
		assert.equal(stale.json.error.reason, 'stale');
		assert.equal(stale.json.error.version, 2);
		assert.equal(stale.json.error.current.version, 2, 'the voucher as it is now');
		const moved = await admin.patch(url, { type: 'payment', date: '2027-04-02',
			lines: [{ ledger_id: id.capital, debit: '1.00' }, { ledger_id: id.cash, credit: '1.00' }] }, { 'If-Match': '"2"' });
		assertError(assert, moved, 422, 'unprocessable', 'date');
		assert.equal(moved.json.error.reason, 'fy_change');
		const retyped = await admin.patch(url, { type: 'receipt', date: '2026-09-10',
			lines: [{ ledger_id: id.cash, debit: '1.00' }, { ledger_id: id.capital, credit: '1.00' }] }, { 'If-Match': '"2"' });
		assertError(assert, retyped, 422, 'unprocessable', 'type');
		assert.equal(retyped.json.error.reason, 'type_change');

		const log = (await admin.get(`${url}/versions`)).json.items;
		assert.deepEqual(log.map((x) => [x.version, x.action, x.user]), [[1, 'create', 'admin'], [2, 'alter', 'admin']]);
		assert.equal(log[0].data.narration, 'first');
		assert.equal(log[0].data.total, '500.00');
		assert.equal(log[1].data.total, '750.00');
		assert.equal(log[1].data.lines[0].ledger, 'Capital');

		const can = await admin.del(url, undefined, { 'If-Match': '"2"' });
		assert.equal(can.status, 200, can.text);
		assert.equal(can.json.status, 'cancelled');
		assert.equal(can.json.number, v.number);
		assert.equal(cashDay(), '0', 'a cancelled voucher has no effect');
		assert.equal((await admin.get(url)).json.status, 'cancelled');
		assert.equal((await admin.get(`${url}/versions`)).json.items.at(-1).action, 'cancel');
		const gone = await admin.patch(url, { type: 'payment', date: '2026-09-10',
			lines: [{ ledger_id: id.capital, debit: '1.00' }, { ledger_id: id.cash, credit: '1.00' }] }, { 'If-Match': '"3"' });
		assertError(assert, gone, 409, 'conflict');
		assert.equal(gone.json.error.reason, 'cancelled');
		// The next payment takes the next number: the cancelled one is not reused.
		const next = await post({ type: 'payment', date: '2026-09-11',
			lines: [{ ledger_id: id.capital, debit: '1.00' }, { ledger_id: id.cash, credit: '1.00' }] });
		assert.equal(Number(next.number.split('/')[2]), Number(v.number.split('/')[2]) + 1);

		// Lock September: no entry, alteration or cancellation on or before the 30th.
		const lock = await admin.put(co('/books'), { lock_date: '2026-09-30' });
		assert.equal(lock.status, 200, lock.text);
		const before = counts();
		const locked = await admin.post(co('/vouchers'), { type: 'journal', date: '2026-09-30',
			lines: [{ ledger_id: id.cash, debit: '1' }, { ledger_id: id.capital, credit: '1' }] });
		assertError(assert, locked, 422, 'unprocessable', 'date');
		assert.deepEqual([locked.json.error.reason, locked.json.error.lock_date], ['period_locked', '2026-09-30']);
		assertError(assert, await admin.del(co(`/vouchers/${next.id}`), undefined, { 'If-Match': '"1"' }), 422, 'unprocessable', 'date');
		assert.equal(counts(), before);
		const ok = await admin.post(co('/vouchers'), { type: 'journal', date: '2026-10-01',
			lines: [{ ledger_id: id.cash, debit: '1' }, { ledger_id: id.capital, credit: '1' }] });
		assert.equal(ok.status, 201, ok.text);
		assert.equal((await admin.put(co('/books'), { lock_date: null })).json.lock_date, null);
	});

	test('GET /voucher-types: the one table, in hotkey order, for any signed-in user', async () => {
		const r = await admin.get(`${API}/voucher-types`);
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json, { items: [
			{ type: 'contra', prefix: 'CTR', hotkey: 'F4', has_items: false, stock: null, default_side: 'debit' },
			{ type: 'payment', prefix: 'PMT', hotkey: 'F5', has_items: false, stock: null, default_side: 'debit' },
			{ type: 'receipt', prefix: 'RCT', hotkey: 'F6', has_items: false, stock: null, default_side: 'credit' },
			{ type: 'journal', prefix: 'JRN', hotkey: 'F7', has_items: false, stock: null, default_side: 'debit' },
			{ type: 'sales', prefix: 'SAL', hotkey: 'F8', has_items: true, stock: 'out', default_side: null },
			{ type: 'purchase', prefix: 'PUR', hotkey: 'F9', has_items: true, stock: 'in', default_side: null },
			{ type: 'credit_note', prefix: 'CRN', hotkey: 'Ctrl+F8', has_items: true, stock: 'in', default_side: null },
			{ type: 'debit_note', prefix: 'DBN', hotkey: 'Ctrl+F9', has_items: true, stock: 'out', default_side: null },
		] });
		// numbers carry the prefix the table gives
		const v = await post({ type: 'contra', date: '2026-10-09', lines: [{ ledger_id: id.cash, debit: '1' }, { ledger_id: id.cash, credit: '1' }] });
		assert.match(v.number, /^CTR\/26-27\/\d{4}$/);
		assert.equal((await new Client(admin.url).get(`${API}/voucher-types`)).status, 401, 'signed-in users only');
	});

	test('a new group answers and is audited with its snapshot', async () => {
		const groups = (await admin.get(co('/groups?limit=500'))).json.items;
		const creditors = groups.find((g) => g.code === 'sundry_creditors');
		const r = await admin.post(co('/groups'), { name: 'Creditors - मुंबई', parent_id: creditors.id });
		assert.equal(r.status, 201, r.text);
		assert.deepEqual(r.json, { id: r.json.id, name: 'Creditors - मुंबई', parent_id: creditors.id, nature: 'liability',
			code: null, gross_profit: false });
		const audited = s.sql(`SELECT after_json FROM audit_log WHERE entity = 'group' AND entity_id = ${r.json.id}`);
		assert.deepEqual(JSON.parse(audited), r.json, 'the audit record is the answer');
		const dup = await admin.post(co('/groups'), { name: 'Creditors - मुंबई', parent_id: creditors.id });
		assertError(assert, dup, 409, 'duplicate', 'name');
		assertError(assert, await admin.post(co('/groups'), { name: 'X', parent_id: 999999 }), 400, 'invalid', 'parent_id');
		assertError(assert, await admin.post(co('/groups'), { name: 'X', parent_id: creditors.id, colour: 1 }), 400, 'invalid', 'colour');
		assertError(assert, await admin.post(co('/groups'), { name: 'X', parent_id: 'one' }), 400, 'invalid', 'parent_id');
		assertError(assert, await admin.post(co('/ledgers'), { name: 'X', group_id: creditors.id, opening_balance: 5 }), 400, 'invalid', 'opening_balance');
	});

	test('groups, ledgers and vouchers page with ?limit=&after= and answer {items, next}', async () => {
		/** Every page of a list at `limit`, checking each page's shape; returns the rows in order. */
		const walk = async (path, limit) => {
			const rows = [];
			let after = null;
			for (let pages = 0; pages < 200; pages++) {
				const sep = path.includes('?') ? '&' : '?';
				const r = await admin.get(co(`${path}${sep}limit=${limit}${after ? `&after=${after}` : ''}`));
				assert.equal(r.status, 200, r.text);
				assert.deepEqual(Object.keys(r.json), ['items', 'next']);
				assert.ok(r.json.items.length <= limit);
				if (r.json.next === null) return rows.concat(r.json.items);
				assert.equal(typeof r.json.next, 'string');
				assert.equal(r.json.items.length, limit, 'only the last page is short');
				rows.push(...r.json.items);
				after = r.json.next;
			}
			throw new Error(`${path}: no last page`);
		};
		const allGroups = (await admin.get(co('/groups?limit=500'))).json.items;
		assert.ok(allGroups.length >= 20);
		assert.deepEqual((await walk('/groups', 3)).map((g) => g.id), allGroups.map((g) => g.id), 'pages follow the chart order');
		assert.equal((await admin.get(co('/groups'))).json.items.length, Math.min(allGroups.length, 50), 'default 50');

		for (let i = 0; i < 7; i++) {
			const r = await admin.post(co('/ledgers'), { name: `Page Ledger ${i}`, group_id: allGroups.find((g) => g.code === 'indirect_expenses').id });
			assert.equal(r.status, 201, r.text);
		}
		const allLedgers = (await admin.get(co('/ledgers?limit=500'))).json.items;
		// by name (in the database's collation), then id
		assert.deepEqual((await walk('/ledgers', 4)).map((l) => l.id), allLedgers.map((l) => l.id));
		const searched = await walk('/ledgers?q=page%20ledger', 3);
		assert.deepEqual(searched.map((l) => l.name), Array.from({ length: 7 }, (_, i) => `Page Ledger ${i}`));

		const allVouchers = (await admin.get(co('/vouchers?limit=500'))).json.items;
		const ids = allVouchers.map((v) => v.id);
		assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
		assert.deepEqual((await walk('/vouchers', 7)).map((v) => v.id), ids);
		assert.deepEqual((await walk('/vouchers?type=sales', 2)).map((v) => v.id), allVouchers.filter((v) => v.type === 'sales').map((v) => v.id));

		for (const p of ['/groups', '/ledgers', '/vouchers']) {
			assertError(assert, await admin.get(co(`${p}?limit=0`)), 400, 'invalid', 'limit');
			assertError(assert, await admin.get(co(`${p}?limit=501`)), 400, 'invalid', 'limit');
			assertError(assert, await admin.get(co(`${p}?after=x`)), 400, 'invalid', 'after');
		}
		assertError(assert, await admin.get(co('/groups?after=999999')), 400, 'invalid', 'after');
		assertError(assert, await admin.get(co('/ledgers?after=999999')), 400, 'invalid', 'after');
		// a cursor of another company is no cursor here
		const beta = (await admin.get(co('/ledgers', 2))).json.items[0].id;
		assertError(assert, await admin.get(co(`/ledgers?after=${beta}`)), 400, 'invalid', 'after');
	});
});
