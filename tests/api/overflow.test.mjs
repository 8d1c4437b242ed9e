// The ceilings of amounts (₹10^15, MONEY_MAX in lib/money.h) and quantities (10^12 units, QTY_MAX
// in lib/qty.h) at every way money and stock come in: voucher lines, item lines (qty x rate, GST
// on top, the round-off), a ledger's opening balance, a party's credit limit, opening stock, stock
// journals, verification counts, a bank statement and a ledger journal. One value past its ceiling
// is 400, a sum, product or kept balance past it 422; either names the field, says reason
// "too_large" with the ceiling as a figure, and writes nothing. Figures at the ceiling go through,
// and posted then cancelled they leave every kept balance exactly as it was: integers, no drift.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { API, BACKEND, assertError, makeGstin, makePan, startServer } from './lib.mjs';

const co = (p, cid = 1) => `${API}/companies/${cid}${p}`;
const MAX = '1000000000000000.00';           // MONEY_MAX as the API writes it
const OVER = '1000000000000000.01';          // a paisa past it
const QMAX = '1000000000000';                // QTY_MAX in units
const QOVER = '1000000000000.001';

/** A refusal for a figure past its ceiling: status and field, reason too_large, the ceiling and its kind. */
function tooLarge(r, status, field, kind = 'amount') {
	assertError(assert, r, status, status === 400 ? 'invalid' : 'unprocessable', field);
	assert.equal(r.json.error.reason, 'too_large', r.text);
	assert.equal(r.json.error.kind, kind, r.text);
	assert.equal(r.json.error.max, kind === 'amount' ? MAX : QMAX, r.text);
}

