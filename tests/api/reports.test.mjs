// Accounting reports over HTTP and the CLI: a small set of books entered through the API, then
// every report read back as JSON, CSV and text with figures worked out by hand; bad parameters;
// who may read them; the tenant wall; and a bank statement upload (durable, audited, idempotent)
// reconciled against the bank ledger.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, assertError, makeGstin, makePan, startServer } from './lib.mjs';

const rep = (name, q = '', cid = 1) => `${API}/companies/${cid}/reports/${name}${q ? `?${q}` : ''}`;
const co = (p, cid = 1) => `${API}/companies/${cid}${p}`;

/** Summary figure of a JSON report. */
const sum = (r, key) => r.json.summary[key];
/** Rows of a report's table (the first, or the one named). */
const rows = (r, name) => (name ? r.json.tables.find((t) => t.name === name) : r.json.tables[0]).rows;

describe('accounting reports', () => {
	let s;
	let admin;
	const id = {};
	const num = {};

	before(async () => {
		s = await startServer({
			companies: ['Beta Co'],
			users: [{ name: 'ana', role: 'analyst' }, { name: 'asst', role: 'assistant' }],
		});
		admin = s.as('admin');
		// GST invoices need the company's state.
		s.sql(`UPDATE companies SET state_code = '27', gstin = '${makeGstin('27', makePan(4242))}' WHERE id = 1`);

		const groups = (await admin.get(co('/groups'))).json.items;
		const group = (code) => groups.find((g) => g.code === code).id;
		const ledgers = (await admin.get(co('/ledgers'))).json.items;
		const kind = (k) => ledgers.find((l) => l.kind === k).id;
		id.cash = kind('cash');
		id.capital = kind('capital');
		id.outCgst = kind('out_cgst');
		const mk = async (body) => {
			const r = await admin.post(co('/ledgers'), body);
			assert.equal(r.status, 201, r.text);
			return r.json.id;
		};
		id.bank = await mk({ name: 'HDFC Bank', group_id: group('bank_accounts') });
		id.rent = await mk({ name: 'Office Rent', group_id: group('indirect_expenses') });

		const party = async (body) => {
			const r = await admin.post(co('/parties'), body);
			assert.equal(r.status, 201, r.text);
			const l = (await admin.get(co(`/ledgers?q=${encodeURIComponent(body.name)}`))).json.items.find((x) => x.party_id === r.json.id);
			return { id: r.json.id, ledger: l.id };
		};
		id.r27 = await party({ kind: 'customer', name: 'Sharma Traders', gstin: makeGstin('27', makePan(101)), payment_terms_days: 30 });
		id.u29 = await party({ kind: 'customer', name: 'बंसल किराना स्टोर', state_code: '29' });
		id.vendor = await party({ kind: 'vendor', name: 'Mehta Steel', gstin: makeGstin('27', makePan(202)) });

		const post = async (body) => {
			const r = await admin.post(co('/vouchers'), body);
			assert.equal(r.status, 201, `${body.type}: ${r.text}`);
			return r.json;
		};
		num.j1 = (await post({ type: 'journal', date: '2024-04-01', narration: 'Capital introduced',
			lines: [{ ledger_id: id.bank, debit: '100000.00' }, { ledger_id: id.capital, credit: '100000.00' }] })).number;
		num.s1 = (await post({ type: 'sales', date: '2024-04-10', party_id: id.r27.id,
			items: [{ description: 'Laptop', hsn: '8471', qty: '2', unit: 'NOS', rate: '10000.00', gst_rate: '18' }] })).number;
		num.s2 = (await post({ type: 'sales', date: '2024-05-05', party_id: id.u29.id,
			items: [{ description: 'Shirts', hsn: '6109', qty: '1', unit: 'NOS', rate: '50000.00', gst_rate: '5' }] })).number;
		num.p1 = (await post({ type: 'purchase', date: '2024-04-15', party_id: id.vendor.id,
			items: [{ description: 'Steel', hsn: '7208', qty: '1', unit: 'NOS', rate: '20000.00', gst_rate: '18' }] })).number;
		await post({ type: 'receipt', date: '2024-04-20',
			lines: [{ ledger_id: id.bank, debit: '10000.00' }, { ledger_id: id.r27.ledger, credit: '10000.00', bill_ref: num.s1, bill_type: 'against' }] });
		await post({ type: 'payment', date: '2024-04-25', narration: 'April rent',
			lines: [{ ledger_id: id.rent, debit: '5000.00' }, { ledger_id: id.bank, credit: '5000.00' }] });
	});
	after(() => s && s.stop());

	test('trial balance: grouped, balanced, as JSON, CSV and text', async () => {
		const r = await admin.get(rep('trial-balance', 'from=2024-04-01&to=2025-03-31'));
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.report, 'trial-balance');
		assert.equal(r.json.from, '2024-04-01');
		assert.equal(sum(r, 'balanced'), true);
		assert.equal(sum(r, 'debit_total'), sum(r, 'credit_total'));
		assert.equal(sum(r, 'closing_debit_total'), sum(r, 'closing_credit_total'));
		const t = r.json.tables[0];
		assert.deepEqual(t.columns.map((c) => c.key), ['particulars', 'opening_debit', 'opening_credit', 'debit', 'credit', 'closing_debit', 'closing_credit']);
		const cgst = t.rows.find((x) => x.ledger_id === id.outCgst);
		assert.equal(cgst.kind, 'ledger');
		assert.equal(cgst.cells.closing_credit, '1800.00'); // 18% of 20,000 split in two; the IGST sale has none
		const bank = t.rows.find((x) => x.ledger_id === id.bank);
		assert.equal(bank.cells.closing_debit, '105000.00');
		const ca = t.rows.find((x) => x.kind === 'group' && x.cells.particulars === 'Current Assets');
		assert.equal(ca.level, 0);
		assert.ok(t.rows.indexOf(bank) > t.rows.indexOf(ca), 'ledgers come under their groups');
		assert.equal(t.rows.at(-1).kind, 'total');

		const csv = await admin.get(rep('trial-balance', 'from=2024-04-01&to=2025-03-31&format=csv'));
		assert.equal(csv.status, 200);
		assert.match(csv.headers.get('content-type'), /^text\/csv/);
		assert.match(csv.headers.get('content-disposition'), /attachment; filename="trial-balance_2024-04-01_2025-03-31.csv"/);
		assert.ok(csv.text.startsWith('Kind,Level,Particulars,Opening Dr,Opening Cr,Debit,Credit,Closing Dr,Closing Cr\r\n'));
		assert.match(csv.text, /\r\nledger,2,HDFC Bank,0\.00,0\.00,110000\.00,5000\.00,105000\.00,0\.00\r\n/);

		const txt = await admin.get(rep('trial-balance', 'from=2024-04-01&to=2025-03-31&format=text'));
		assert.equal(txt.status, 200);
		assert.match(txt.headers.get('content-type'), /^text\/plain/);
		assert.match(txt.text, /1,05,000\.00/);
		assert.match(txt.text, /Grand Total/);
	});

	test('profit & loss, balance sheet, ledger, day book, cash and bank books', async () => {
		const pl = await admin.get(rep('profit-loss', 'from=2024-04-01&to=2025-03-31'));
		assert.equal(pl.status, 200, pl.text);
		assert.equal(sum(pl, 'gross_profit'), '50000.00'); // sales 70,000 - purchases 20,000
		assert.equal(sum(pl, 'net_profit'), '45000.00');   // less rent 5,000
		const bs = await admin.get(rep('balance-sheet', 'to=2025-03-31'));
		assert.equal(sum(bs, 'balanced'), true);
		assert.equal(sum(bs, 'total_assets'), sum(bs, 'total_liabilities'));
		assert.equal(sum(bs, 'profit_current_period'), '45000.00');
		assert.ok(rows(bs).some((x) => x.cells.particulars === 'Profit & Loss A/c' && x.cells.amount === '45000.00'));

		const led = await admin.get(rep('ledger', `ledger_id=${id.bank}&from=2024-04-01&to=2024-04-30`));
		assert.equal(led.status, 200, led.text);
		assert.equal(sum(led, 'opening'), '0.00');
		assert.equal(sum(led, 'closing'), '105000.00');
		const postings = rows(led).filter((x) => x.kind === 'data');
		assert.equal(postings.length, 3);
		assert.ok(postings.every((x) => Number.isInteger(x.voucher_id)), 'each posting drills down to its voucher');
		assert.deepEqual(postings.map((x) => x.cells.balance), ['100000.00', '110000.00', '105000.00']);
		assert.equal(postings[0].cells.particulars, 'Capital');

		const db = await admin.get(rep('day-book', 'from=2024-04-01&to=2024-05-31'));
		assert.equal(sum(db, 'vouchers'), 6);
		assert.equal(sum(db, 'debit_total'), sum(db, 'credit_total'));
		const sale = rows(db).find((x) => x.kind === 'section' && x.cells.number === num.s1);
		assert.equal(sale.cells.particulars, 'Sharma Traders');
		assert.equal(sale.cells.debit, '23600.00');

		const bb = await admin.get(rep('bank-book', 'from=2024-04-01&to=2024-04-30'));
		assert.equal(sum(bb, 'closing'), '105000.00');
		assert.ok(rows(bb).every((x) => x.section === 'HDFC Bank'));
		const cb = await admin.get(rep('cash-book', 'from=2024-04-01&to=2024-04-30'));
		assert.equal(sum(cb, 'closing'), '0.00');
	});

	test('the day book pages by voucher (?limit=&after=): each voucher once, in date order, the period\'s totals on every page', async () => {
		const q = 'from=2024-04-01&to=2024-05-31';
		const whole = await admin.get(rep('day-book', q));
		assert.equal(whole.status, 200, whole.text);
		assert.equal(whole.json.next, null);
		const heads = (r) => rows(r).filter((x) => x.kind === 'section').map((x) => `${x.cells.date} ${x.cells.number}`);
		const all = heads(whole);
		assert.equal(all.length, sum(whole, 'vouchers'));
		assert.deepEqual([...all].sort(), all, 'in date order');
		assert.equal(rows(whole).filter((x) => x.kind === 'total').length, 1, 'the whole period has its total row');
		const seen = [];
		let pages = 0;
		for (let after = ''; ;) {
			const r = await admin.get(rep('day-book', `${q}&limit=2${after && `&after=${after}`}`));
			assert.equal(r.status, 200, r.text);
			pages++;
			seen.push(...heads(r));
			for (const k of ['vouchers', 'cancelled', 'debit_total', 'credit_total']) assert.equal(sum(r, k), sum(whole, k), `${k} is the period's`);
			assert.equal(rows(r).filter((x) => x.kind === 'total').length, 0, 'a page has no total row');
			// a voucher's lines come with it: every data row follows its own heading
			let cur = null;
			for (const x of rows(r)) {
				if (x.kind === 'section') cur = x.voucher_id;
				else if (x.kind === 'data') assert.equal(x.voucher_id, cur);
			}
			if (r.json.next === null) break;
			assert.equal(heads(r).length, 2);
			after = r.json.next;
		}
		assert.deepEqual(seen, all, 'every voucher once, in order');
		assert.equal(pages, Math.ceil(all.length / 2));
		assertError(assert, await admin.get(rep('day-book', `${q}&after=999999`)), 400, 'invalid', 'after');
		assertError(assert, await admin.get(rep('day-book', `${q}&limit=0`)), 400, 'invalid', 'limit');
		// the CLI prints the whole period
		const cli = s.cli(['report', 'day-book', '--data', s.dir, '--from', '2024-04-01', '--to', '2024-05-31', '--format', 'json']);
		assert.equal(cli.code, 0, cli.stderr);
		const cj = JSON.parse(cli.stdout);
		assert.equal(cj.tables[0].rows.filter((x) => x.kind === 'section').length, all.length);
	});

	test('receivables and payables, aged by bill date', async () => {
		const r = await admin.get(rep('receivables', 'to=2024-06-30&as_at=2024-06-30'));
		assert.equal(r.status, 200, r.text);
		assert.equal(sum(r, 'pending'), '66100.00'); // 23,600 - 10,000 + 52,500
		assert.equal(sum(r, 'd31_60'), '52500.00');   // 56 days
		assert.equal(sum(r, 'd61_90'), '13600.00');   // 81 days
		const bill = rows(r).find((x) => x.cells.particulars === num.s1);
		assert.deepEqual([bill.cells.amount, bill.cells.settled, bill.cells.pending, bill.cells.age_days, bill.cells.due_date],
			['23600.00', '10000.00', '13600.00', 81, '2024-05-10']);
		assert.equal(bill.section, 'Sharma Traders');
		const p = await admin.get(rep('payables', 'to=2024-06-30&as_at=2024-06-30'));
		assert.equal(sum(p, 'pending'), '23600.00');
		assert.equal(sum(p, 'd61_90'), '23600.00');
		const one = await admin.get(rep('receivables', `to=2024-06-30&ledger_id=${id.u29.ledger}&format=csv`));
		assert.equal(one.status, 200);
		assert.match(one.text, /बंसल किराना स्टोर/);
		assert.doesNotMatch(one.text, /Sharma/);
	});

	test('GSTR-1 and GSTR-3B', async () => {
		const g1 = await admin.get(rep('gstr1', 'from=2024-04-01&to=2024-06-30'));
		assert.equal(g1.status, 200, g1.text);
		const b2b = rows(g1, 'b2b');
		assert.equal(b2b.length, 1);
		assert.equal(b2b[0].cells.number, num.s1);
		assert.equal(b2b[0].cells.cgst, '1800.00');
		const b2cs = rows(g1, 'b2cs');
		assert.equal(b2cs.length, 1); // 52,500 inter-state before August 2024: under the 2.5 lakh line
		assert.equal(b2cs[0].cells.place_of_supply, '29-Karnataka');
		assert.equal(b2cs[0].cells.igst, '2500.00');
		assert.equal(rows(g1, 'b2cl').length, 0);
		assert.equal(g1.json.gstr1.fp, '062024');
		assert.equal(g1.json.gstr1.b2b[0].inv[0].inum, num.s1);
		assert.equal(g1.json.gstr1.b2b[0].inv[0].idt, '10-04-2024');
		assert.equal(g1.json.gstr1.b2b[0].inv[0].itms[0].itm_det.rt, 18);
		assert.equal(g1.json.gstr1.hsn.data.length, 2);
		const csv = await admin.get(rep('gstr1', 'from=2024-04-01&to=2024-06-30&format=csv&section=hsn'));
		assert.equal(csv.status, 200);
		assert.ok(csv.text.startsWith('HSN,UQC,Total Quantity,Rate,Total Value,Taxable Value,'));
		assert.match(csv.headers.get('content-disposition'), /gstr1_2024-04-01_2024-06-30_hsn\.csv/);

		const g3 = await admin.get(rep('gstr3b', 'from=2024-04-01&to=2024-06-30'));
		const a = rows(g3).find((x) => x.cells.section === '3.1(a)');
		assert.deepEqual([a.cells.taxable, a.cells.igst, a.cells.cgst, a.cells.sgst], ['70000.00', '2500.00', '1800.00', '1800.00']);
		assert.equal(sum(g3, 'payable_igst'), '2500.00');
		assert.equal(sum(g3, 'payable_cgst'), '0.00'); // 1,800 out, 1,800 input
		assert.equal(g3.json.gstr3b.itc_elg.itc_avl.find((x) => x.ty === 'OTH').camt, '1800.00');
	});

	test('bad parameters name the field', async () => {
		assertError(assert, await admin.get(rep('trial-balance', 'from=2024-13-01')), 400, 'invalid', 'from');
		assertError(assert, await admin.get(rep('trial-balance', 'to=2024-02-30')), 400, 'invalid', 'to');
		assertError(assert, await admin.get(rep('trial-balance', 'from=2024-05-02&to=2024-05-01')), 400, 'invalid', 'from');
		assertError(assert, await admin.get(rep('trial-balance', 'from=2024-04-01-and-more')), 400, 'invalid', 'from');
		assertError(assert, await admin.get(rep('trial-balance', 'format=xml')), 400, 'invalid', 'format');
		assertError(assert, await admin.get(rep('trial-balance', 'depth=x')), 400, 'invalid', 'depth');
		assertError(assert, await admin.get(rep('gstr1', 'section=nope')), 400, 'invalid', 'section');
		assertError(assert, await admin.get(rep('ledger')), 400, 'invalid', 'ledger_id');
		assertError(assert, await admin.get(rep('ledger', 'ledger_id=999999')), 404, 'not_found', 'ledger_id');
		assertError(assert, await admin.get(rep('ledger', 'ledger_id=-1')), 400, 'invalid', 'ledger_id');
		assertError(assert, await admin.get(rep('bank-reconciliation')), 400, 'invalid', 'ledger_id');
		assertError(assert, await admin.get(rep('no-such-report')), 404, 'not_found');
		assertError(assert, await admin.post(rep('trial-balance'), {}), 404, 'not_found');
	});

	test('who may read, and the tenant wall', async () => {
		const ana = s.as('ana');
		assert.equal((await ana.get(rep('balance-sheet'))).status, 200);
		assertError(assert, await s.as('asst').get(rep('balance-sheet')), 403, 'forbidden');
		assertError(assert, await s.anon().get(rep('balance-sheet')), 401, 'unauthenticated');
		assertError(assert, await ana.post(co(`/bank-statements?ledger_id=${id.bank}`), 'date,description,reference,withdrawal,deposit\n',
			{ 'Content-Type': 'text/csv' }), 403, 'forbidden');
		// Company 2 sees none of company 1's books, and cannot name its ledgers.
		const tb2 = await admin.get(rep('trial-balance', 'from=2024-04-01&to=2025-03-31', 2));
		assert.equal(tb2.status, 200);
		assert.equal(sum(tb2, 'debit_total'), '0.00');
		assertError(assert, await admin.get(rep('ledger', `ledger_id=${id.bank}`, 2)), 404, 'not_found', 'ledger_id');
		assertError(assert, await ana.get(rep('balance-sheet', '', 2)), 403, 'forbidden');
	});

	test('bank statement: import, match, reconcile; durable, audited, idempotent', async () => {
		const statement = [
			'Date,Description,Reference,Withdrawal,Deposit',
			'01-04-2024,Capital introduced,,,"1,00,000.00"',
			'21-04-2024,"NEFT CR, Sharma Traders",N42,,"10,000.00"',
			'2024-04-27,CHQ 000101,000101,"5,000.00",',
			'2024-04-30,Bank charges,,59.00,',
		].join('\r\n');
		const url = co(`/bank-statements?ledger_id=${id.bank}`);
		const csv = { 'Content-Type': 'text/csv' };
		assertError(assert, await admin.post(co('/bank-statements'), statement, csv), 400, 'invalid', 'ledger_id');
		assertError(assert, await admin.post(co(`/bank-statements?ledger_id=${id.rent}`), statement, csv), 422, 'unprocessable', 'ledger_id');
		assertError(assert, await admin.post(url, 'Date,Description,Reference,Withdrawal,Deposit\r\n31-02-2024,x,,1.00,\r\n', csv), 400, 'invalid', 'line 2');
		assertError(assert, await admin.post(url, { a: 1 }), 400, 'invalid', 'Content-Type');
		const audits = async () => (await admin.get(co('/audit?limit=200'))).json.items.filter((a) => a.entity === 'bank_statement').length;
		assert.equal(await audits(), 0, 'refused imports leave no trace');

		const first = await admin.post(url, statement, { ...csv, 'Idempotency-Key': 'stmt-april' });
		assert.equal(first.status, 201, first.text);
		assert.deepEqual(first.json, { ledger_id: id.bank, lines: 4, imported: 4, duplicates: 0, matched: 3, unmatched: 1 });
		const replay = await admin.post(url, statement, { ...csv, 'Idempotency-Key': 'stmt-april' });
		assert.equal(replay.status, 201);
		assert.equal(replay.headers.get('idempotent-replayed'), 'true');
		assert.deepEqual(replay.json, first.json);
		const again = await admin.post(url, statement, csv);
		assert.equal(again.status, 200);
		assert.equal(again.json.imported, 0);
		assert.equal(again.json.duplicates, 4);
		assert.equal(await audits(), 2, 'one audit record per import that ran');
		assert.equal(s.sql(`SELECT count(*) FROM bank_statement_lines WHERE ledger_id = ${id.bank}`), '4');

		const br = await admin.get(rep('bank-reconciliation', `ledger_id=${id.bank}&from=2024-04-01&to=2024-04-30`));
		assert.equal(br.status, 200, br.text);
		assert.equal(rows(br, 'matched').length, 3);
		assert.ok(rows(br, 'matched').every((x) => Number.isInteger(x.voucher_id)));
		assert.equal(rows(br, 'matched')[2].cells.days_apart, -2);
		assert.deepEqual(rows(br, 'unmatched_statement').map((x) => x.cells.withdrawal), ['59.00']);
		assert.equal(rows(br, 'unmatched_books').length, 0);
		assert.equal(sum(br, 'balance_as_per_books'), '105000.00');
		assert.equal(sum(br, 'balance_as_per_bank'), '104941.00');
		const sc = await admin.get(rep('bank-reconciliation', `ledger_id=${id.bank}&from=2024-04-01&to=2024-04-30&format=csv&section=unmatched_statement`));
		assert.equal(sc.text, 'Date,Description,Reference,Withdrawal,Deposit\r\n2024-04-30,Bank charges,,59.00,\r\n');
	});

	test('CLI: daftar report prints the same report', () => {
		const tb = s.cli(['report', 'trial-balance', '--data', s.dir, '--from', '2024-04-01', '--to', '2025-03-31', '--format', 'json']);
		assert.equal(tb.code, 0, tb.stderr);
		const j = JSON.parse(tb.stdout);
		assert.equal(j.summary.balanced, true);
		assert.equal(j.summary.debit_total, '214700.00');
		const led = s.cli(['report', 'ledger', '--data', s.dir, '--ledger', 'HDFC Bank', '--from', '2024-04-01', '--to', '2024-04-30']);
		assert.equal(led.code, 0, led.stderr);
		assert.match(led.stdout, /Closing Balance\s.*1,05,000\.00 Dr/);
		const csv = s.cli(['report', 'receivables', '--data', s.dir, '--to', '2024-06-30', '--format', 'csv']);
		assert.equal(csv.code, 0, csv.stderr);
		assert.match(csv.stdout, /Sharma Traders/);
		const empty = s.cli(['report', 'day-book', '--data', s.dir, '--company', '2', '--from', '2024-04-01', '--to', '2024-04-30']);
		assert.equal(empty.code, 0, empty.stderr);
		assert.match(empty.stdout, /Day Book\nBeta Co\n/);
		const bad = s.cli(['report', 'trial-balance', '--data', s.dir, '--from', '2024-02-30']);
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /from must be a date/);
		assert.equal(s.cli(['report', 'nope', '--data', s.dir]).code, 2);
		assert.equal(s.cli(['report', 'ledger', '--data', s.dir, '--ledger', 'No Such Ledger']).code, 4);
		assert.equal(s.cli(['report', 'trial-balance', '--data', s.dir, '--format', 'xml']).code, 2);
	});
});
