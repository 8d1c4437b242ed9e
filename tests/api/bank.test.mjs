// Bank statements as the banks give them, and reconciliation by hand: each bank's download in
// tests/statements (SBI, HDFC, ICICI, Axis, Kotak, a co-operative bank, the plain form) uploaded as
// it comes; a bad line refused with its line, column and value and nothing stored; the open lines
// offered the entry to match; a line matched and unmatched by hand (audited, idempotent, the
// importer leaving it alone after), every refusal with its reason; who may; the tenant wall.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { API, assertError, startServer } from './lib.mjs';

const STATEMENTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../statements');
const statement = (name) => fs.readFileSync(path.join(STATEMENTS, name), 'utf8');
const co = (p, cid = 1) => `${API}/companies/${cid}${p}`;
const CSV = { 'Content-Type': 'text/csv' };
const rows = (r, name) => r.json.tables.find((t) => t.name === name).rows;

describe('bank statements and reconciliation by hand', () => {
	let s;
	let admin;
	const id = {};
	const v = {};

	before(async () => {
		s = await startServer({ companies: ['Beta Co'], users: [{ name: 'ana', role: 'analyst' }, { name: 'exe', role: 'executive' }] });
		admin = s.as('admin');
		const groups = (await admin.get(co('/groups'))).json.items;
		const bankGroup = groups.find((g) => g.code === 'bank_accounts').id;
		const mk = async (name, group, cid = 1) => {
			const r = await admin.post(co('/ledgers', cid), { name, group_id: group });
			assert.equal(r.status, 201, r.text);
			return r.json.id;
		};
		for (const b of ['sbi', 'hdfc', 'icici', 'axis', 'kotak', 'generic', 'cooperative']) id[b] = await mk(`${b.toUpperCase()} Current A/c`, bankGroup);
		id.rent = await mk('Office Rent', groups.find((g) => g.code === 'indirect_expenses').id);
		id.capital = (await admin.get(co('/ledgers'))).json.items.find((l) => l.kind === 'capital').id;
		const post = async (body) => {
			const r = await admin.post(co('/vouchers'), body);
			assert.equal(r.status, 201, r.text);
			return r.json.id;
		};
		// The books of the HDFC account in April 2026: two entries the statement matches within
		// days, one ten days off (no automatic match), and none for the refund of 1,250.50.
		v.upi = await post({ type: 'receipt', date: '2026-04-01', lines: [{ ledger_id: id.hdfc, debit: '5000.00' }, { ledger_id: id.capital, credit: '5000.00' }] });
		v.neft = await post({ type: 'payment', date: '2026-04-02', narration: 'Patel Packaging INV 118',
			lines: [{ ledger_id: id.rent, debit: '18880.00' }, { ledger_id: id.hdfc, credit: '18880.00' }] });
		v.ach = await post({ type: 'payment', date: '2026-04-20', narration: 'Bajaj Finance EMI',
			lines: [{ ledger_id: id.rent, debit: '6500.00' }, { ledger_id: id.hdfc, credit: '6500.00' }] });
		v.other = await post({ type: 'payment', date: '2026-04-03',
			lines: [{ ledger_id: id.rent, debit: '999.00' }, { ledger_id: id.hdfc, credit: '999.00' }] });
	});
	after(() => s && s.stop());

	const audits = async (entity) => (await admin.get(co('/audit?limit=500'))).json.items.filter((a) => a.entity === entity);

	test('each bank\'s download is read as it comes', async () => {
		const want = { sbi: 5, hdfc: 4, icici: 4, axis: 4, kotak: 3, generic: 3, cooperative: 3 };
		for (const [bank, lines] of Object.entries(want)) {
			const r = await admin.post(co(`/bank-statements?ledger_id=${id[bank]}`), statement(`${bank}.csv`), CSV);
			assert.equal(r.status, 201, `${bank}: ${r.text}`);
			assert.equal(r.json.lines, lines, bank);
			assert.equal(r.json.imported, lines, bank);
		}
		const hdfc = s.sql(`SELECT date, amount, reference FROM bank_statement_lines WHERE ledger_id = ${id.hdfc} ORDER BY date`);
		assert.equal(hdfc, '2026-04-01|500000|0000609112345678\n2026-04-02|-1888000|N092261234567\n2026-04-05|125050|0000609510101010\n2026-04-10|-650000|0000004512345678');
		assert.equal(s.sql(`SELECT description FROM bank_statement_lines WHERE ledger_id = ${id.kotak} AND amount = -1750000`),
			'UPI/DEEPAK KIRANA/609812345678/UPI');
		// Of the HDFC lines two matched (the UPI receipt, the NEFT payment).
		const again = await admin.post(co(`/bank-statements?ledger_id=${id.hdfc}`), statement('hdfc.csv'), CSV);
		assert.equal(again.status, 200);
		assert.deepEqual(again.json, { ledger_id: id.hdfc, lines: 4, imported: 0, duplicates: 4, matched: 0, unmatched: 2 });
	});

	test('a bad line is refused with its line, column and value; nothing is stored', async () => {
		const before = s.sql('SELECT count(*) FROM bank_statement_lines');
		const nAudit = (await audits('bank_statement')).length;
		const sbi = statement('sbi.csv');
		const url = co(`/bank-statements?ledger_id=${id.sbi}`);
		const refused = async (csv, field, reason, figures) => {
			const r = await admin.post(url, csv, CSV);
			assertError(assert, r, 400, 'invalid', field);
			assert.equal(r.json.error.reason, reason, r.text);
			for (const [k, x] of Object.entries(figures)) assert.equal(r.json.error[k], x, `${k}: ${r.text}`);
		};
		await refused(sbi.replace('7 Apr 2026,7 Apr 2026', '31 Apr 2026,7 Apr 2026'), 'line 16', 'statement_bad_date',
			{ line: 16, column: 'Txn Date', value: '31 Apr 2026' });
		await refused(sbi.replace('"1,18,000.00"', '"1,18,000.0.0"'), 'line 16', 'statement_bad_amount', { line: 16, column: 'Debit', value: '1,18,000.0.0' });
		await refused(sbi.replace('"12,500.00", ,', '"12,500.00","1.00",'), 'line 15', 'statement_debit_and_credit',
			{ line: 15, debit: '12500.00', credit: '1.00' });
		await refused(sbi.replace('"50,000.00"', '"1,00,00,00,00,00,00,000.01"'), 'line 14', 'too_large', { line: 14, column: 'Credit', kind: 'amount' });
		await refused(sbi.replace('CLASSIC,,', '"CLASSIC,,'), 'line 18', 'statement_unclosed_quote', { line: 18 });
		await refused('Bank of Nowhere\nAccount,123\n', 'body', 'statement_no_header', {});
		assert.equal(s.sql('SELECT count(*) FROM bank_statement_lines'), before);
		assert.equal((await audits('bank_statement')).length, nAudit, 'a refusal leaves no record');
	});

	test('the reconciliation offers each open line an entry of its amount', async () => {
		const r = await admin.get(co(`/reports/bank-reconciliation?ledger_id=${id.hdfc}&from=2026-04-01&to=2026-04-30`));
		assert.equal(r.status, 200, r.text);
		const open = rows(r, 'unmatched_statement');
		assert.deepEqual(open.map((x) => [x.cells.date, x.cells.withdrawal, x.cells.deposit]), [['2026-04-05', null, '1250.50'], ['2026-04-10', '6500.00', null]]);
		assert.equal(open[0].suggested_voucher_id, undefined, 'no entry of 1,250.50');
		assert.equal(open[1].suggested_voucher_id, v.ach);
		assert.equal(open[1].suggested_line_no, 2);
		const matched = rows(r, 'matched');
		assert.deepEqual(matched.map((x) => [x.voucher_id, x.line_no, x.cells.match]), [[v.upi, 1, 'auto'], [v.neft, 2, 'auto']]);
		assert.ok(matched.every((x) => Number.isInteger(x.statement_line_id)));
		const books = rows(r, 'unmatched_books');
		assert.deepEqual(books.map((x) => [x.voucher_id, x.line_no]), [[v.other, 2], [v.ach, 2]]);
		id.achLine = open[1].statement_line_id;
		id.refundLine = open[0].statement_line_id;
		id.upiLine = matched[0].statement_line_id;
	});

	test('a line matched by hand: audited, idempotent, shown as matched by hand', async () => {
		const url = co(`/bank-statements/lines/${id.achLine}/match`);
		const nAudit = (await audits('bank_statement_line')).length;
		const r = await admin.post(url, { voucher_id: v.ach, line_no: 2 }, { 'Idempotency-Key': 'match-ach' });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json, {
			id: id.achLine, ledger_id: id.hdfc, date: '2026-04-10', description: 'ACH D- TP ACH BAJAJ FINANCE-4512345678',
			reference: '0000004512345678', amount: '-6500.00', matched: { voucher_id: v.ach, line_no: 2 }, by_hand: true,
		});
		const replay = await admin.post(url, { voucher_id: v.ach, line_no: 2 }, { 'Idempotency-Key': 'match-ach' });
		assert.equal(replay.status, 200);
		assert.equal(replay.headers.get('idempotent-replayed'), 'true');
		// the same match again, without the key: it changes nothing, so nothing is written
		const same = await admin.post(url, { voucher_id: v.ach, line_no: 2 });
		assert.equal(same.status, 200, same.text);
		assert.deepEqual(same.json, { ...r.json, unchanged: true });
		const recs = await audits('bank_statement_line');
		assert.equal(recs.length, nAudit + 1, 'one record');
		assert.equal(recs[0].action, 'match');
		assert.equal(recs[0].entity_id, id.achLine);
		const row = s.sql(`SELECT before_json, after_json FROM audit_log WHERE entity = 'bank_statement_line' AND action = 'match'`).split('|');
		assert.equal(JSON.parse(row[0]).matched, null);
		assert.deepEqual(JSON.parse(row[1]).matched, { voucher_id: v.ach, line_no: 2 });

		const br = await admin.get(co(`/reports/bank-reconciliation?ledger_id=${id.hdfc}&from=2026-04-01&to=2026-04-30`));
		const m = rows(br, 'matched').find((x) => x.statement_line_id === id.achLine);
		assert.equal(m.cells.match, 'manual');
		assert.equal(m.cells.days_apart, 10);
		assert.equal(br.json.summary.matched, 3);
		assert.equal(br.json.summary.unmatched_statement, 1);
	});

	test('what a match by hand refuses', async () => {
		const match = (line, body, c = admin, cid = 1) => c.post(co(`/bank-statements/lines/${line}/match`, cid), body);
		const refused = async (r, status, code, field, reason, figures = {}) => {
			assertError(assert, r, status, code, field);
			if (reason) assert.equal(r.json.error.reason, reason, r.text);
			for (const [k, x] of Object.entries(figures)) assert.equal(r.json.error[k], x, `${k}: ${r.text}`);
		};
		const n = s.sql("SELECT count(*) FROM audit_log WHERE entity = 'bank_statement_line'");
		await refused(await match(999999, { voucher_id: v.ach, line_no: 2 }), 404, 'not_found', 'id');
		await refused(await match(id.refundLine, { voucher_id: v.ach, line_no: 9 }), 404, 'not_found', 'voucher_id');
		await refused(await match(id.refundLine, { voucher_id: 999999, line_no: 1 }), 404, 'not_found', 'voucher_id');
		await refused(await match(id.refundLine, { voucher_id: v.ach, line_no: 1 }), 422, 'unprocessable', 'voucher_id', 'other_ledger');
		await refused(await match(id.refundLine, { voucher_id: v.other, line_no: 2 }), 422, 'unprocessable', 'voucher_id', 'amount_differs',
			{ statement_amount: '1250.50', book_amount: '-999.00' });
		await refused(await match(id.refundLine, { voucher_id: v.upi, line_no: 1 }), 422, 'unprocessable', 'voucher_id', 'amount_differs');
		await refused(await match(id.upiLine, { voucher_id: v.other, line_no: 2 }), 409, 'conflict', 'id', 'already_matched', { voucher_id: v.upi });
		await refused(await match(id.refundLine, {}), 400, 'invalid', 'voucher_id');
		await refused(await match(id.refundLine, { voucher_id: v.ach, line_no: 0 }), 400, 'invalid', 'line_no');
		await refused(await match(id.refundLine, { voucher_id: v.ach, line_no: 2, extra: 1 }), 400, 'invalid', 'extra');
		// The tenant wall: company 2 does not see company 1's lines.
		await refused(await match(id.refundLine, { voucher_id: v.ach, line_no: 2 }, admin, 2), 404, 'not_found', 'id');
		await refused(await admin.del(co(`/bank-statements/lines/${id.upiLine}/match`, 2)), 404, 'not_found', 'id');
		// Who may: those who may import statements.
		await refused(await match(id.refundLine, { voucher_id: v.ach, line_no: 2 }, s.as('ana')), 403, 'forbidden');
		await refused(await s.as('ana').del(co(`/bank-statements/lines/${id.upiLine}/match`)), 403, 'forbidden');
		await refused(await s.anon().post(co(`/bank-statements/lines/${id.refundLine}/match`), { voucher_id: v.ach, line_no: 2 }), 401, 'unauthenticated');
		assert.equal(s.sql("SELECT count(*) FROM audit_log WHERE entity = 'bank_statement_line'"), n, 'no record for a refusal');
	});

	test('a line unmatched by hand stays so when statements come again', async () => {
		const url = co(`/bank-statements/lines/${id.upiLine}/match`);
		const r = await s.as('exe').del(url);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.matched, null);
		assert.equal(r.json.by_hand, true);
		assertError(assert, await admin.del(url), 409, 'conflict', 'id');
		assert.equal((await admin.del(url)).json.error.reason, 'not_matched');
		const recs = await audits('bank_statement_line');
		assert.equal(recs[0].action, 'unmatch');
		const again = await admin.post(co(`/bank-statements?ledger_id=${id.hdfc}`), statement('hdfc.csv'), CSV);
		assert.equal(again.json.matched, 0, 'the importer leaves it alone');
		const br = await admin.get(co(`/reports/bank-reconciliation?ledger_id=${id.hdfc}&from=2026-04-01&to=2026-04-30`));
		const open = rows(br, 'unmatched_statement').find((x) => x.statement_line_id === id.upiLine);
		assert.equal(open.suggested_voucher_id, v.upi, 'and offers its entry again');
		// Its entry is free for another line: matched again by hand, to the same entry.
		const m = await admin.post(url, { voucher_id: v.upi, line_no: 1 });
		assert.equal(m.status, 200, m.text);
		assert.deepEqual(m.json.matched, { voucher_id: v.upi, line_no: 1 });
		// An entry a line holds is refused to another of the same amount.
		const dup = await admin.post(co(`/bank-statements?ledger_id=${id.hdfc}`), 'Date,Narration,Withdrawal Amt.,Deposit Amt.\n03/04/26,UPI again,,"5,000.00"\n', CSV);
		assert.equal(dup.status, 201, dup.text);
		const line = Number(s.sql(`SELECT id FROM bank_statement_lines WHERE ledger_id = ${id.hdfc} AND description = 'UPI again'`));
		const taken = await admin.post(co(`/bank-statements/lines/${line}/match`), { voucher_id: v.upi, line_no: 1 });
		assertError(assert, taken, 409, 'conflict', 'voucher_id');
		assert.equal(taken.json.error.reason, 'book_line_matched');
		assert.equal(taken.json.error.statement_line_id, id.upiLine);
	});
});