describe('ceilings of amounts and quantities', () => {
	let s, admin, dir;
	const id = {};

	// Everything a refusal must leave alone, straight from the database.
	const state = () => s.sql([
		'SELECT (SELECT count(*) FROM vouchers)', '(SELECT count(*) FROM voucher_lines)', '(SELECT count(*) FROM voucher_items)',
		'(SELECT coalesce(sum(next_seq), 0) FROM voucher_series)', '(SELECT count(*) FROM ledgers)', '(SELECT count(*) FROM parties)',
		'(SELECT count(*) FROM items)', '(SELECT count(*) FROM stock_moves)', '(SELECT count(*) FROM stock_journals)',
		'(SELECT count(*) FROM bank_statement_lines)', '(SELECT count(*) FROM audit_log)',
		'(SELECT coalesce(sum(debit), 0) || \':\' || coalesce(sum(credit), 0) FROM ledger_day)',
		'(SELECT coalesce(sum(debit), 0) || \':\' || coalesce(sum(credit), 0) FROM ledger_month)',
		'(SELECT coalesce(sum(qty), 0) || \':\' || coalesce(sum(value), 0) FROM stock_balance)',
		'(SELECT coalesce(sum(qty), 0) || \':\' || coalesce(sum(value), 0) FROM stock_month)',
	].join(" || '/' || "));
	// Every kept balance, row by row, and on SQLite the type each figure is stored as.
	const kept = () => {
		const t = (c) => (BACKEND === 'sqlite' ? `typeof(${c})` : `pg_typeof(${c})::text`);
		return s.sql(`SELECT 'day', ledger_id, date, debit, credit, ${t('debit')}, ${t('credit')} FROM ledger_day
			UNION ALL SELECT 'month', ledger_id, month, debit, credit, ${t('debit')}, ${t('credit')} FROM ledger_month
			UNION ALL SELECT 'stock', item_id, CAST(godown_id AS TEXT), qty, value, ${t('qty')}, ${t('value')} FROM stock_balance
			ORDER BY 1, 2, 3`);
	};

	const post = async (body, cid = 1) => {
		const r = await admin.post(co('/vouchers', cid), body);
		assert.equal(r.status, 201, r.text);
		return r.json;
	};
	const cancel = async (v) => {
		const r = await admin.del(co(`/vouchers/${v.id}`), null, { 'If-Match': `"${v.version}"` });
		assert.equal(r.status, 200, r.text);
	};
	const journal = (date, dr, cr, amount) => ({ type: 'journal', date, lines: [{ ledger_id: dr, debit: amount }, { ledger_id: cr, credit: amount }] });
	const sale = (date, items) => ({ type: 'sales', date, items });
	/** Asserts r is refused as too large and that nothing was written. */
	const refusedClean = async (what, status, field, kind = 'amount') => {
		const before = state();
		tooLarge(await what(), status, field, kind);
		assert.equal(state(), before, `nothing written for ${field}`);
	};

	before(async () => {
		s = await startServer({ companies: ['Beta Co'] });
		admin = s.as('admin');
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-overflow-'));
		s.sql(`UPDATE companies SET state_code = '27', gstin = '${makeGstin('27', makePan(901))}' WHERE id = 1`);
		const ledgers = (await admin.get(co('/ledgers?limit=500'))).json.items;
		id.cash = ledgers.find((l) => l.kind === 'cash').id;
		id.capital = ledgers.find((l) => l.kind === 'capital').id;
		const groups = (await admin.get(co('/groups?limit=500'))).json.items;
		id.bankGroup = groups.find((g) => g.code === 'bank_accounts').id;
		id.suspense = groups.find((g) => g.code === 'suspense').id;
		const bank = await admin.post(co('/ledgers'), { name: 'SBI Current', group_id: id.bankGroup });
		assert.equal(bank.status, 201, bank.text);
		id.bank = bank.json.id;
		const units = (await admin.get(co('/units'))).json.items;
		id.pcs = units.find((u) => u.symbol === 'pcs').id;
		id.godown = (await admin.get(co('/godowns'))).json.items[0].id;
		const g2 = await admin.post(co('/godowns'), { name: 'Second Godown' });
		id.godown2 = g2.json.id;
		const rod = await admin.post(co('/items'), { sku: 'ROD', name: 'Steel rod', unit_id: id.pcs });
		assert.equal(rod.status, 201, rod.text);
		id.rod = rod.json.id;
	});
	after(async () => {
		await s?.stop();
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	test('voucher lines: one amount past the ceiling is 400, a side whose total passes it 422', async () => {
		await refusedClean(() => admin.post(co('/vouchers'), journal('2024-05-01', id.cash, id.capital, OVER)), 400, 'lines[0].debit');
		await refusedClean(() => admin.post(co('/vouchers'), {
			type: 'journal', date: '2024-05-01',
			lines: [{ ledger_id: id.cash, debit: MAX }, { ledger_id: id.capital, credit: '80000000000000000.00' }],
		}), 400, 'lines[1].credit');
		// past int64 is the same refusal, never a parse error or a wrapped figure
		await refusedClean(() => admin.post(co('/vouchers'), journal('2024-05-01', id.cash, id.capital, '99999999999999999999999.99')),
			400, 'lines[0].debit');
		await refusedClean(() => admin.post(co('/vouchers'), {
			type: 'journal', date: '2024-05-01',
			lines: [{ ledger_id: id.cash, debit: MAX }, { ledger_id: id.bank, debit: '0.01' }, { ledger_id: id.capital, credit: MAX },
				{ ledger_id: id.capital, credit: '0.01' }],
		}), 422, 'lines[1].debit');
		await refusedClean(() => admin.post(co('/vouchers/preview'), {
			type: 'journal', date: '2024-05-01',
			lines: [{ ledger_id: id.capital, credit: MAX }, { ledger_id: id.cash, debit: '1.00' }, { ledger_id: id.capital, credit: '1.00' }],
		}), 422, 'lines[2].credit');
	});

	test('item lines: rate and qty past their ceilings (400), qty x rate and GST on top past it (422)', async () => {
		const item = (x) => ({ description: 'Bullion', gst_rate: '0', qty: '1', ...x });
		const cases = [
			[[item({ rate: OVER })], 400, 'items[0].rate'],
			[[item({ rate: '80000000000000000.00', gst_rate: '18' })], 400, 'items[0].rate'],
			[[item({ qty: QOVER, rate: '0' })], 400, 'items[0].qty', 'quantity'],
			[[item({ discount: OVER, rate: '1' })], 400, 'items[0].discount'],
			[[item({ qty: '2.001', rate: '500000000000000.00' })], 422, 'items[0].rate'],
			[[item({ qty: QMAX, rate: '1000.01' })], 422, 'items[0].rate'],
			// within the ceiling until GST is put on top of it
			[[item({ rate: MAX, gst_rate: '18' })], 422, 'items[0].rate'],
			[[item({ rate: '900000000000000.00' }), item({ rate: '100000000000000.01' })], 422, 'items[1].rate'],
		];
		for (const [items, status, field, kind] of cases) {
			for (const p of ['/vouchers', '/vouchers/preview'])
				await refusedClean(() => admin.post(co(p), sale('2024-05-02', items)), status, field, kind);
		}
		// a JSON integer quantity that fits int64 but not in thousandths (a number JavaScript cannot even write)
		const raw = '{"type":"sales","date":"2024-05-02","items":[{"description":"x","qty":9223372036854775807,"rate":"1","gst_rate":"0"}]}';
		await refusedClean(() => admin.post(co('/vouchers'), raw), 400, 'items[0].qty', 'quantity');
	});

	test('at the ceiling: figures go through, the reports read them, and cancelling restores every balance exactly', async () => {
		// balances already there, in a month of their own, that the huge figures must leave to the paisa
		await post(journal('2024-05-15', id.cash, id.capital, '12.34'));
		const nut = (await admin.post(co('/items'), { sku: 'NUT', name: 'Nut', unit_id: id.pcs })).json.id;
		await post({ type: 'purchase', date: '2024-05-15', items: [{ item_id: nut, qty: '3', rate: '33.33', gst_rate: '0' }] });
		const keptBefore = kept();
		assert.match(keptBefore, /\|1234\|/, keptBefore);
		const tbBefore = (await admin.get(co('/reports/trial-balance?from=2024-04-01&to=2025-03-31'))).json.summary;
		const posted = [];
		posted.push(await post(journal('2024-06-10', id.cash, id.capital, MAX)));
		// one paisa more on the same day takes Cash's day (and month) past the ceiling: the database refuses it
		await refusedClean(() => admin.post(co('/vouchers'), journal('2024-06-10', id.cash, id.capital, '0.01')), 422, 'lines[0].debit');
		await refusedClean(() => admin.post(co('/vouchers'), journal('2024-06-20', id.bank, id.capital, '0.01')), 422, 'lines[1].credit');
		posted.push(await post(journal('2024-07-10', id.cash, id.capital, MAX)));
		// a sale whose total rounds up to the ceiling exactly: 0.40 of round-off
		const v = await post(sale('2024-08-01', [{ description: 'Bullion', qty: '2', rate: '499999999999999.80', gst_rate: '0' }]));
		assert.deepEqual([v.taxable, v.round_off, v.total], ['999999999999999.60', '0.40', MAX]);
		posted.push(v);
		// GST on top, exactly to the ceiling: 10^15 / 1.28 rupees at 28 %, intra-state
		const g = await post(sale('2024-09-01', [{ description: 'Car', qty: '1', rate: '781250000000000.00', gst_rate: '28' }]));
		assert.deepEqual([g.taxable, g.cgst, g.sgst, g.total], ['781250000000000.00', '109375000000000.00', '109375000000000.00', MAX]);
		posted.push(g);
		// a purchase of the most stock there can be, at the most it may be worth
		const p = await post({ type: 'purchase', date: '2024-10-01',
			items: [{ item_id: id.rod, qty: QMAX, rate: '1000.00', gst_rate: '0' }] });
		assert.equal(p.total, MAX);
		posted.push(p);
		await refusedClean(() => admin.post(co('/vouchers'), { type: 'purchase', date: '2024-11-01',
			items: [{ item_id: id.rod, qty: '1', rate: '0', gst_rate: '0' }] }), 422, 'items[0].qty', 'quantity');
		const rod = (await admin.get(co(`/items/${id.rod}`))).json;
		assert.deepEqual([rod.in_stock, rod.stock_value], [QMAX, MAX]);

		for (const r of ['trial-balance', 'day-book', 'balance-sheet', 'profit-loss', 'stock-summary']) {
			const got = await admin.get(co(`/reports/${r}?from=2024-04-01&to=2025-03-31`));
			assert.equal(got.status, 200, `${r}: ${got.text}`);
		}
		const tb = (await admin.get(co('/reports/trial-balance?from=2024-04-01&to=2025-03-31'))).json.summary;
		assert.equal(tb.debit_total, tb.credit_total);
		assert.equal(tb.balanced, true);

		for (const x of posted.reverse()) await cancel(x);
		assert.equal(kept().replace(/\n?[^\n]*\|0\|0\|[^\n]*/g, ''), keptBefore.replace(/\n?[^\n]*\|0\|0\|[^\n]*/g, ''),
			'every kept balance as it was (rows emptied by the cancellations aside)');
		for (const row of kept().split('\n').filter(Boolean)) {
			const [, , , , , t1, t2] = row.split('|');
			assert.deepEqual([t1, t2], BACKEND === 'sqlite' ? ['integer', 'integer'] : ['bigint', 'bigint'], row);
		}
		assert.deepEqual((await admin.get(co('/reports/trial-balance?from=2024-04-01&to=2025-03-31'))).json.summary, tbBefore);
	});

	test('the database itself refuses a float or a figure past the ceiling in a money or quantity column', async () => {
		const sql = BACKEND === 'sqlite'
			? [`INSERT INTO ledger_day(company_id, ledger_id, date, debit, credit) VALUES (1, ${id.cash}, '2030-01-01', 1.5, 0)`,
				`INSERT INTO ledger_day(company_id, ledger_id, date, debit, credit) VALUES (1, ${id.cash}, '2030-01-01', 1e19, 0)`,
				'UPDATE voucher_lines SET amount = amount * 1.5']
			: [`INSERT INTO ledger_day(company_id, ledger_id, date, debit, credit) VALUES (1, ${id.cash}, '2030-01-01', 100000000000000001, 0)`];
		for (const q of [...sql, 'UPDATE voucher_lines SET amount = amount * 10', `UPDATE stock_balance SET qty = 1000000000000001 WHERE item_id = ${id.rod}`,
			`INSERT INTO voucher_lines(voucher_id, line_no, company_id, ledger_id, date, amount) SELECT id, 99, 1, ${id.cash}, date, -100000000000000001 FROM vouchers LIMIT 1`]) {
			const r = s.sqlRaw(q);
			assert.notEqual(r.code, 0, `refused: ${q}`);
			assert.match(r.stderr, /ceiling_(money|qty)_|cannot store REAL value in INTEGER column/, r.stderr);
		}
	});

	test('opening balances and credit limits: at the ceiling, not past it', async () => {
		const ok = await admin.post(co('/ledgers'), { name: 'Reserves', group_id: id.suspense, opening_balance: `-${MAX}` });
		assert.equal(ok.status, 201, ok.text);
		assert.equal(ok.json.opening_balance, `-${MAX}`);
		await refusedClean(() => admin.post(co('/ledgers'), { name: 'Too much', group_id: id.suspense, opening_balance: OVER }), 400, 'opening_balance');
		await refusedClean(() => admin.post(co('/ledgers'), { name: 'Too much', group_id: id.suspense, opening_balance: '-92233720368547758.08' }),
			400, 'opening_balance');
		await refusedClean(() => admin.post(co('/parties'), { name: 'Big Buyer', credit_limit: OVER }), 400, 'credit_limit');
		const p = await admin.post(co('/parties'), { name: 'Big Buyer', credit_limit: MAX });
		assert.equal(p.status, 201, p.text);
		const tb = await admin.get(co('/reports/trial-balance?from=2024-04-01&to=2025-03-31'));
		assert.equal(tb.status, 200, tb.text);
	});

	test('opening stock: a huge quantity is 400 (it was a 500), qty x rate and the godown\'s stock past the ceiling 422', async () => {
		const item = (sku, opening) => admin.post(co('/items'), { sku, name: sku, unit_id: id.pcs, opening });
		await refusedClean(() => item('HUGE1', [{ godown_id: id.godown, qty: '9000000000000000', rate: '0' }]), 400, 'opening[0].qty', 'quantity');
		await refusedClean(() => item('HUGE2', [{ godown_id: id.godown, qty: 9000000000000000, rate: '0' }]), 400, 'opening[0].qty', 'quantity');
		await refusedClean(() => item('HUGE3', [{ godown_id: id.godown, qty: '1', rate: OVER }]), 400, 'opening[0].rate');
		await refusedClean(() => item('HUGE4', [{ godown_id: id.godown, qty: QMAX, rate: '1000.01' }]), 422, 'opening[0].rate');
		await refusedClean(() => item('HUGE5', [{ godown_id: id.godown, qty: QMAX, rate: '0' }, { godown_id: id.godown, qty: '1', rate: '0' }]),
			422, 'opening[1].qty', 'quantity');
		const ok = await item('FULL', [{ godown_id: id.godown, qty: QMAX, rate: '1000' }, { godown_id: id.godown2, qty: QMAX, rate: '1000' }]);
		assert.equal(ok.status, 201, ok.text);
		assert.equal(ok.json.stock_value, '2000000000000000.00');
		id.full = ok.json.id;
		await refusedClean(() => admin.post(co('/items'), { sku: 'R2', name: 'R2', unit_id: id.pcs, reorder_level: QOVER }), 400, 'reorder_level', 'quantity');
		await refusedClean(() => admin.post(co('/units'), { symbol: 'crate', name: 'Crate', base_unit_id: id.pcs, factor: QOVER }), 400, 'factor', 'quantity');
	});

	test('stock journals and verification counts: at the ceiling, not past it', async () => {
		const sj = (body) => admin.post(co('/stock-journals'), { date: '2024-12-01', ...body });
		await refusedClean(() => sj({ kind: 'production', lines: [{ item_id: id.rod, godown_id: id.godown2, qty: QOVER }] }), 400, 'lines[0].qty', 'quantity');
		await refusedClean(() => sj({ kind: 'production', lines: [{ item_id: id.rod, godown_id: id.godown2, qty: '1', rate: OVER }] }), 400, 'lines[0].rate');
		await refusedClean(() => sj({ kind: 'production', lines: [{ item_id: id.rod, godown_id: id.godown2, qty: QMAX, rate: '1000.01' }] }),
			422, 'lines[0].rate');
		// the FULL item holds the ceiling in both godowns: nothing more comes in, by transfer either
		await refusedClean(() => sj({ kind: 'production', lines: [{ item_id: id.full, godown_id: id.godown, qty: '1' }] }), 422, 'lines[0].qty',
			'quantity');
		await refusedClean(() => sj({ kind: 'transfer', lines: [{ item_id: id.full, godown_id: id.godown, to_godown_id: id.godown2, qty: '1' }] }),
			422, 'lines[0].qty', 'quantity');
		const made = await sj({ kind: 'consumption', lines: [{ item_id: id.full, godown_id: id.godown, qty: QMAX }] });
		assert.equal(made.status, 201, made.text);
		// counts: past the ceiling is 400; the ceiling itself is counted
		const count = (qty) => admin.post(co('/stock-verifications'), { date: '2024-12-02', godown_id: id.godown, counts: [{ item_id: id.full, qty }] });
		await refusedClean(() => count(QOVER), 400, 'counts[0].qty', 'quantity');
		await refusedClean(() => admin.post(co('/stock-verifications'),
			`{"date":"2024-12-02","godown_id":${id.godown},"counts":[{"item_id":${id.full},"qty":9223372036854775807}]}`), 400, 'counts[0].qty', 'quantity');
		const c = await count(QMAX);
		assert.equal(c.status, 201, c.text);
		assert.deepEqual(c.json.adjustments.map((a) => [a.book, a.counted]), [['0', QMAX]]);
	});

	test('a bank statement line past the ceiling is refused naming its line', async () => {
		const csv = { 'Content-Type': 'text/csv' };
		const url = co(`/bank-statements?ledger_id=${id.bank}`);
		const head = 'Date,Description,Reference,Withdrawal,Deposit\r\n01-04-2024,Opening,,,100.00\r\n';
		await refusedClean(() => admin.post(url, `${head}02-04-2024,Huge,,,"1,00,00,00,00,00,00,000.01"\r\n`, csv), 400, 'line 3');
		await refusedClean(() => admin.post(url, `${head}02-04-2024,Huge,,99999999999999999999999,\r\n`, csv), 400, 'line 3');
		const ok = await admin.post(url, `${head}02-04-2024,Huge,,,"1,00,00,00,00,00,00,000.00"\r\n`, csv);
		assert.equal(ok.status, 201, ok.text);
		assert.equal(s.sql(`SELECT max(amount) FROM bank_statement_lines WHERE ledger_id = ${id.bank}`), '100000000000000000');
	});

	test('a ledger journal with a huge amount is refused naming its line, and writes nothing', () => {
		const write = (name, text) => {
			const p = path.join(dir, name);
			fs.writeFileSync(p, text);
			return p;
		};
		const cases = [
			['one.journal', '2024-04-01 x\n    Assets:Cash  1000000000000000.01\n    Income:X\n', 2, 'line 2: amount is too large'],
			['int64.journal', '2024-04-01 x\n    Assets:Cash  92233720368547758.08\n    Income:X\n', 2, 'line 2: amount is too large'],
			['elided.journal', '2024-04-01 x\n    Assets:Cash  1000000000000000\n    Assets:Bank  0.01\n    Income:X\n', 6, 'line 4: amount is too large'],
			['day.journal', '2024-04-01 a\n    Assets:Cash  1000000000000000\n    Income:X\n2024-04-01 b\n    Assets:Cash  0.01\n    Income:X\n', 6,
				'line 5: amount is too large'],
		];
		for (const [name, text, code, msg] of cases) {
			const before = state();
			const r = s.cli(['import', 'ledger', '--data', s.dir, write(name, text)]);
			assert.equal(r.code, code, `${name}: ${r.stderr}`);
			assert.ok(r.stderr.includes(msg), `${name}: ${r.stderr}`);
			assert.equal(state(), before, `${name}: nothing written`);
		}
		const r = s.cli(['import', 'ledger', '--data', s.dir, write('max.journal', '2025-01-01 at the ceiling\n    Assets:Cash  1000000000000000\n    Income:X\n')]);
		assert.equal(r.code, 0, r.stderr);
	});
});
