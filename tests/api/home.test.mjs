// The home screen's figures (GET /companies/{cid}/home) against the books they summarise: with the
// clock pinned at 15 November 2024, the cash and bank balances are the trial balance's closing
// Cash and Bank; sales this month are the trial balance's Sales Accounts for 1-15 November (net of
// a credit note, without a sale dated after today); receivables and payables overdue and due this
// week are the bills report's pending bills by due date; GST payable is GSTR-3B's; items to reorder
// are the reorder report's; recent vouchers are the voucher list's first page. Each is also worked
// out by hand. A role that may not read the reports gets no money at all; another company's books
// never show.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { API, assertError, makeGstin, makePan, reportView, startServer } from './lib.mjs';

const TODAY = '2024-11-15';
const NOW = Date.UTC(2024, 10, 15, 6, 0, 0) / 1000; // 11:30 in India
const co = (p, cid = 1) => `${API}/companies/${cid}${p}`;

/** Paise of a decimal string, for sums without floating point. */
const paise = (s) => {
	const m = /^(-?)(\d+)\.(\d{2})$/.exec(s);
	assert.ok(m, `money ${s}`);
	return (m[1] ? -1n : 1n) * (BigInt(m[2]) * 100n + BigInt(m[3]));
};
const rupees = (p) => `${p < 0n ? '-' : ''}${(p < 0n ? -p : p) / 100n}.${String((p < 0n ? -p : p) % 100n).padStart(2, '0')}`;

