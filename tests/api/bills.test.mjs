// Bill-wise settlement as Tally keeps it: a party's pending bills oldest first with its GSTIN,
// state, balance and credit limit; a receipt settling two bills (Agst Ref); every refusal with its
// reason and figures and nothing written; cancelling and altering a receipt releasing and
// re-applying its allocations; an invoice others settled cannot be taken away under them. Then
// receivables aged to an as-at day (by bill and by due date, in buckets asked for), worked by hand,
// the buckets and on account adding up to Sundry Debtors' closing balance in the trial balance.
// And the warnings of entry from the preview, confirmed with "confirm" on the save.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { API, assertError, makeGstin, makePan, startServer } from './lib.mjs';

const co = (p) => `${API}/companies/1${p}`;
const TODAY = Date.UTC(2024, 6, 31, 6, 0, 0) / 1000; // 31 July 2024, midday in India

function pin(file, t) {
	fs.writeFileSync(`${file}.tmp`, `@${t}\n`);
	fs.renameSync(`${file}.tmp`, file);
}

async function office() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-bills-'));
	const clock = path.join(dir, 'clock');
	pin(clock, TODAY);
	const s = await startServer({ env: { DAFTAR_TEST_CLOCK_FILE: clock } });
	s.sql(`UPDATE companies SET state_code = '27', gstin = '${makeGstin('27', makePan(777))}' WHERE id = 1`);
	const admin = s.as('admin');
	const ledgers = (await admin.get(co('/ledgers?limit=200'))).json.items;
	const groups = (await admin.get(co('/groups?limit=200'))).json.items;
	const id = { cash: ledgers.find((l) => l.kind === 'cash').id };
	const bank = await admin.post(co('/ledgers'), { name: 'HDFC Bank', group_id: groups.find((g) => g.code === 'bank_accounts').id });
	assert.equal(bank.status, 201, bank.text);
	id.bank = bank.json.id;
	const party = async (body) => {
		const r = await admin.post(co('/parties'), body);
		assert.equal(r.status, 201, r.text);
		const l = (await admin.get(co(`/ledgers?q=${encodeURIComponent(body.name)}`))).json.items.find((x) => x.party_id === r.json.id);
		return { id: r.json.id, ledger: l.id };
	};
	return { s, admin, id, party, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const sale = (party, date, amount, extra = {}) => ({
	type: 'sales', date, party_id: party.id,
	items: [{ description: 'Consulting', hsn: '9983', qty: '1', unit: 'NOS', rate: amount, gst_rate: '0', gst_reason: 'exempt' }], ...extra,
});

const receipt = (party, date, amount, allocations, bank) => ({
	type: 'receipt', date,
	lines: [{ ledger_id: bank, debit: amount }, { ledger_id: party.ledger, credit: amount, ...(allocations ? { allocations } : {}) }],
});

describe('bill-wise settlement', () => {
	let o, admin, s;
	let A, B, V;
	const num = {};
	const post = async (body) => {
		const r = await admin.post(co('/vouchers'), body);
		assert.equal(r.status, 201, `${body.type}: ${r.text}`);
		return r.json;
	};
	const pending = async (p) => (await admin.get(co(`/parties/${p.id}/bills`))).json.items.map((b) => [b.ref, b.pending]);
	const allocCount = () => s.sql('SELECT count(*) FROM bill_allocations');

	before(async () => {
		o = await office();
		({ s, admin } = o);
		A = await o.party({ kind: 'customer', name: 'Sharma Traders', gstin: makeGstin('27', makePan(11)), payment_terms_days: 30,
			credit_limit: '50000.00' });
		B = await o.party({ kind: 'customer', name: 'बंसल किराना स्टोर', state_code: '08', payment_terms_days: 30 });
		V = await o.party({ kind: 'vendor', name: 'Mehta Steel', gstin: makeGstin('27', makePan(22)) });
		num.s1 = (await post(sale(A, '2024-04-10', '10000.00'))).number;
		num.s2 = (await post(sale(A, '2024-05-20', '20000.00'))).number;
		num.s3 = (await post(sale(A, '2024-07-25', '5000.00'))).number;
	});
	after(async () => { await s.stop(); o.cleanup(); });

	test('a party\'s pending bills oldest first, with its GSTIN, state, balance and credit limit', async () => {
		const r = await admin.get(co(`/parties/${A.id}/bills?pending=1`));
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.items.map((b) => [b.ref, b.date, b.due_date, b.pending, b.pending_side]), [
			[num.s1, '2024-04-10', '2024-05-10', '10000.00', 'debit'],
			[num.s2, '2024-05-20', '2024-06-19', '20000.00', 'debit'],
			[num.s3, '2024-07-25', '2024-08-24', '5000.00', 'debit'],
		]);
		const p = r.json.party;
		assert.deepEqual([p.name, p.gstin, p.state_code, p.balance, p.balance_side, p.credit_limit, p.ledger_id],
			['Sharma Traders', makeGstin('27', makePan(11)), '27', '35000.00', 'debit', '50000.00', A.ledger]);
		const byLedger = await admin.get(co(`/ledgers/${A.ledger}/bills`));
		assert.deepEqual(byLedger.json, r.json);
		assert.equal((await admin.get(co(`/ledgers/${o.id.bank}/bills`))).status, 404);
		assert.equal((await admin.get(co('/parties/9999/bills'))).status, 404);
	});

	test('one receipt settles two bills; the line and the bills say so', async () => {
		const v = await post(receipt(A, '2024-07-30', '25000.00', [
			{ type: 'agst', ref: num.s1, amount: '10000.00' }, { type: 'agst', ref: num.s2, amount: '15000.00' }], o.id.bank));
		num.r1 = v;
		assert.deepEqual(v.lines[1].allocations, [
			{ type: 'agst', ref: num.s1, amount: '10000.00', due_date: null },
			{ type: 'agst', ref: num.s2, amount: '15000.00', due_date: null }]);
		assert.deepEqual(await pending(A), [[num.s2, '5000.00'], [num.s3, '5000.00']]);
		const all = (await admin.get(co(`/parties/${A.id}/bills?pending=0`))).json.items;
		assert.deepEqual(all.find((b) => b.ref === num.s1).settled, '10000.00');
		const rec = await admin.get(co('/reports/receivables?as_at=2024-07-31&all=1'));
		const s1 = rec.json.tables[0].rows.find((x) => x.cells.particulars === num.s1);
		assert.deepEqual([s1.cells.settled, s1.cells.pending], ['10000.00', '0.00']);
	});

	test('refusals name the bill and the figures, and write nothing', async () => {
		const before = allocCount();
		let r = await admin.post(co('/vouchers'), receipt(A, '2024-07-31', '6000.00', [{ type: 'agst', ref: num.s2, amount: '6000.00' }], o.id.bank));
		assertError(assert, r, 422, 'unprocessable', 'lines[1].allocations[0].amount');
		assert.deepEqual([r.json.error.reason, r.json.error.ref, r.json.error.pending, r.json.error.amount], ['exceeds_pending', num.s2, '5000.00', '6000.00']);
		r = await admin.post(co('/vouchers'), receipt(A, '2024-07-31', '5000.00', [{ type: 'agst', ref: num.s2, amount: '4000.00' }], o.id.bank));
		assertError(assert, r, 422, 'unprocessable', 'lines[1].allocations');
		assert.deepEqual([r.json.error.reason, r.json.error.difference, r.json.error.allocated], ['allocation_mismatch', '1000.00', '4000.00']);
		r = await admin.post(co('/vouchers'), receipt(A, '2024-07-31', '5000.00', [{ type: 'agst', ref: 'SAL/24-25/9999', amount: '5000.00' }], o.id.bank));
		assertError(assert, r, 422, 'unprocessable', 'lines[1].allocations[0].ref');
		assert.deepEqual([r.json.error.reason, r.json.error.ref], ['unknown_bill', 'SAL/24-25/9999']);
		assert.match(r.json.error.message, /Sharma Traders has no bill SAL\/24-25\/9999/);
		// a bill of another party is not this party's
		r = await admin.post(co('/vouchers'), receipt(B, '2024-07-31', '5000.00', [{ type: 'agst', ref: num.s3, amount: '5000.00' }], o.id.bank));
		assert.equal(r.json.error.reason, 'unknown_bill');
		r = await admin.post(co('/vouchers'), receipt(A, '2024-07-31', '5000.00', [{ type: 'new', ref: num.s3, amount: '5000.00' }], o.id.bank));
		assert.equal(r.json.error.reason, 'bill_exists');
		r = await admin.post(co('/vouchers'), { type: 'receipt', date: '2024-07-31', lines: [
			{ ledger_id: o.id.bank, debit: '100.00', allocations: [{ type: 'on_account', amount: '100.00' }] },
			{ ledger_id: A.ledger, credit: '100.00' }] });
		assertError(assert, r, 422, 'unprocessable', 'lines[0].allocations');
		assert.equal(r.json.error.reason, 'not_billwise');
		r = await admin.post(co('/vouchers'), receipt(A, '2024-07-31', '100.00', [{ type: 'later', amount: '100.00' }], o.id.bank));
		assertError(assert, r, 400, 'invalid', 'lines[1].allocations[0].type');
		r = await admin.post(co('/vouchers'), receipt(A, '2024-07-31', '100.00', [{ type: 'agst', amount: '100.00' }], o.id.bank));
		assertError(assert, r, 400, 'invalid', 'lines[1].allocations[0].ref');
		// a debit against a bill that is itself a debit settles nothing
		r = await admin.post(co('/vouchers'), { type: 'journal', date: '2024-07-31', lines: [
			{ ledger_id: A.ledger, debit: '100.00', allocations: [{ type: 'agst', ref: num.s3, amount: '100.00' }] },
			{ ledger_id: o.id.cash, credit: '100.00' }] });
		assert.deepEqual([r.status, r.json.error.reason, r.json.error.pending], [422, 'exceeds_pending', '0.00']);
		// preview refuses the same way
		r = await admin.post(co('/vouchers/preview'), receipt(A, '2024-07-31', '6000.00', [{ type: 'agst', ref: num.s2, amount: '6000.00' }], o.id.bank));
		assert.equal(r.json.error.reason, 'exceeds_pending');
		assert.equal(allocCount(), before);
	});

	test('cancelling a receipt releases its bills; altering it re-applies them', async () => {
		let r = await admin.del(co(`/vouchers/${num.r1.id}`), undefined, { 'If-Match': `"${num.r1.version}"` });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(await pending(A), [[num.s1, '10000.00'], [num.s2, '20000.00'], [num.s3, '5000.00']]);
		const v = await post(receipt(A, '2024-07-30', '10000.00', [{ type: 'agst', ref: num.s1, amount: '10000.00' }], o.id.bank));
		assert.deepEqual(await pending(A), [[num.s2, '20000.00'], [num.s3, '5000.00']]);
		// an alteration counts its own old allocations as released: all of S2 may be taken now
		r = await admin.patch(co(`/vouchers/${v.id}`), receipt(A, '2024-07-30', '28000.00', [
			{ type: 'agst', ref: num.s2, amount: '20000.00' }, { type: 'agst', ref: num.s1, amount: '8000.00' }], o.id.bank),
		{ 'If-Match': `"${v.version}"` });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(await pending(A), [[num.s1, '2000.00'], [num.s3, '5000.00']]);
		num.r2 = r.json;
		// the invoice a receipt settled can be neither cancelled nor cut below what was settled
		const s2 = (await admin.get(co('/vouchers?type=sales&limit=10'))).json.items.find((x) => x.number === num.s2);
		r = await admin.del(co(`/vouchers/${s2.id}`), undefined, { 'If-Match': `"${s2.version}"` });
		assertError(assert, r, 422, 'unprocessable', 'id');
		assert.deepEqual([r.json.error.reason, r.json.error.ref, r.json.error.settled], ['bill_has_settlements', num.s2, '20000.00']);
		r = await admin.patch(co(`/vouchers/${s2.id}`), sale(A, '2024-05-20', '15000.00'), { 'If-Match': `"${s2.version}"` });
		assert.equal(r.json.error.reason, 'bill_has_settlements');
		r = await admin.patch(co(`/vouchers/${s2.id}`), sale(A, '2024-05-20', '21000.00'), { 'If-Match': `"${s2.version}"` });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(await pending(A), [[num.s1, '2000.00'], [num.s2, '1000.00'], [num.s3, '5000.00']]);
	});

	test('advances and on account; an invoice takes an advance and raises a bill for the rest', async () => {
		const adv = await post(receipt(B, '2024-06-15', '3000.00', [{ type: 'advance', ref: 'ADV-1', amount: '3000.00' }], o.id.bank));
		assert.deepEqual(adv.lines[1].allocations, [{ type: 'advance', ref: 'ADV-1', amount: '3000.00', due_date: null }]);
		await post(receipt(B, '2024-07-10', '500.00', [{ type: 'on_account', amount: '500.00' }], o.id.bank));
		let bills = (await admin.get(co(`/parties/${B.id}/bills`))).json.items;
		assert.deepEqual(bills.map((b) => [b.ref, b.type, b.pending, b.pending_side]), [['ADV-1', 'advance', '3000.00', 'credit']]);
		const inv = await post(sale(B, '2024-07-20', '8000.00', { allocations: [{ type: 'agst', ref: 'ADV-1', amount: '3000.00' }, { type: 'new', amount: '5000.00' }] }));
		const partyLine = inv.lines.find((l) => l.ledger_id === B.ledger);
		assert.deepEqual(partyLine.allocations, [
			{ type: 'agst', ref: 'ADV-1', amount: '3000.00', due_date: null }, { type: 'new', ref: inv.number, amount: '5000.00', due_date: null }]);
		bills = (await admin.get(co(`/parties/${B.id}/bills`))).json.items;
		assert.deepEqual(bills.map((b) => [b.ref, b.pending]), [[inv.number, '5000.00']]);
		const r = await admin.post(co('/vouchers'), sale(B, '2024-07-20', '100.00', { allocations: [{ type: 'new', amount: '90.00' }] }));
		assert.equal(r.json.error.reason, 'allocation_mismatch');
		// a credit note whose reference is a bill settles it as far as it is pending, the rest on account
		const cn = await post({ type: 'credit_note', date: '2024-07-25', party_id: B.id, reference: inv.number,
			items: [{ description: 'Return', hsn: '9983', qty: '1', rate: '6000.00', gst_rate: '0', gst_reason: 'exempt' }] });
		assert.deepEqual(cn.lines.find((l) => l.ledger_id === B.ledger).allocations.map((a) => [a.type, a.ref, a.amount]),
			[['agst', inv.number, '5000.00'], ['on_account', null, '1000.00']]);
		assert.deepEqual((await admin.get(co(`/parties/${B.id}/bills`))).json.items, []);
	});

	test('warnings come with the preview and are confirmed on the save', async () => {
		const warns = async (body) => {
			const r = await admin.post(co('/vouchers/preview'), body);
			assert.equal(r.status, 200, r.text);
			return r.json.warnings;
		};
		// a sale with no party is a cash sale; 22.5 lakh in cash is past 269ST too
		let w = await warns({ type: 'sales', date: '2024-07-31', items: [{ description: 'Gold', hsn: '7108', qty: '1', rate: '2250000.00', gst_rate: '0' }] });
		assert.deepEqual(w.map((x) => x.code), ['cash_sale', 'cash_269st', 'gst_reason_missing']);
		assert.deepEqual([w[0].total, w[0].field], ['2250000.00', 'party_id']);
		assert.deepEqual([w[1].section, w[1].total], ['269ST', '2250000.00']);
		assert.deepEqual([w[2].field, w[2].count], ['items[0].gst_reason', 1]);
		// saving with confirm refuses until every warning is confirmed; without confirm it saves as ever
		const body = { type: 'sales', date: '2024-07-31', items: [{ description: 'Pens', qty: '1', rate: '100.00', gst_rate: '18' }] };
		assert.deepEqual((await warns(body)).map((x) => [x.code, x.field, x.count]), [['cash_sale', 'party_id', undefined], ['hsn_missing', 'items[0].hsn', 1]]);
		let r = await admin.post(co('/vouchers'), { ...body, confirm: ['cash_sale'] });
		assertError(assert, r, 422, 'unprocessable', 'confirm');
		assert.deepEqual([r.json.error.reason, r.json.error.warnings], ['unconfirmed_warnings', 'hsn_missing']);
		r = await admin.post(co('/vouchers'), { ...body, confirm: ['cash_sale', 'hsn_missing'] });
		assert.equal(r.status, 201, r.text);
		r = await admin.post(co('/vouchers'), { ...body, confirm: ['nonsense'] });
		assertError(assert, r, 400, 'invalid', 'confirm');
		// credit limit: A owes 8,000 (limit 50,000); a sale of 45,000 passes it
		w = await warns(sale(A, '2024-07-31', '45000.00'));
		const cl = w.find((x) => x.code === 'credit_limit');
		assert.deepEqual([cl.limit, cl.balance, cl.amount, cl.after, cl.party], ['50000.00', '8000.00', '45000.00', '53000.00', 'Sharma Traders']);
		assert.deepEqual((await warns(sale(A, '2024-07-31', '42000.00'))).map((x) => x.code), []);
		// cash from one person in a day: 1,50,000 then 60,000 more is past 2,00,000
		await post(receipt(A, '2024-07-31', '150000.00', [{ type: 'on_account', amount: '150000.00' }], o.id.cash));
		w = await warns(receipt(A, '2024-07-31', '60000.00', null, o.id.cash));
		assert.deepEqual(w.map((x) => [x.code, x.section, x.amount, x.total, x.party]), [['cash_269st', '269ST', '60000.00', '210000.00', 'Sharma Traders']]);
		assert.deepEqual(await warns(receipt(A, '2024-08-01', '60000.00', null, o.id.cash)), []);
		assert.deepEqual(await warns(receipt(A, '2024-07-31', '60000.00', null, o.id.bank)), [], 'by bank is no cash');
		// cash paid: more than 10,000 to one person in a day (40A(3))
		w = await warns({ type: 'payment', date: '2024-07-31', lines: [{ ledger_id: V.ledger, debit: '12000.00' }, { ledger_id: o.id.cash, credit: '12000.00' }] });
		assert.deepEqual(w.map((x) => [x.code, x.section, x.total]), [['cash_40a3', '40A(3)', '12000.00']]);
		// a supplier's invoice number twice
		const purchase = { type: 'purchase', date: '2024-07-31', party_id: V.id, reference: 'MS/2024/118',
			items: [{ description: 'Steel', hsn: '7208', qty: '1', rate: '1000.00', gst_rate: '18' }] };
		assert.deepEqual(await warns(purchase), []);
		const p1 = await post(purchase);
		w = await warns(purchase);
		assert.deepEqual(w.map((x) => [x.code, x.field, x.number]), [['duplicate_supplier_invoice', 'reference', p1.number]]);
		// the alteration of that purchase is not its own duplicate
		r = await admin.post(co(`/vouchers/preview?voucher_id=${p1.id}`), purchase);
		assert.deepEqual(r.json.warnings, []);
		// a reason for no GST belongs to a line at 0 %
		r = await admin.post(co('/vouchers/preview'), sale(A, '2024-07-31', '10.00', { items: [{ description: 'x', hsn: '9983', qty: '1', rate: '10.00', gst_rate: '18', gst_reason: 'exempt' }] }));
		assertError(assert, r, 422, 'unprocessable', 'items[0].gst_reason');
		r = await admin.post(co('/vouchers/preview'), sale(A, '2024-07-31', '10.00', { items: [{ description: 'x', hsn: '9983', qty: '1', rate: '10.00', gst_rate: '0', gst_reason: 'free' }] }));
		assertError(assert, r, 400, 'invalid', 'items[0].gst_reason');
	});
});

