// The stock reports on the command line: `daftar report stock-movement | reorder | stock-ageing |
// batches` print, as JSON and CSV, the same figures the API's stock reports answer and the ones
// worked by hand here (weighted average cost, FIFO layers for ageing, batches with and without an
// expiry, a transfer between godowns); an empty company prints empty reports and exits 0; an
// unknown item, a missing --item, a bad date and a date on a report of the stock now are refused
// on stderr with the documented exit codes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, startServer } from './lib.mjs';

const co = (p, cid = 1) => `${API}/companies/${cid}${p}`;

describe('stock reports in the CLI', () => {
	let s, admin, main, gb;
	const ids = {};

	const report = (name, ...args) => s.cli(['report', name, '--data', s.dir, ...args]);
	/** The CLI's report as JSON; fails the test unless it exits 0 with nothing on stderr. */
	function json(name, ...args) {
		const r = report(name, ...args, '--format', 'json');
		assert.equal(r.code, 0, r.stderr);
		assert.equal(r.stderr, '');
		return JSON.parse(r.stdout);
	}
	function csv(name, ...args) {
		const r = report(name, ...args, '--format', 'csv');
		assert.equal(r.code, 0, r.stderr);
		return r.stdout;
	}
	function table(name, ...args) {
		const r = report(name, ...args);
		assert.equal(r.code, 0, r.stderr);
		return r.stdout;
	}
	async function api(p) {
		const r = await admin.get(co(p));
		assert.equal(r.status, 200, r.text);
		return r.json;
	}
	async function item(body, cid = 1) {
		const r = await admin.post(co('/items', cid), body);
		assert.equal(r.status, 201, r.text);
		return r.json.id;
	}
	async function post(type, date, lines) {
		const r = await admin.post(co('/vouchers'), { type, date, items: lines.map((l) => ({ rate: '100', gst_rate: '18', ...l })) });
		assert.equal(r.status, 201, r.text);
		return r.json;
	}
	async function transfer(date, line) {
		const r = await admin.post(co('/stock-journals'), { kind: 'transfer', date, lines: [{ godown_id: main, to_godown_id: gb, ...line }] });
		assert.equal(r.status, 201, r.text);
	}
	const rowsOf = (j, table = 'main') => j.tables.find((t) => t.name === table).rows;

	before(async () => {
		s = await startServer({ companies: ['Empty Stock Co'] });
		admin = s.as('admin');
		main = (await api('/godowns')).items.find((g) => g.name === 'Main Godown').id;
		const b = await admin.post(co('/godowns'), { name: 'Godown B' });
		assert.equal(b.status, 201, b.text);
		gb = b.json.id;
		const units = (await api('/units')).items;
		const pcs = units.find((u) => u.symbol === 'pcs').id;
		const kg = units.find((u) => u.symbol === 'kg').id;

		// Rice at weighted average: 1,00,000 kg at ₹40, then 50,000 kg at ₹46 -> ₹42 a kg.
		ids.rice = await item({ sku: 'RICE-1', name: 'Basmati Rice', name_hi: 'बासमती चावल', unit_id: kg, reorder_level: '150000',
			opening: [{ godown_id: main, qty: '100000', rate: '40' }], opening_date: '2024-01-01' });
		ids.pen = await item({ sku: 'PEN-1', name: 'Gel Pen', unit_id: pcs, reorder_level: '20', reorder_qty: '100' });
		ids.syrup = await item({ sku: 'SYR-1', name: 'Cough Syrup', unit_id: pcs, tracks_batches: true,
			opening: [{ godown_id: main, qty: '10', rate: '50', batch: 'S-OLD', expiry: '2024-12-31' }], opening_date: '2024-01-01' });
		ids.antiseptic = await item({ sku: 'ANT-1', name: 'Antiseptic', unit_id: pcs, tracks_batches: true });
		ids.idle = await item({ sku: 'IDLE-1', name: 'Idle Item', unit_id: pcs });
		const pcs2 = (await admin.get(co('/units', 2))).json.items.find((u) => u.symbol === 'pcs').id;
		ids.theirs = await item({ sku: 'THEIRS-1', name: 'Their Item', unit_id: pcs2 }, 2);

		ids.buy = await post('purchase', '2024-04-10', [{ item_id: ids.rice, qty: '50000', rate: '46' }]);
		await post('purchase', '2024-04-05', [{ item_id: ids.pen, qty: '10', rate: '5' }]);
		await post('purchase', '2024-04-20', [
			{ item_id: ids.syrup, qty: '20', rate: '60', batch: 'S-NEW', expiry: '2025-06-30' },
			{ item_id: ids.syrup, qty: '5', rate: '55', batch: 'S-NOEXP' },
			{ item_id: ids.antiseptic, qty: '7', rate: '30', batch: 'A-1', expiry: '2024-12-31' },
		]);
		await post('sales', '2024-05-01', [{ item_id: ids.syrup, qty: '4', batch: 'S-OLD' }]);
		ids.sale = await post('sales', '2024-05-15', [{ item_id: ids.rice, qty: '30000.5', rate: '60' }]);
		await transfer('2024-06-01', { item_id: ids.rice, qty: '20000' });
		await transfer('2024-06-05', { item_id: ids.syrup, qty: '3', batch: 'S-NEW' });
	});
	after(() => s && s.stop());

	test('stock-movement: the API figures and the hand-worked ones, by SKU or id, in JSON, CSV and the table', async () => {
		const a = await api(`/reports/stock-movement?item_id=${ids.rice}&from=2024-04-01&to=2024-06-30`);
		const j = json('stock-movement', '--item', 'RICE-1', '--from', '2024-04-01', '--to', '2024-06-30');
		assert.equal(j.report, 'stock-movement');
		assert.deepEqual([j.from, j.to], ['2024-04-01', '2024-06-30']);
		const rows = rowsOf(j);
		assert.deepEqual(rows.map((r) => r.kind), ['opening', 'data', 'data', 'data', 'data', 'subtotal', 'closing']);
		const data = rows.filter((r) => r.kind === 'data');
		const cells = ['date', 'type', 'godown', 'in', 'out', 'value', 'balance_qty', 'balance_value'];
		// the CLI's report is the API's report, byte for byte in JSON
		assert.deepEqual(j, a);
		// and the figures worked by hand: cost ₹42 a kg once the purchase is in
		assert.deepEqual(data.map((r) => cells.map((k) => r.cells[k])), [
			['2024-04-10', 'purchase', 'Main Godown', '50000', '0', '2300000.00', '150000', '6300000.00'],
			['2024-05-15', 'sales', 'Main Godown', '0', '30000.5', '-1260021.00', '119999.5', '5039979.00'],
			['2024-06-01', 'transfer', 'Main Godown', '0', '20000', '-840000.00', '99999.5', '4199979.00'],
			['2024-06-01', 'transfer', 'Godown B', '20000', '0', '840000.00', '119999.5', '5039979.00'],
		]);
		assert.equal(data[0].cells.number, ids.buy.number);
		assert.equal(data[1].cells.number, ids.sale.number);
		assert.equal(data[1].voucher_id, ids.sale.id);
		assert.equal(data[2].cells.number, null);
		assert.deepEqual([rows[0].cells.balance_qty, rows[0].cells.balance_value], [a.summary.opening_qty, a.summary.opening_value]);
		assert.deepEqual([rows[0].cells.balance_qty, rows[0].cells.balance_value], ['100000', '4000000.00']);
		assert.deepEqual([rows[5].cells.in, rows[5].cells.out, rows[5].cells.value], ['70000', '50000.5', '1039979.00']);
		assert.deepEqual([rows[6].cells.date, rows[6].cells.balance_qty, rows[6].cells.balance_value], ['2024-06-30', a.summary.closing_qty, a.summary.closing_value]);
		assert.deepEqual([j.summary.item, j.summary.sku, j.summary.unit, j.summary.closing_qty, j.summary.closing_value],
			['Basmati Rice', 'RICE-1', 'kg', '119999.5', '5039979.00']);

		// by id, the same report
		assert.deepEqual(json('stock-movement', '--item', String(ids.rice), '--from', '2024-04-01', '--to', '2024-06-30'), j);

		assert.equal(csv('stock-movement', '--item', 'RICE-1', '--from', '2024-04-01', '--to', '2024-06-30'),
			'Date,Type,Number,Godown,In,Out,Value,Balance,Balance Value\r\n'
			+ '2024-04-01,Opening Balance,,,,,,100000,4000000.00\r\n'
			+ `2024-04-10,purchase,${ids.buy.number},Main Godown,50000,0,2300000.00,150000,6300000.00\r\n`
			+ `2024-05-15,sales,${ids.sale.number},Main Godown,0,30000.5,-1260021.00,119999.5,5039979.00\r\n`
			+ '2024-06-01,transfer,,Main Godown,0,20000,-840000.00,99999.5,4199979.00\r\n'
			+ '2024-06-01,transfer,,Godown B,20000,0,840000.00,119999.5,5039979.00\r\n'
			+ ',Total,,,70000,50000.5,1039979.00,,\r\n'
			+ '2024-06-30,Closing Balance,,,,,,119999.5,5039979.00\r\n');

		// the table: Indian grouping, numbers right-aligned, balances end in one column
		const t = table('stock-movement', '--item', 'RICE-1', '--from', '2024-04-01', '--to', '2024-06-30');
		assert.match(t, /^Stock Movement: Basmati Rice\nAlpha Test Co\n2024-04-01 to 2024-06-30\n/);
		assert.match(t, /Basmati Rice, SKU RICE-1, quantities in kg/);
		assert.match(t, /2024-05-15 +sales +\S+ +Main Godown +30,000\.5 +-12,60,021\.00 +1,19,999\.5 +50,39,979\.00\n/);
		const open = t.split('\n').find((l) => l.includes('Opening Balance'));
		const close = t.split('\n').find((l) => l.includes('Closing Balance'));
		assert.match(open, / 1,00,000 +40,00,000\.00$/);
		assert.match(close, / 1,19,999\.5 +50,39,979\.00$/);
		assert.equal(open.length, close.length);

		// the API and the CLI agree on the default period too (the financial year to today)
		const d = json('stock-movement', '--item', 'PEN-1');
		const ad = await api(`/reports/stock-movement?item_id=${ids.pen}&from=${d.from}&to=${d.to}`);
		assert.deepEqual(d, ad);
		assert.equal(rowsOf(d).at(-1).cells.balance_qty, ad.summary.closing_qty);
	});

	test('reorder: items below their level with the quantity to order', async () => {
		const a = await api('/reports/reorder');
		const j = json('reorder');
		const rows = rowsOf(j);
		assert.deepEqual(j, a);
		// rice: 2 x 1,50,000 less 1,19,999.5 held; pens: the reorder quantity set on the item
		assert.deepEqual(rows.map((r) => [r.cells.name, r.cells.in_stock, r.cells.reorder_level, r.cells.suggested_qty, r.cells.unit, r.cells.name_hi]),
			[['Basmati Rice', '119999.5', '150000', '180000.5', 'kg', 'बासमती चावल'], ['Gel Pen', '10', '20', '100', 'pcs', null]]);
		assert.equal(j.summary.items, 2);
		assert.equal(j.from, null);
		assert.equal(csv('reorder'), 'SKU,Item,In Stock,Reorder Level,Suggested Qty,Unit,नाम\r\n'
			+ 'RICE-1,Basmati Rice,119999.5,150000,180000.5,kg,बासमती चावल\r\n'
			+ 'PEN-1,Gel Pen,10,20,100,pcs,\r\n');
		assert.match(table('reorder'), /RICE-1 +Basmati Rice +1,19,999\.5 +1,50,000 +1,80,000\.5 +kg +बासमती चावल\n/);
	});

	test('stock-ageing: what is left of each receipt by days in stock, quantity and value', async () => {
		const a = await api('/reports/stock-ageing?date=2024-06-30');
		const j = json('stock-ageing', '--date', '2024-06-30');
		assert.deepEqual([j.from, j.to], [null, '2024-06-30']);
		const buckets = ['d0_30', 'd31_60', 'd61_90', 'd91_180', 'over_180'];
		const q = rowsOf(j, 'quantity');
		const v = rowsOf(j, 'value');
		assert.deepEqual(j, a);
		// Rice: the 1,19,999.5 kg held are the latest receipts: the purchase of 10 Apr (81 days)
		// whole, and 69,999.5 of the opening 1 Jan (181 days); a transfer between godowns does not
		// make stock younger. Valued at the day's weighted average, ₹42 a kg, like the summary.
		const rq = q.find((r) => r.item_id === ids.rice);
		const rv = v.find((r) => r.item_id === ids.rice);
		assert.deepEqual(buckets.map((b) => rq.cells[b]), ['0', '0', '50000', '0', '69999.5']);
		assert.deepEqual(buckets.map((b) => rv.cells[b]), ['0.00', '0.00', '2100000.00', '0.00', '2939979.00']);
		assert.deepEqual([rq.cells.total, rv.cells.total], ['119999.5', '5039979.00']);
		// the value table totals every bucket
		const total = v.at(-1);
		assert.equal(total.kind, 'total');
		const paise = (x) => Math.round(Number(x) * 100);
		for (const b of [...buckets, 'total'])
			assert.equal(paise(total.cells[b]), v.filter((r) => r.kind === 'data').reduce((n, r) => n + paise(r.cells[b]), 0), b);
		assert.equal(j.summary.total_value, total.cells.total);
		// one table at a time; CSV has both, each under its name
		const only = json('stock-ageing', '--date', '2024-06-30', '--section', 'value');
		assert.deepEqual(only.tables.map((t) => t.name), ['value']);
		const c = csv('stock-ageing', '--date', '2024-06-30');
		assert.match(c, /^# quantity\r\nItem,Unit,0-30 days,31-60,61-90,91-180,over 180,Total\r\n/);
		assert.match(c, /\r\nBasmati Rice,kg,0,0,50000,0,69999\.5,119999\.5\r\n/);
		assert.match(c, /\r\n\r\n# value\r\nItem,0-30 days,31-60,61-90,91-180,over 180,Total\r\n/);
		assert.match(c, /\r\nBasmati Rice,0\.00,0\.00,2100000\.00,0\.00,2939979\.00,5039979\.00\r\n/);
		assert.match(table('stock-ageing', '--date', '2024-06-30'), /Basmati Rice +kg +50,000 +69,999\.5 +1,19,999\.5\n/);
	});

	test('batches: by item and godown, the soonest expiry first, none last', async () => {
		const a = await api('/reports/batches');
		const j = json('batches');
		const rows = rowsOf(j);
		assert.deepEqual(j, a);
		assert.deepEqual(rows.map((r) => [r.cells.name, r.cells.godown, r.cells.batch, r.cells.expiry, r.cells.qty, r.cells.unit]), [
			['Antiseptic', 'Main Godown', 'A-1', '2024-12-31', '7', 'pcs'],
			['Cough Syrup', 'Main Godown', 'S-OLD', '2024-12-31', '6', 'pcs'],
			['Cough Syrup', 'Godown B', 'S-NEW', '2025-06-30', '3', 'pcs'],
			['Cough Syrup', 'Main Godown', 'S-NEW', '2025-06-30', '17', 'pcs'],
			['Cough Syrup', 'Main Godown', 'S-NOEXP', null, '5', 'pcs'],
		]);
		assert.equal(j.summary.batches, 5);
		assert.equal(csv('batches'), 'Item,Godown,Batch,Expiry,Quantity,Unit\r\n'
			+ 'Antiseptic,Main Godown,A-1,2024-12-31,7,pcs\r\n'
			+ 'Cough Syrup,Main Godown,S-OLD,2024-12-31,6,pcs\r\n'
			+ 'Cough Syrup,Godown B,S-NEW,2025-06-30,3,pcs\r\n'
			+ 'Cough Syrup,Main Godown,S-NEW,2025-06-30,17,pcs\r\n'
			+ 'Cough Syrup,Main Godown,S-NOEXP,,5,pcs\r\n');
	});

	test('an empty company: every stock report prints empty and exits 0', () => {
		for (const name of ['reorder', 'stock-ageing', 'batches']) {
			const j = json(name, '--company', '2');
			assert.equal(j.company.name, 'Empty Stock Co');
			for (const t of j.tables) assert.deepEqual(t.rows, [], `${name} ${t.name}`);
			const t = table(name, '--company', '2');
			assert.match(t, /\nEmpty Stock Co\n/);
			assert.match(t, /\(nothing to show\)\n/);
			assert.equal(csv(name, '--company', '2').split('\r\n').filter((l) => l && !l.startsWith('#')).length, j.tables.length, `${name}: headers only`);
		}
		// an item that never moved: opening and closing at nothing
		const m = json('stock-movement', '--company', '2', '--item', 'THEIRS-1', '--from', '2024-04-01', '--to', '2024-06-30');
		assert.deepEqual(rowsOf(m).map((r) => [r.kind, r.cells.balance_qty, r.cells.balance_value]),
			[['opening', '0', '0.00'], ['subtotal', null, null], ['closing', '0', '0.00']]);
		assert.match(table('stock-movement', '--company', '2', '--item', 'THEIRS-1'), /Closing Balance +0 +0\.00\n/);
		const idle = json('stock-movement', '--item', 'IDLE-1');
		assert.equal(rowsOf(idle).length, 3);
	});

	test('refusals: on stderr, nothing on stdout, the documented exit codes', () => {
		const refused = (r, code, re) => {
			assert.equal(r.code, code, r.stderr);
			assert.equal(r.stdout, '');
			assert.match(r.stderr, re);
		};
		refused(report('stock-movement', '--item', 'NO-SUCH-SKU'), 4, /no item with SKU or id "NO-SUCH-SKU"/);
		refused(report('stock-movement', '--item', '987654'), 4, /no item/);
		// another company's item is not there
		refused(report('stock-movement', '--item', 'THEIRS-1'), 4, /no item/);
		refused(report('stock-movement', '--company', '2', '--item', 'RICE-1'), 4, /no item/);
		refused(report('stock-movement'), 2, /needs --item/);
		refused(report('stock-movement', '--item', 'RICE-1', '--from', '2024-02-30'), 2, /from must be a date/);
		refused(report('stock-movement', '--item', 'RICE-1', '--from', '2024-07-01', '--to', '2024-06-30'), 2, /after/);
		refused(report('stock-ageing', '--date', '2024-13-01'), 2, /must be a date/);
		refused(report('reorder', '--date', '2024-06-30'), 2, /stock as it is now/);
		refused(report('batches', '--from', '2024-04-01'), 2, /stock as it is now/);
		refused(report('stock-ageing', '--section', 'nope'), 2, /no section "nope"/);
		refused(report('reorder', '--company', '99'), 4, /no company/);
	});
});