describe('the home screen\'s figures are the books\'', () => {
	let s, admin, clockDir;
	const id = {};
	const num = {};

	before(async () => {
		clockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-home-'));
		const clock = path.join(clockDir, 'clock');
		fs.writeFileSync(clock, `@${NOW}\n`);
		s = await startServer({
			env: { DAFTAR_TEST_CLOCK_FILE: clock },
			companies: ['Beta Co'],
			users: [{ name: 'ana', role: 'analyst' }, { name: 'asst', role: 'assistant' }, { name: 'aud', role: 'auditor' },
				{ name: 'coord', role: 'coordinator' }, { name: 'olga', role: 'admin', company: 2 }],
		});
		admin = s.as('admin');
		s.sql(`UPDATE companies SET state_code = '27', gstin = '${makeGstin('27', makePan(4242))}'`);

		const groups = (await admin.get(co('/groups'))).json.items;
		const group = (code) => groups.find((g) => g.code === code).id;
		const ledgers = (await admin.get(co('/ledgers'))).json.items;
		id.cash = ledgers.find((l) => l.kind === 'cash').id;
		id.capital = ledgers.find((l) => l.kind === 'capital').id;
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
		id.sharma = await party({ kind: 'customer', name: 'Sharma Traders', state_code: '27', payment_terms_days: 30 });
		id.bansal = await party({ kind: 'customer', name: 'बंसल किराना स्टोर', state_code: '29', payment_terms_days: 7 });
		id.walkin = await party({ kind: 'customer', name: 'Walk-in Customer', state_code: '27', payment_terms_days: 0 });
		id.mehta = await party({ kind: 'vendor', name: 'Mehta Steel', state_code: '27', payment_terms_days: 7 });
		const units = (await admin.get(co('/units'))).json.items;
		const main = (await admin.get(co('/godowns'))).json.items[0].id;
		const item = async (body) => {
			const r = await admin.post(co('/items'), { unit_id: units.find((u) => u.symbol === 'pcs').id, ...body });
			assert.equal(r.status, 201, r.text);
			return r.json.id;
		};
		id.cement = await item({ sku: 'CEM', name: 'Cement OPC 53', name_hi: 'सीमेंट', reorder_level: '10',
			opening: [{ godown_id: main, qty: '3', rate: '350' }], opening_date: '2024-04-01' });
		id.rod = await item({ sku: 'ROD', name: 'Steel Rod', reorder_level: '5', opening: [{ godown_id: main, qty: '50', rate: '60' }],
			opening_date: '2024-04-01' });

		const post = async (body, cid = 1) => {
			const r = await (cid === 1 ? admin : admin).post(co('/vouchers', cid), body);
			assert.equal(r.status, 201, `${body.type} ${body.date}: ${r.text}`);
			return r.json;
		};
		const goods = (rate, gst, qty = '1') => [{ description: 'Goods', hsn: '2523', qty, unit: 'NOS', rate, gst_rate: gst }];
		await post({ type: 'journal', date: '2024-04-01', narration: 'Capital',
			lines: [{ ledger_id: id.bank, debit: '500000.00' }, { ledger_id: id.cash, debit: '20000.00' }, { ledger_id: id.capital, credit: '520000.00' }] });
		num.oct = (await post({ type: 'sales', date: '2024-10-05', party_id: id.sharma.id, items: goods('10000.00', '18') })).number; // 11,800 due 4 Nov
		await post({ type: 'sales', date: '2024-10-25', party_id: id.sharma.id, items: goods('3000.00', '18') });                    // 3,540 due 24 Nov
		await post({ type: 'receipt', date: '2024-10-20',
			lines: [{ ledger_id: id.bank, debit: '5000.00' }, { ledger_id: id.sharma.ledger, credit: '5000.00', bill_ref: num.oct, bill_type: 'against' }] });
		num.nov1 = (await post({ type: 'sales', date: '2024-11-10', party_id: id.sharma.id, items: goods('5000.00', '18', '2') })).number; // 11,800
		await post({ type: 'sales', date: '2024-11-12', party_id: id.bansal.id, items: goods('20000.00', '12') });   // 22,400 IGST, due 19 Nov
		await post({ type: 'credit_note', date: '2024-11-13', party_id: id.sharma.id, reference: num.nov1, items: goods('5000.00', '18') }); // -5,900
		await post({ type: 'sales', date: '2024-11-15', party_id: id.walkin.id, items: goods('1000.00', '5') });     // 1,050 due today
		await post({ type: 'sales', date: '2024-11-20', party_id: id.sharma.id, items: goods('7000.00', '18') });    // after today
		await post({ type: 'purchase', date: '2024-11-01', party_id: id.mehta.id, reference: 'MS/101', items: goods('2000.00', '18') }); // 2,360 due 8 Nov
		await post({ type: 'purchase', date: '2024-11-14', party_id: id.mehta.id, reference: 'MS/102', items: goods('1000.00', '18') }); // 1,180 due 21 Nov
		await post({ type: 'payment', date: '2024-11-05', narration: 'Rent', lines: [{ ledger_id: id.rent, debit: '2000.00' }, { ledger_id: id.cash, credit: '2000.00' }] });
		await post({ type: 'contra', date: '2024-11-25', narration: 'After today',
			lines: [{ ledger_id: id.bank, debit: '1000.00' }, { ledger_id: id.cash, credit: '1000.00' }] });

		// Company 2: money of its own that must never show in company 1's figures.
		const bl = (await admin.get(co('/ledgers', 2))).json.items;
		await post({ type: 'journal', date: '2024-11-02', narration: 'Beta capital',
			lines: [{ ledger_id: bl.find((l) => l.kind === 'cash').id, debit: '999999.00' }, { ledger_id: bl.find((l) => l.kind === 'capital').id, credit: '999999.00' }] }, 2);
	});
	after(async () => {
		if (s) await s.stop();
		fs.rmSync(clockDir, { recursive: true, force: true });
	});

	const home = async (c = admin, cid = 1) => {
		const r = await c.get(co('/home', cid));
		assert.equal(r.status, 200, r.text);
		return r.json;
	};
	const report = async (name, q) => {
		const r = await admin.get(co(`/reports/${name}?${q}`));
		assert.equal(r.status, 200, `${name}: ${r.text}`);
		return r.json;
	};

	test('today is the company\'s; every figure is there for an admin', async () => {
		const h = await home();
		assert.equal(h.today, TODAY);
		assert.equal(h.money, true);
		assert.deepEqual(Object.keys(h), ['today', 'money', 'cash', 'receivables', 'payables', 'gst', 'sales', 'reorder', 'recent']);
	});

	test('cash and bank: each balance is the trial balance\'s closing at today', async () => {
		const h = await home();
		const tb = await report('trial-balance', `from=2024-04-01&to=${TODAY}`);
		const closing = (lid) => {
			const row = tb.tables[0].rows.find((x) => x.ledger_id === lid);
			return paise(row.cells.closing_debit || '0.00') - paise(row.cells.closing_credit || '0.00');
		};
		assert.deepEqual(h.cash.ledgers.map((l) => [l.ledger_id, l.kind]), [[id.cash, 'cash'], [id.bank, 'bank']]);
		for (const l of h.cash.ledgers) assert.equal(l.balance, rupees(closing(l.ledger_id)), l.name);
		assert.equal(h.cash.ledgers[0].balance, '18000.00', '20,000 less the rent; not the contra after today');
		assert.equal(h.cash.ledgers[1].balance, '505000.00');
		assert.equal(h.cash.cash, '18000.00');
		assert.equal(h.cash.bank, '505000.00');
		assert.equal(h.cash.total, '523000.00');
		// the ledger report it drills to closes on the same figure
		const lr = await report('ledger', `ledger_id=${id.cash}&from=2024-04-01&to=${TODAY}`);
		assert.equal(lr.summary.closing, '18000.00');
	});

	test('sales this month are the trial balance\'s Sales Accounts for the month to today, against last month', async () => {
		const h = await home();
		const sales = async (from, to) => {
			const tb = await report('trial-balance', `from=${from}&to=${to}`);
			const g = tb.tables[0].rows.find((x) => x.kind === 'group' && x.cells.particulars === 'Sales Accounts');
			return rupees(paise(g.cells.credit || '0.00') - paise(g.cells.debit || '0.00'));
		};
		assert.deepEqual(h.sales.this_month, { from: '2024-11-01', to: TODAY, amount: await sales('2024-11-01', TODAY) });
		assert.equal(h.sales.this_month.amount, '26000.00', '10,000 + 20,000 + 1,000 less the 5,000 credit note; not the sale of 20 November');
		assert.deepEqual(h.sales.last_month, { from: '2024-10-01', to: '2024-10-31', amount: await sales('2024-10-01', '2024-10-31') });
		assert.equal(h.sales.last_month.amount, '13000.00');
		assert.deepEqual(h.sales.last_month_same_days, { from: '2024-10-01', to: '2024-10-15', amount: '10000.00' });
		assert.equal(h.sales.days.length, 15, 'one bar a day, 1 to 15 November');
		assert.deepEqual(h.sales.days.filter((d) => d.amount !== '0.00'),
			[{ date: '2024-11-10', amount: '10000.00' }, { date: '2024-11-12', amount: '20000.00' },
				{ date: '2024-11-13', amount: '-5000.00' }, { date: '2024-11-15', amount: '1000.00' }]);
		assert.equal(rupees(h.sales.days.reduce((a, d) => a + paise(d.amount), 0n)), h.sales.this_month.amount);
	});

	test('receivables and payables: the bills report\'s pending bills, overdue and due this week', async () => {
		const h = await home();
		const byDue = async (name) => {
			const r = reportView(await report(name, `to=${TODAY}`));
			const bills = r.rows.filter((x) => x.date && paise(x.pending) > 0n);
			const due = (b) => b.due_date || b.date;
			const sum = (xs) => rupees(xs.reduce((a, b) => a + paise(b.pending), 0n));
			const over = bills.filter((b) => due(b) < TODAY);
			const week = bills.filter((b) => due(b) >= TODAY && due(b) <= '2024-11-21');
			return { pending: r.pending, on_account: r.on_account, overdue: sum(over), overdue_bills: over.length,
				due_this_week: sum(week), due_this_week_bills: week.length, week_to: '2024-11-21' };
		};
		assert.deepEqual(h.receivables, await byDue('receivables'));
		assert.deepEqual(h.receivables, { pending: '39690.00', on_account: '0.00', overdue: '6800.00', overdue_bills: 1,
			due_this_week: '23450.00', due_this_week_bills: 2, week_to: '2024-11-21' }, 'by hand');
		assert.deepEqual(h.payables, await byDue('payables'));
		assert.deepEqual(h.payables, { pending: '3540.00', on_account: '0.00', overdue: '2360.00', overdue_bills: 1,
			due_this_week: '1180.00', due_this_week_bills: 1, week_to: '2024-11-21' }, 'by hand');
	});

	test('GST payable this month is GSTR-3B\'s for the month to today', async () => {
		const h = await home();
		const g = (await report('gstr3b', `from=2024-11-01&to=${TODAY}`)).summary;
		assert.deepEqual(h.gst, {
			from: '2024-11-01', to: TODAY, igst: g.payable_igst, cgst: g.payable_cgst, sgst: g.payable_sgst,
			payable: rupees(paise(g.payable_igst) + paise(g.payable_cgst) + paise(g.payable_sgst)), return_due: '2024-12-20',
		});
		// out: CGST 900 + 25 - 450 (credit note); in: 180 + 90 -> 205 payable; SGST alike; IGST 2,400
		assert.equal(h.gst.cgst, '205.00');
		assert.equal(h.gst.sgst, '205.00');
		assert.equal(h.gst.igst, '2400.00');
		assert.equal(h.gst.payable, '2810.00');
	});

	test('items to reorder are the reorder report\'s; recent vouchers the voucher list\'s first page', async () => {
		const h = await home();
		const ro = reportView(await report('reorder', ''));
		assert.equal(h.reorder.count, ro.rows.length);
		assert.deepEqual(h.reorder.items.map((x) => x.item_id), ro.rows.map((x) => x.item_id));
		assert.deepEqual(h.reorder.items, [{ item_id: id.cement, sku: 'CEM', name: 'Cement OPC 53', name_hi: 'सीमेंट', unit: 'pcs',
			in_stock: '3', reorder_level: '10', suggested_qty: ro.rows[0].suggested_qty }]);
		const list = (await admin.get(co('/vouchers?limit=8'))).json.items;
		assert.deepEqual(h.recent, list);
	});

	test('a role without the reports\' permission gets no money: no balances, bills, tax, sales or amounts', async () => {
		for (const user of ['ana', 'aud', 'coord']) {
			const h = await home(s.as(user));
			assert.equal(h.money, true, user);
			assert.equal(h.cash.total, '523000.00', user);
		}
		const h = await home(s.as('asst'));
		assert.equal(h.money, false);
		assert.deepEqual(Object.keys(h), ['today', 'money', 'reorder', 'recent']);
		assert.equal(h.reorder.count, 1);
		assert.equal(h.recent.length, 8);
		for (const v of h.recent) {
			assert.ok(!('total' in v), `no amount: ${JSON.stringify(v)}`);
			assert.ok(v.number && v.date && v.type);
		}
		assert.doesNotMatch(JSON.stringify(h), /"\d+\.\d\d"/, 'no amount anywhere');
		// nor does the assistant reach the reports the figures drill to
		assertError(assert, await s.as('asst').get(co('/reports/trial-balance')), 403, 'forbidden');
	});

	test('another company\'s books never show; it sees its own', async () => {
		const beta = await home(admin, 2);
		assert.equal(beta.cash.total, '999999.00');
		assert.equal(beta.sales.this_month.amount, '0.00');
		assert.equal(beta.receivables.pending, '0.00');
		assert.equal(beta.recent.length, 1);
		assert.equal((await home()).cash.total, '523000.00');
		assertError(assert, await s.as('olga').get(co('/home')), 403, 'forbidden');
		assert.equal((await home(s.as('olga'), 2)).cash.total, '999999.00');
		assertError(assert, await s.anon().get(co('/home')), 401);
		assertError(assert, await admin.get(co('/home', 99)), 403);
	});

	test('a company with nothing in its books: every figure is zero, nothing to list', async () => {
		s.cli(['company', 'add', '--data', s.dir, '--name', 'Empty Co', '--admin', 'admin']);
		const h = await home(admin, 3);
		assert.equal(h.cash.total, '0.00');
		assert.deepEqual(h.cash.ledgers.map((l) => l.balance), ['0.00']);
		assert.equal(h.receivables.overdue, '0.00');
		assert.equal(h.gst.payable, '0.00');
		assert.equal(h.sales.last_month.amount, '0.00');
		assert.equal(h.reorder.count, 0);
		assert.deepEqual(h.recent, []);
	});
});