describe('receivables aged as at a day', () => {
	let o, admin, s;
	const num = {};
	const rep = async (q) => {
		const r = await admin.get(co(`/reports/receivables?${q}`));
		assert.equal(r.status, 200, r.text);
		return r.json;
	};

	before(async () => {
		o = await office();
		({ s, admin } = o);
		const A = await o.party({ kind: 'customer', name: 'Sharma Traders', state_code: '27', payment_terms_days: 30 });
		const B = await o.party({ kind: 'customer', name: 'Gupta Electricals', state_code: '27', payment_terms_days: 30 });
		const post = async (body) => {
			const r = await admin.post(co('/vouchers'), body);
			assert.equal(r.status, 201, r.text);
			return r.json;
		};
		num.s1 = (await post(sale(A, '2024-04-10', '10000.00'))).number; // 112 days on 31 July; due 10 May, 82 days overdue
		num.s2 = (await post(sale(A, '2024-05-20', '20000.00'))).number; // 72 days; due 19 June, 42 overdue
		num.s3 = (await post(sale(A, '2024-07-25', '5000.00'))).number;  // 6 days; due 24 August, not yet due
		await post(receipt(A, '2024-07-30', '4000.00', [{ type: 'agst', ref: num.s1, amount: '4000.00' }], o.id.bank)); // S1: 6,000 left
		await post(receipt(B, '2024-06-15', '3000.00', [{ type: 'advance', ref: 'ADV-1', amount: '3000.00' }], o.id.bank)); // 46 days
		await post(receipt(B, '2024-07-10', '500.00', [{ type: 'on_account', amount: '500.00' }], o.id.bank));
		num.s4 = (await post(sale(B, '2024-06-25', '8000.00'))).number;  // 36 days; due 25 July, 6 overdue
		// after the as-at day: in with to=, never aged past it
		await post(sale(B, '2024-08-10', '700.00'));
	});
	after(async () => { await s.stop(); o.cleanup(); });

	const sundryDebtors = async (to) => {
		const tb = await admin.get(co(`/reports/trial-balance?from=2024-04-01&to=${to}`));
		const row = tb.json.tables[0].rows.find((x) => x.cells.particulars === 'Sundry Debtors');
		return row.cells.closing_debit;
	};
	const bucketsOf = (r) => Object.fromEntries(Object.entries(r.summary).filter(([k]) => /^d\d/.test(k) || k === 'on_account' || k === 'pending'));
	const add = (...xs) => (xs.reduce((a, x) => a + Math.round(Number(x) * 100), 0) / 100).toFixed(2);

	test('as at today by default, even when the period runs to the year\'s end', async () => {
		const r = await rep('to=2024-07-31');
		assert.equal(r.summary.as_at, '2024-07-31');
		const s3 = r.tables[0].rows.find((x) => x.cells.particulars === num.s3);
		assert.deepEqual([s3.cells.age_days, s3.cells.d0_30], [6, '5000.00']);
		const fy = await rep('to=2025-03-31&as_at=2024-07-31');
		assert.equal(fy.tables[0].rows.find((x) => x.cells.particulars === num.s3).cells.age_days, 6);
		const dflt = await rep('');
		assert.equal(dflt.summary.as_at, '2024-07-31');
		assert.equal(dflt.tables[0].rows.find((x) => x.cells.particulars === num.s3).cells.age_days, 6, 'today is the company\'s');
	});

	test('by bill date: hand-worked buckets, on account apart, adding up to Sundry Debtors', async () => {
		const r = await rep('to=2024-07-31&as_at=2024-07-31');
		assert.deepEqual(bucketsOf(r), {
			pending: '35500.00', on_account: '-500.00',
			d0_30: '5000.00', d31_60: '5000.00', d61_90: '20000.00', d90_plus: '6000.00', // 8,000 - 3,000 advance in 31-60
		});
		assert.equal(add(r.summary.d0_30, r.summary.d31_60, r.summary.d61_90, r.summary.d90_plus, r.summary.on_account), await sundryDebtors('2024-07-31'));
		const cols = r.tables[0].columns.map((c) => c.key);
		assert.deepEqual(cols.slice(7), ['d0_30', 'd31_60', 'd61_90', 'd90_plus', 'on_account']);
		const adv = r.tables[0].rows.find((x) => x.cells.particulars === 'ADV-1');
		assert.deepEqual([adv.cells.pending, adv.cells.age_days, adv.cells.d31_60], ['-3000.00', 46, '-3000.00']);
		const total = r.tables[0].rows.at(-1);
		assert.deepEqual([total.kind, total.cells.pending, total.cells.on_account], ['total', '35500.00', '-500.00']);
	});

	test('five buckets of 15 days', async () => {
		const r = await rep('to=2024-07-31&as_at=2024-07-31&buckets=15,30,45,60');
		assert.deepEqual(bucketsOf(r), {
			pending: '35500.00', on_account: '-500.00',
			d0_15: '5000.00', d16_30: '0.00', d31_45: '8000.00', d46_60: '-3000.00', d60_plus: '26000.00',
		});
		assert.deepEqual(r.tables[0].columns.slice(7).map((c) => c.title), ['0-15', '16-30', '31-45', '46-60', '>60', 'On Account']);
		for (const bad of ['0,30', '30,30', '30,x', '30,', '1,2,3,4,5,6,7,8'])
			assertError(assert, await admin.get(co(`/reports/receivables?buckets=${bad}`)), 400, 'invalid', 'buckets');
		assertError(assert, await admin.get(co('/reports/receivables?age_by=week')), 400, 'invalid', 'age_by');
		assertError(assert, await admin.get(co('/reports/receivables?as_at=2024-02-30')), 400, 'invalid', 'as_at');
	});

	test('by due date: what is not yet due sits in the first bucket', async () => {
		const r = await rep('to=2024-07-31&as_at=2024-07-31&age_by=due');
		assert.deepEqual(bucketsOf(r), {
			pending: '35500.00', on_account: '-500.00',
			d0_30: '13000.00', d31_60: '17000.00', d61_90: '6000.00', d90_plus: '0.00',
		});
		assert.equal(r.tables[0].rows.find((x) => x.cells.particulars === num.s3).cells.age_days, -24);
	});

	test('a later cut-off takes in the later bill, aged from the as-at day; the total is still the balance', async () => {
		const r = await rep('to=2024-08-31&as_at=2024-07-31');
		assert.equal(r.summary.pending, '36200.00');
		assert.equal(r.summary.d0_30, '5700.00');
		assert.equal(add(r.summary.d0_30, r.summary.d31_60, r.summary.d61_90, r.summary.d90_plus, r.summary.on_account), await sundryDebtors('2024-08-31'));
		const csv = s.cli(['report', 'receivables', '--data', s.dir, '--to', '2024-07-31', '--as-at', '2024-07-31', '--buckets', '15,30,45,60', '--format', 'json']);
		assert.equal(csv.code, 0, csv.stderr);
		assert.equal(JSON.parse(csv.stdout).summary.d60_plus, '26000.00');
	});
});
