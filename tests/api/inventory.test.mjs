// Inventory over HTTP: an item with opening stock, a purchase and a sale at weighted average; 422
// on overselling naming the item, the godown and what is available; the warn setting; stock
// journals; physical verification and its audit record; cancellation and alteration; the stock
// reports at today and at past dates (after back-dated, cancelled and later-dated vouchers, equal to
// the sums of the moves); bad inputs refused with nothing written; another company's
// godown refused; and eight clients racing for the last unit (exactly one wins).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, assertError, reportView, startServer } from './lib.mjs';

const co = (p, cid = 1) => `${API}/companies/${cid}${p}`;

describe('inventory', () => {
	let s, admin, alice;
	let main, main2, gb, pcs, pcs2, kg, vendor, customer;
	let seq = 0;

	const num = (q) => Number(s.sql(q));
	/** Everything a refused request must leave alone. */
	const snapshot = () => s.sql('SELECT (SELECT count(*) FROM stock_moves) || \':\' || (SELECT count(*) FROM stock_balance) || \':\' || '
		+ '(SELECT coalesce(sum(qty), 0) FROM stock_balance) || \':\' || (SELECT count(*) FROM stock_layers) || \':\' || '
		+ '(SELECT count(*) FROM vouchers) || \':\' || (SELECT count(*) FROM items) || \':\' || (SELECT count(*) FROM stock_journals) || \':\' || '
		+ '(SELECT count(*) FROM audit_log)');

	async function item(body, cid = 1, c = admin) {
		const r = await c.post(co('/items', cid), { unit_id: cid === 1 ? pcs : pcs2, ...body });
		assert.equal(r.status, 201, r.text);
		return r.json;
	}
	async function getItem(id) {
		const r = await admin.get(co(`/items/${id}`));
		assert.equal(r.status, 200, r.text);
		return r.json;
	}
	const voucher = (type, date, lines, extra = {}) => ({ type, date, items: lines.map((l) => ({ rate: '100', gst_rate: '18', ...l })), ...extra });
	async function post(type, date, lines, extra, c = admin) {
		const r = await c.post(co('/vouchers'), voucher(type, date, lines, extra));
		assert.equal(r.status, 201, r.text);
		return r.json;
	}
	async function summary(q = '') {
		const r = await admin.get(co(`/reports/stock-summary${q}`));
		assert.equal(r.status, 200, r.text);
		return reportView(r.json);
	}
	const sku = (p) => `${p}-${++seq}`;

	before(async () => {
		s = await startServer({ companies: ['Beta Two Co'], users: [{ name: 'alice', role: 'executive' }] });
		admin = s.as('admin');
		alice = s.as('alice');
		const g = await admin.get(co('/godowns'));
		assert.equal(g.status, 200, g.text);
		main = g.json.items.find((x) => x.name === 'Main Godown').id;
		main2 = (await admin.get(co('/godowns', 2))).json.items[0].id;
		assert.notEqual(main, main2);
		const u = (await admin.get(co('/units'))).json.items;
		pcs = u.find((x) => x.symbol === 'pcs').id;
		kg = u.find((x) => x.symbol === 'kg').id;
		pcs2 = (await admin.get(co('/units', 2))).json.items.find((x) => x.symbol === 'pcs').id;
		assert.equal(u.find((x) => x.symbol === 'pcs').decimals, 0);
		const b = await admin.post(co('/godowns'), { name: 'Godown B', address: 'Bhiwandi' });
		assert.equal(b.status, 201, b.text);
		gb = b.json.id;
		vendor = (await admin.post(co('/parties'), { kind: 'vendor', name: 'Gupta Steel' })).json.id;
		customer = (await admin.post(co('/parties'), { kind: 'customer', name: 'Sharma Traders' })).json.id;
		assert.ok(vendor && customer);
	});
	after(() => s && s.stop());

	test('opening stock, a purchase and a sale at weighted average', async () => {
		const it = await item({ sku: sku('ROD'), name: 'Steel Rod 8mm', name_hi: 'स्टील रॉड', hsn: '7214', gst_rate: '18', opening: [{ godown_id: main, qty: '10', rate: '100' }] });
		assert.equal(it.in_stock, '10');
		assert.equal(it.stock_value, '1000.00');
		assert.equal(it.unit, 'pcs');
		await post('purchase', '2024-05-10', [{ item_id: it.id, qty: '10', rate: '130' }], { party_id: vendor });
		const sale = await post('sales', '2024-06-01', [{ item_id: it.id, qty: '14', rate: '200' }], { party_id: customer });
		// the main godown when none is named; cost at the average ₹115 (GST is not cost)
		assert.equal(s.sql(`SELECT godown_id || ':' || qty || ':' || value FROM stock_moves WHERE voucher_id = ${sale.id}`), `${main}:-14000:-161000`);
		const now = await getItem(it.id);
		assert.equal(now.in_stock, '6');
		assert.equal(now.stock_value, '690.00');
		const found = await admin.get(co(`/items?q=${encodeURIComponent('स्टील')}`));
		assert.ok(found.json.items.some((x) => x.id === it.id), found.text);

		const r = await admin.get(co(`/reports/stock-movement?item_id=${it.id}&from=2024-05-01&to=2024-06-30`));
		assert.equal(r.status, 200, r.text);
		const m = reportView(r.json);
		assert.equal(m.opening_qty, '10');
		assert.equal(m.opening_value, '1000.00');
		assert.deepEqual(m.rows.map((x) => [x.type, x.in, x.out, x.value, x.balance_qty]),
			[['purchase', '10', '0', '1300.00', '20'], ['sales', '0', '14', '-1610.00', '6']]);
		assert.equal(m.rows[1].number, sale.number);
		assert.equal(m.rows[1].voucher_id, sale.id);
		assert.equal(m.closing_value, '690.00');
	});

	test('overselling is 422 naming the item, the godown and what is available; nothing is written', async () => {
		const it = await item({ sku: sku('RICE'), name: 'चावल बासमती', unit_id: kg, opening: [{ godown_id: main, qty: '2.5', rate: '40' }] });
		const before = snapshot();
		const r = await admin.post(co('/vouchers'), voucher('sales', '2024-06-01', [{ item_id: it.id, qty: '3' }], { party_id: customer }));
		assertError(assert, r, 422, 'unprocessable', 'items[0].qty');
		assert.match(r.json.error.message, /चावल बासमती/);
		assert.match(r.json.error.message, /Main Godown/);
		assert.match(r.json.error.message, /2\.5 kg available/);
		const r2 = await admin.post(co('/vouchers'), voucher('sales', '2024-06-01', [{ item_id: it.id, qty: '1', godown_id: gb }]));
		assertError(assert, r2, 422, 'unprocessable', 'items[0].qty');
		assert.match(r2.json.error.message, /Godown B: 0 kg available/);
		assert.equal(snapshot(), before);
		assert.equal((await getItem(it.id)).in_stock, '2.5');
	});

	test('a company may choose to warn instead: the sale goes through below zero', async () => {
		const it = await item({ sku: sku('WARN'), name: 'Warned Widget', opening: [{ godown_id: main, qty: '1', rate: '50' }] });
		const got = await admin.get(co('/inventory-settings'));
		assert.deepEqual(got.json, { valuation: 'weighted_average', negative_stock: 'refuse' });
		assertError(assert, await admin.put(co('/inventory-settings'), { negative_stock: 'allow' }), 400, 'invalid', 'negative_stock');
		assertError(assert, await alice.put(co('/inventory-settings'), { negative_stock: 'warn' }), 403, 'forbidden');
		const put = await admin.put(co('/inventory-settings'), { negative_stock: 'warn' });
		assert.equal(put.status, 200, put.text);
		assert.deepEqual(put.json, { valuation: 'weighted_average', negative_stock: 'warn' });
		try {
			await post('sales', '2024-06-02', [{ item_id: it.id, qty: '3' }]);
			assert.equal((await getItem(it.id)).in_stock, '-2');
		} finally {
			const back = await admin.put(co('/inventory-settings'), { negative_stock: 'refuse' });
			assert.equal(back.status, 200, back.text);
		}
		assertError(assert, await admin.post(co('/vouchers'), voucher('sales', '2024-06-03', [{ item_id: it.id, qty: '1' }])), 422, 'unprocessable', 'items[0].qty');
		const audit = (await admin.get(co('/audit?limit=50'))).json.items.filter((a) => a.entity === 'inventory_settings');
		assert.deepEqual(audit.map((a) => a.after.negative_stock), ['refuse', 'warn']);
	});

	test('stock journals: transfer between godowns, consumption, production', async () => {
		const it = await item({ sku: sku('PIPE'), name: 'Pipe', opening: [{ godown_id: main, qty: '10', rate: '100' }] });
		const t = await admin.post(co('/stock-journals'), { kind: 'transfer', date: '2024-06-05', narration: 'to Bhiwandi', lines: [{ item_id: it.id, godown_id: main, to_godown_id: gb, qty: '4' }] });
		assert.equal(t.status, 201, t.text);
		assert.equal(s.sql(`SELECT godown_id || ':' || qty || ':' || value FROM stock_moves WHERE journal_id = ${t.json.id} ORDER BY id`),
			`${main}:-4000:-40000\n${gb}:4000:40000`);
		const inB = await summary(`?godown_id=${gb}`);
		assert.equal(inB.rows.find((r) => r.item_id === it.id).qty, '4');
		const beforeT = await summary(`?godown_id=${gb}&date=2024-06-04`);
		assert.equal(beforeT.rows.find((r) => r.item_id === it.id).qty, '0');
		const c = await admin.post(co('/stock-journals'), { kind: 'consumption', date: '2024-06-06', godown_id: gb, lines: [{ item_id: it.id, qty: '1' }] });
		assert.equal(c.status, 201, c.text);
		const p = await admin.post(co('/stock-journals'), { kind: 'production', date: '2024-06-07', lines: [{ item_id: it.id, godown_id: gb, qty: '2', rate: '150' }] });
		assert.equal(p.status, 201, p.text);
		assert.equal(s.sql(`SELECT qty || ':' || value FROM stock_balance WHERE item_id = ${it.id} AND godown_id = ${gb}`), '5000:60000');
		assert.equal(s.sql(`SELECT qty || ':' || value FROM stock_balance WHERE item_id = ${it.id} AND godown_id = ${main}`), '6000:60000');
		// an item that tracks batches is made in a named batch, which the batch report shows
		const gel = await item({ sku: sku('GEL'), name: 'Gel', tracks_batches: true });
		const pb = await admin.post(co('/stock-journals'), { kind: 'production', date: '2024-06-07', lines: [{ item_id: gel.id, godown_id: gb, qty: '2', rate: '150', batch: 'B-7', expiry: '2025-06-30' }] });
		assert.equal(pb.status, 201, pb.text);
		const batches = await admin.get(co('/reports/batches'));
		assert.equal(batches.status, 200, batches.text);
		assert.ok(reportView(batches.json).rows.some((b) => b.item_id === gel.id && b.batch === 'B-7' && b.expiry === '2025-06-30' && b.qty === '2' && b.godown === 'Godown B'), batches.text);
		assertError(assert, await admin.post(co('/stock-journals'), { kind: 'production', date: '2024-06-07', lines: [{ item_id: gel.id, godown_id: gb, qty: '2' }] }), 400, 'invalid', 'lines[0].batch');
		assertError(assert, await admin.post(co('/stock-journals'), { kind: 'production', date: '2024-06-07', lines: [{ item_id: it.id, godown_id: gb, qty: '2', batch: 'X' }] }), 400, 'invalid', 'lines[0].batch');
		const audited = num(`SELECT count(*) FROM audit_log WHERE entity = 'stock_journal' AND entity_id IN (${t.json.id}, ${c.json.id}, ${p.json.id})`);
		assert.equal(audited, 3);
		// journals read back: newest first, by kind, one with its lines; pages by `after`
		const list = await alice.get(co('/stock-journals?limit=500'));
		assert.equal(list.status, 200, list.text);
		const mine = list.json.items.filter((x) => [t.json.id, c.json.id, p.json.id].includes(x.id));
		assert.deepEqual(mine.map((x) => `${x.kind}:${x.date}:${x.moves}`), ['production:2024-06-07:1', 'consumption:2024-06-06:1', 'transfer:2024-06-05:2']);
		assert.equal(mine[2].narration, 'to Bhiwandi');
		assert.ok(mine.every((x) => x.user && x.user !== 'system'), JSON.stringify(mine)); // who entered it
		const transfers = (await admin.get(co('/stock-journals?kind=transfer&limit=500'))).json.items;
		assert.ok(transfers.every((x) => x.kind === 'transfer') && transfers.some((x) => x.id === t.json.id));
		const page = await admin.get(co('/stock-journals?limit=1'));
		assert.equal(page.json.items.length, 1);
		assert.equal(page.json.next, String(page.json.items[0].id)); // a cursor, as every list gives it
		const page2 = await admin.get(co(`/stock-journals?limit=1&after=${page.json.next}`));
		assert.ok(page2.json.items[0].id < page.json.items[0].id);
		const one = await admin.get(co(`/stock-journals/${t.json.id}`));
		assert.equal(one.status, 200, one.text);
		assert.deepEqual(one.json.lines.map((l) => `${l.godown_id}:${l.qty}:${l.value}:${l.name}`), [`${main}:-4:-400.00:Pipe`, `${gb}:4:400.00:Pipe`]);
		assertError(assert, await admin.get(co('/stock-journals?kind=gift')), 400, 'invalid', 'kind');
		assertError(assert, await admin.get(co('/stock-journals/987654')), 404, 'not_found');
		assertError(assert, await admin.get(co(`/stock-journals/${t.json.id}`, 2)), 404, 'not_found');
		// a transfer to the same godown, or without a destination, is refused
		const before = snapshot();
		assertError(assert, await admin.post(co('/stock-journals'), { kind: 'transfer', date: '2024-06-08', lines: [{ item_id: it.id, godown_id: gb, to_godown_id: gb, qty: '1' }] }), 400, 'invalid', 'lines[0].to_godown_id');
		assertError(assert, await admin.post(co('/stock-journals'), { kind: 'transfer', date: '2024-06-08', lines: [{ item_id: it.id, godown_id: gb, qty: '1' }] }), 400, 'invalid', 'lines[0].to_godown_id');
		assertError(assert, await admin.post(co('/stock-journals'), { kind: 'consumption', date: '2024-06-08', lines: [{ item_id: it.id, godown_id: gb, qty: '6' }] }), 422, 'unprocessable', 'lines[0].qty');
		assertError(assert, await admin.post(co('/stock-journals'), { kind: 'gift', date: '2024-06-08', lines: [{ item_id: it.id, godown_id: gb, qty: '1' }] }), 400, 'invalid', 'kind');
		assert.equal(snapshot(), before);
	});

	test('voucher lines carry a batch and expiry, and may be in a compound unit', async () => {
		const syrup = await item({ sku: sku('SYRUP'), name: 'Cough Syrup', name_hi: 'खाँसी की दवा', tracks_batches: true });
		const buy = await post('purchase', '2024-07-01', [{ item_id: syrup.id, qty: '10', rate: '50', batch: 'KS-2407', expiry: '2026-03-31' }]);
		assert.equal(buy.items[0].batch, 'KS-2407');
		assert.equal(buy.items[0].expiry, '2026-03-31');
		const again = await admin.get(co(`/vouchers/${buy.id}`));
		assert.equal(again.json.items[0].batch, 'KS-2407');
		await post('purchase', '2024-07-02', [{ item_id: syrup.id, qty: '5', rate: '60', batch: 'KS-2408', expiry: '2026-04-30' }]);
		const batches = reportView((await admin.get(co('/reports/batches'))).json).rows.filter((b) => b.item_id === syrup.id);
		assert.deepEqual(batches.map((b) => `${b.batch}:${b.expiry}:${b.qty}`), ['KS-2407:2026-03-31:10', 'KS-2408:2026-04-30:5']);
		// a sale names its batch; more than the batch holds is 422 naming the batch
		const before = snapshot();
		const r = await admin.post(co('/vouchers'), voucher('sales', '2024-07-03', [{ item_id: syrup.id, qty: '6', batch: 'KS-2408' }]));
		assertError(assert, r, 422, 'unprocessable', 'items[0].qty');
		assert.match(r.json.error.message, /KS-2408.*5 pcs available/);
		assertError(assert, await admin.post(co('/vouchers'), voucher('sales', '2024-07-03', [{ item_id: syrup.id, qty: '1' }])), 400, 'invalid', 'items[0].batch');
		assertError(assert, await admin.post(co('/vouchers'), voucher('purchase', '2024-07-03', [{ item_id: syrup.id, qty: '1', batch: 'KS-1', expiry: '31-03-2026' }])), 400, 'invalid', 'items[0].expiry');
		assertError(assert, await admin.post(co('/vouchers'), voucher('purchase', '2024-07-03', [{ item_id: syrup.id, qty: '1', batch: 7 }])), 400, 'invalid', 'items[0].batch');
		assertError(assert, await admin.post(co('/vouchers'), voucher('purchase', '2024-07-03', [{ description: 'Service', qty: '1', batch: 'S-1' }])), 400, 'invalid', 'items[0].batch');
		assert.equal(snapshot(), before);
		const sale = await post('sales', '2024-07-03', [{ item_id: syrup.id, qty: '5', batch: 'KS-2408' }]);
		assert.equal(sale.items[0].batch, 'KS-2408');
		assert.equal(num(`SELECT count(*) FROM stock_moves WHERE voucher_id = ${sale.id} AND batch = 'KS-2408' AND expiry = '2026-04-30'`), 1);
		const left = reportView((await admin.get(co('/reports/batches'))).json).rows.filter((b) => b.item_id === syrup.id);
		assert.deepEqual(left.map((b) => `${b.batch}:${b.qty}`), ['KS-2407:10']);
		// the item answers with its stock per godown and its batches, for voucher entry to offer
		const got = await getItem(syrup.id);
		assert.equal(got.tracks_batches, true);
		assert.deepEqual(got.stock.map((x) => `${x.godown_id}:${x.qty}:${x.value}`), [`${main}:10:533.33`]); // at weighted average: 800.00 for 15, less 5 at 53.33
		assert.deepEqual(got.batches, [{ godown_id: main, batch: 'KS-2407', expiry: '2026-03-31', qty: '10' }]);

		// 3 box of 12 bought for a pcs item are 36 pcs; a sale of 6 pcs leaves 30
		const pen = await item({ sku: sku('PEN'), name: 'Gel Pen' });
		const pb = await post('purchase', '2024-07-01', [{ item_id: pen.id, qty: '3', unit: 'box', rate: '96' }]);
		assert.equal(pb.items[0].unit, 'box');
		assert.equal(num(`SELECT qty FROM stock_moves WHERE voucher_id = ${pb.id}`), 36000);
		assert.equal(num(`SELECT value FROM stock_moves WHERE voucher_id = ${pb.id}`), 28800);
		await post('sales', '2024-07-02', [{ item_id: pen.id, qty: '6', unit: 'pcs', rate: '10' }]);
		assert.equal((await getItem(pen.id)).in_stock, '30');
		const b2 = snapshot();
		assertError(assert, await admin.post(co('/vouchers'), voucher('purchase', '2024-07-03', [{ item_id: pen.id, qty: '1', unit: 'kg' }])), 400, 'invalid', 'items[0].unit');
		assertError(assert, await admin.post(co('/vouchers'), voucher('purchase', '2024-07-03', [{ item_id: pen.id, qty: '1', unit: 'crate' }])), 400, 'invalid', 'items[0].unit');
		assertError(assert, await admin.post(co('/vouchers'), voucher('purchase', '2024-07-03', [{ item_id: pen.id, qty: '0.5', unit: 'box' }])), 400, 'invalid', 'items[0].qty');
		assertError(assert, await admin.post(co('/vouchers'), voucher('sales', '2024-07-03', [{ item_id: pen.id, qty: '3', unit: 'box' }])), 422, 'unprocessable', 'items[0].qty');
		assert.equal(snapshot(), b2);
	});

	test('physical verification makes an adjustment with its audit record', async () => {
		const it = await item({ sku: sku('BOLT'), name: 'Bolt M8', opening: [{ godown_id: main, qty: '10', rate: '5' }] });
		const v = await admin.post(co('/stock-verifications'), { date: '2024-06-30', godown_id: main, counts: [{ item_id: it.id, qty: '8' }] });
		assert.equal(v.status, 201, v.text);
		assert.equal(s.sql(`SELECT source || ':' || qty || ':' || value FROM stock_moves WHERE journal_id = ${v.json.id}`), 'verification:-2000:-1000');
		assert.equal((await getItem(it.id)).in_stock, '8');
		const audit = await admin.get(co('/audit?limit=20'));
		assert.equal(audit.status, 200, audit.text);
		const rec = audit.json.items.find((a) => a.entity === 'stock_verification' && a.entity_id === v.json.id);
		assert.ok(rec, audit.text);
		assert.equal(rec.action, 'create');
		assert.equal(rec.username, 'admin');
		// the verification's one snapshot, the same as its answer: quantities as decimal strings
		assert.deepEqual(rec.after, { id: v.json.id, date: '2024-06-30', godown_id: main, adjustments: [{ item_id: it.id, book: '10', counted: '8' }] });
		assert.deepEqual(rec.after, v.json);
		const m = reportView((await admin.get(co(`/reports/stock-movement?item_id=${it.id}&from=2000-04-01&to=2024-07-31`))).json);
		assert.deepEqual(m.rows.map((r) => r.type), ['opening', 'verification']);
		// a surplus comes in at the current cost
		const v2 = await admin.post(co('/stock-verifications'), { date: '2024-07-31', godown_id: main, counts: [{ item_id: it.id, qty: '9' }] });
		assert.equal(v2.status, 201, v2.text);
		assert.equal(s.sql(`SELECT qty || ':' || value FROM stock_moves WHERE journal_id = ${v2.json.id}`), '1000:500');
		// refused counts write nothing
		const before = snapshot();
		assertError(assert, await admin.post(co('/stock-verifications'), { date: '2024-07-31', godown_id: main, counts: [{ item_id: it.id, qty: '-1' }] }), 400, 'invalid', 'counts[0].qty');
		assertError(assert, await admin.post(co('/stock-verifications'), { date: '2024-07-31', godown_id: main, counts: [{ item_id: it.id, qty: '1.5' }] }), 400, 'invalid', 'counts[0].qty');
		assertError(assert, await admin.post(co('/stock-verifications'), { date: '2024-07-31', counts: [{ item_id: it.id, qty: '1' }] }), 400, 'invalid', 'godown_id');
		assertError(assert, await admin.post(co('/stock-verifications'), { date: '2024-07-31', godown_id: main2, counts: [{ item_id: it.id, qty: '1' }] }), 400, 'invalid', 'godown_id');
		assert.equal(snapshot(), before);
	});

	test('cancelling a sale gives the stock back; altering it moves the difference', async () => {
		const it = await item({ sku: sku('NUT'), name: 'Nut M8', opening: [{ godown_id: main, qty: '10', rate: '2' }] });
		const sale = await post('sales', '2024-07-01', [{ item_id: it.id, qty: '4' }]);
		assert.equal((await getItem(it.id)).in_stock, '6');
		const alt = await admin.patch(co(`/vouchers/${sale.id}`), voucher('sales', '2024-07-01', [{ item_id: it.id, qty: '7' }]), { 'If-Match': '"1"' });
		assert.equal(alt.status, 200, alt.text);
		assert.equal((await getItem(it.id)).in_stock, '3');
		const before = snapshot();
		const tooMany = await admin.patch(co(`/vouchers/${sale.id}`), voucher('sales', '2024-07-01', [{ item_id: it.id, qty: '11' }]), { 'If-Match': '"2"' });
		assertError(assert, tooMany, 422, 'unprocessable', 'items[0].qty');
		assert.match(tooMany.json.error.message, /10 pcs available/);
		assert.equal(snapshot(), before);
		const del = await admin.del(co(`/vouchers/${sale.id}`), null, { 'If-Match': '"2"' });
		assert.equal(del.status, 200, del.text);
		assert.equal(del.json.status, 'cancelled');
		const now = await getItem(it.id);
		assert.equal(now.in_stock, '10');
		assert.equal(now.stock_value, '20.00');
		assert.equal(num(`SELECT count(*) FROM stock_moves WHERE voucher_id = ${sale.id} AND active = 1`), 0);
	});

	test('stock summary by item, group and godown, today and at a past date; reorder and ageing', async () => {
		const grp = await admin.post(co('/item-groups'), { name: 'Fasteners' });
		assert.equal(grp.status, 201, grp.text);
		const it = await item({ sku: sku('SCREW'), name: 'Screw', group_id: grp.json.id, reorder_level: '50', opening: [{ godown_id: gb, qty: '20', rate: '3' }], opening_date: '2024-01-01' });
		await post('purchase', '2024-03-01', [{ item_id: it.id, godown_id: gb, qty: '10', rate: '4.5' }]);
		const today = await summary();
		const row = today.rows.find((r) => r.item_id === it.id);
		assert.deepEqual([row.qty, row.value, row.rate, row.group, row.unit, row.sku], ['30', '105.00', '3.50', 'Fasteners', 'pcs', it.sku]);
		const past = await summary('?date=2024-02-15');
		assert.equal(past.to, '2024-02-15');
		assert.equal(past.rows.find((r) => r.item_id === it.id).qty, '20');
		const early = await summary('?date=2023-12-31');
		assert.equal(early.rows.find((r) => r.item_id === it.id).qty, '0');
		// the total is the sum of the rows, and by group / by godown add up to it
		const sum = (rows) => rows.reduce((a, r) => a + Math.round(Number(r.value) * 100), 0);
		assert.equal(sum(today.rows), Math.round(Number(today.total_value) * 100));
		const byGroup = await summary('?by=group');
		assert.equal(byGroup.rows.find((r) => r.group === 'Fasteners').value, '105.00');
		assert.equal(byGroup.total_value, today.total_value);
		const byGodown = await summary('?by=godown');
		assert.equal(byGodown.total_value, today.total_value);
		assert.ok(byGodown.rows.some((r) => r.godown_id === gb && r.godown === 'Godown B'));
		assert.equal(sum(byGodown.rows), Math.round(Number(today.total_value) * 100));
		// the SQL sum of the moves agrees at the past date
		assert.equal(Math.round(Number(past.total_value) * 100), num("SELECT coalesce(sum(value), 0) FROM stock_moves WHERE company_id = 1 AND active = 1 AND date <= '2024-02-15'"));

		const reorder = await admin.get(co('/reports/reorder'));
		assert.equal(reorder.status, 200, reorder.text);
		const ro = reportView(reorder.json).rows.find((r) => r.item_id === it.id);
		assert.deepEqual([ro.in_stock, ro.reorder_level, ro.suggested_qty], ['30', '50', '70']);
		const ageing = await admin.get(co('/reports/stock-ageing?date=2024-03-31'));
		assert.equal(ageing.status, 200, ageing.text);
		const buckets = (t) => {
			const b = reportView(ageing.json, t).rows.find((r) => r.item_id === it.id);
			return [b.d0_30, b.d31_60, b.d61_90, b.d91_180, b.over_180];
		};
		assert.deepEqual(buckets('quantity'), ['10', '0', '20', '0', '0']); // 30 days and 90 days old
		// at the weighted average (105.00 for 30) of that day, as the stock summary values them
		assert.deepEqual(buckets('value'), ['35.00', '0.00', '70.00', '0.00', '0.00']);

		assertError(assert, await admin.get(co('/reports/stock-summary?by=colour')), 400, 'invalid', 'by');
		assertError(assert, await admin.get(co('/reports/stock-summary?date=2024-13-01')), 400, 'invalid', 'date');
		assertError(assert, await admin.get(co('/reports/stock-movement')), 400, 'invalid', 'item_id');
		assertError(assert, await admin.get(co('/reports/stock-movement?item_id=987654')), 400, 'invalid', 'item_id');
	});

	test('the summary at any date agrees with the moves after back-dated, cancelled and later-dated vouchers', async () => {
		const it = await item({ sku: sku('PIPE'), name: 'Pipe', opening: [{ godown_id: main, qty: '50', rate: '10' }], opening_date: '2024-01-01' });
		await post('purchase', '2024-04-20', [{ item_id: it.id, godown_id: gb, qty: '10', rate: '12' }]);
		const sale = await post('sales', '2024-04-10', [{ item_id: it.id, qty: '5', rate: '20' }]);
		await post('purchase', '2024-03-05', [{ item_id: it.id, qty: '8', rate: '11' }]); // back-dated
		const t = await admin.post(co('/stock-journals'), { kind: 'transfer', date: '2024-04-16', lines: [{ item_id: it.id, godown_id: main, to_godown_id: gb, qty: '3' }] });
		assert.equal(t.status, 201, t.text);
		const del = await admin.del(co(`/vouchers/${sale.id}`), null, { 'If-Match': '"1"' });
		assert.equal(del.status, 200, del.text);
		const day = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
		const today = day(0), later = day(45);
		await post('purchase', later, [{ item_id: it.id, qty: '2', rate: '15' }]);
		const paise = (v) => Math.round(Number(v) * 100);
		// on either side of the 15th and of a month's end: the reads change edge there
		for (const d of ['2023-12-31', '2024-01-01', '2024-03-04', '2024-03-05', '2024-03-15', '2024-03-16', '2024-04-10', '2024-04-15',
			'2024-04-16', '2024-04-30', today, later]) {
			const at = await summary(`?date=${d}`);
			const row = at.rows.find((r) => r.item_id === it.id);
			const want = s.sql(`SELECT coalesce(sum(qty), 0) || ':' || coalesce(sum(value), 0) FROM stock_moves WHERE item_id = ${it.id} AND active = 1 AND date <= '${d}'`);
			assert.equal(`${Math.round(Number(row.qty) * 1000)}:${paise(row.value)}`, want, d);
			assert.equal(paise(at.total_value), num(`SELECT coalesce(sum(value), 0) FROM stock_moves WHERE company_id = 1 AND active = 1 AND date <= '${d}'`), d);
			const g = await summary(`?date=${d}&by=godown`);
			assert.equal(g.total_value, at.total_value, d);
			const gbRow = g.rows.find((r) => r.godown_id === gb);
			assert.equal(paise(gbRow ? gbRow.value : 0), num(`SELECT coalesce(sum(value), 0) FROM stock_moves WHERE company_id = 1 AND godown_id = ${gb} AND active = 1 AND date <= '${d}'`), d);
			assert.equal((await summary(`?date=${d}&by=group`)).total_value, at.total_value, d);
		}
		// no date is today: the purchase dated later is not in it
		const now = await summary();
		assert.equal(now.to, today);
		assert.equal(now.rows.find((r) => r.item_id === it.id).qty, '68');
		assert.equal((await summary(`?date=${later}`)).rows.find((r) => r.item_id === it.id).qty, '70');
	});

	test('each bad input is refused naming the field, and nothing is written', async () => {
		const it = await item({ sku: sku('GOOD'), name: 'Good Item', opening: [{ godown_id: main, qty: '10', rate: '10' }] });
		const theirs = await item({ sku: sku('THEIRS'), name: 'Their Item' }, 2);
		const before = snapshot();
		const bad = [
			[{ item_id: 999999, qty: '1' }, 'items[0].item_id'],
			[{ item_id: theirs.id, qty: '1' }, 'items[0].item_id'],
			[{ item_id: it.id, qty: '1.5' }, 'items[0].qty'],
			[{ item_id: it.id, qty: '1.2345' }, 'items[0].qty'],
			[{ item_id: it.id, qty: '-1' }, 'items[0].qty'],
			[{ item_id: it.id, qty: '0' }, 'items[0].qty'],
			[{ item_id: it.id, qty: 'ten' }, 'items[0].qty'],
			[{ item_id: it.id, qty: '1', godown_id: main2 }, 'items[0].godown_id'],
			[{ item_id: it.id, qty: '1', godown_id: 424242 }, 'items[0].godown_id'],
			[{ item_id: -3, qty: '1' }, 'items[0].item_id'],
		];
		for (const type of ['sales', 'purchase']) {
			for (const [line, field] of bad) {
				const r = await admin.post(co('/vouchers'), voucher(type, '2024-06-01', [line]));
				assertError(assert, r, 400, 'invalid', field);
			}
			// a good line followed by a bad one writes neither
			const r = await admin.post(co('/vouchers'), voucher(type, '2024-06-01', [{ item_id: it.id, qty: '1' }, { item_id: it.id, qty: '0.5' }]));
			assertError(assert, r, 400, 'invalid', 'items[1].qty');
		}
		const items = [
			[{ opening: [{ godown_id: main, qty: '1.5', rate: '1' }] }, 'opening[0].qty'],
			[{ opening: [{ godown_id: main2, qty: '1', rate: '1' }] }, 'opening[0].godown_id'],
			[{ opening: [{ godown_id: main, qty: '1', rate: '1' }], opening_date: '2024-02-30' }, 'opening_date'],
			[{ unit_id: 999999 }, 'unit_id'],
			[{ gst_rate: '7' }, 'gst_rate'],
		];
		for (const [body, field] of items) {
			const r = await admin.post(co('/items'), { sku: sku('BAD'), name: 'Bad', unit_id: pcs, ...body });
			assertError(assert, r, 400, 'invalid', field);
		}
		assertError(assert, await admin.post(co('/stock-journals'), { kind: 'transfer', date: '2024-06-01', lines: [{ item_id: it.id, godown_id: main, to_godown_id: main2, qty: '1' }] }), 400, 'invalid', 'lines[0].to_godown_id');
		assertError(assert, await admin.post(co('/stock-journals'), { kind: 'consumption', date: '2024-06-01', lines: [{ item_id: it.id, godown_id: main2, qty: '1' }] }), 400, 'invalid', 'lines[0].godown_id');
		assertError(assert, await admin.post(co('/stock-journals'), { kind: 'consumption', date: '2024-06-01', lines: [{ item_id: theirs.id, godown_id: main, qty: '1' }] }), 400, 'invalid', 'lines[0].item_id');
		assertError(assert, await admin.post(co('/stock-journals'), { kind: 'consumption', date: '2024-06-01', lines: [{ item_id: it.id, godown_id: main, qty: '1.5' }] }), 400, 'invalid', 'lines[0].qty');
		assert.equal(snapshot(), before);
		assert.equal((await getItem(it.id)).in_stock, '10');
	});

	test('an item is edited with If-Match, a stale edit is 409, archiving hides it from the list until asked for', async () => {
		const it = await item({ sku: sku('EDIT'), name: 'Edit Me', reorder_level: '5', reorder_qty: '20' });
		assert.equal(it.archived, false);
		assert.equal(it.version, 1);
		const ed = await admin.patch(co(`/items/${it.id}`), { name: 'Edited', name_hi: 'बदला हुआ', reorder_level: '8', reorder_qty: '20' }, { 'If-Match': '"1"' });
		assert.equal(ed.status, 200, ed.text);
		assert.equal(ed.json.version, 2);
		assert.equal(ed.json.name_hi, 'बदला हुआ');
		assert.equal(ed.json.reorder_level, '8');
		assert.equal(ed.headers.get('etag'), '"2"');
		assert.equal((await admin.get(co(`/items/${it.id}`))).headers.get('etag'), '"2"');
		const before = snapshot();
		const late = await admin.patch(co(`/items/${it.id}`), { name: 'Late' }, { 'If-Match': '"1"' });
		assertError(assert, late, 409, 'stale', 'version');
		// the refusal carries the item as it stands
		assert.equal(late.json.error.current.name, 'Edited');
		assert.equal(late.json.error.current.version, 2);
		// a bad HSN is refused on edit and on create; one reorder figure leaves the other alone
		assertError(assert, await admin.patch(co(`/items/${it.id}`), { hsn: 'abc' }, { 'If-Match': '"2"' }), 400, 'invalid', 'hsn');
		assertError(assert, await admin.post(co('/items'), { sku: sku('BADHSN'), name: 'Bad HSN', unit_id: pcs, hsn: '12345' }), 400, 'invalid', 'hsn');
		assertError(assert, await admin.patch(co(`/items/${it.id}`), { reorder_qty: '-1' }, { 'If-Match': '"2"' }), 400, 'invalid', 'reorder_qty');
		assert.equal(snapshot(), before);
		const rq = await admin.patch(co(`/items/${it.id}`), { reorder_qty: '30' }, { 'If-Match': '"2"' });
		assert.equal(rq.status, 200, rq.text);
		assert.deepEqual([rq.json.reorder_level, rq.json.reorder_qty], ['8', '30']);
		const rl = await admin.patch(co(`/items/${it.id}`), { reorder_level: '9' }, { 'If-Match': '"3"' });
		assert.deepEqual([rl.json.reorder_level, rl.json.reorder_qty], ['9', '30']);
		const arch = await admin.patch(co(`/items/${it.id}`), { archived: true }, { 'If-Match': '"4"' });
		assert.equal(arch.status, 200, arch.text);
		assert.equal(arch.json.archived, true);
		assert.equal((await getItem(it.id)).archived, true);
		const listed = async (q) => (await admin.get(co(`/items?q=EDIT${q}`))).json.items.map((x) => x.id).includes(it.id);
		assert.equal(await listed(''), false);
		assert.equal(await listed('&archived=false'), false);
		assert.equal(await listed('&archived=true'), true);
		assert.equal(await listed('&archived=all'), true);
		assert.ok((await admin.get(co('/items?archived=true'))).json.items.every((x) => x.archived === true));
		assertError(assert, await admin.get(co('/items?archived=maybe')), 400, 'invalid', 'archived');
		const back = await admin.patch(co(`/items/${it.id}`), { archived: false }, { 'If-Match': '"5"' });
		assert.equal(back.status, 200, back.text);
		assert.equal(back.json.archived, false);
		assert.equal(await listed(''), true);
	});

	test("company 2's godown in company 1's voucher is 400; company 2's stock is walled off", async () => {
		const it = await item({ sku: sku('WALL'), name: 'Wall Item', opening: [{ godown_id: main, qty: '5', rate: '10' }] });
		const before = snapshot();
		for (const type of ['sales', 'purchase', 'credit_note', 'debit_note']) {
			const r = await admin.post(co('/vouchers'), voucher(type, '2024-06-01', [{ item_id: it.id, godown_id: main2, qty: '1' }]));
			assertError(assert, r, 400, 'invalid', 'items[0].godown_id');
			assert.ok(!r.text.includes('Beta'), r.text);
		}
		assert.equal(snapshot(), before);
		// alice belongs to company 1 only
		for (const p of ['/items', '/godowns', '/reports/stock-summary', '/inventory-settings'])
			assertError(assert, await alice.get(co(p, 2)), 403, 'forbidden');
		assertError(assert, await alice.post(co('/items', 2), { sku: 'X', name: 'X', unit_id: pcs }), 403, 'forbidden');
		// company 1's item id under company 2's path is not there
		assert.equal((await admin.get(co(`/items/${it.id}`, 2))).status, 404);
		const s2 = await admin.get(co('/reports/stock-summary', 2));
		assert.ok(!reportView(s2.json).rows.some((r) => r.item_id === it.id), s2.text);
	});

	test('eight clients sell (or use) the last unit at once: exactly one succeeds', async () => {
		const clients = Array.from({ length: 8 }, () => s.as('admin'));
		for (let round = 0; round < 3; round++) {
			const it = await item({ sku: sku('LAST'), name: `Last One ${round}`, opening: [{ godown_id: main, qty: '1', rate: '100' }] });
			const vouchers0 = num("SELECT count(*) FROM vouchers WHERE type = 'sales'");
			const rs = await Promise.all(clients.map((c) => c.post(co('/vouchers'), voucher('sales', '2024-08-01', [{ item_id: it.id, qty: '1', rate: '150' }]))));
			const won = rs.filter((r) => r.status === 201);
			const lost = rs.filter((r) => r.status !== 201);
			assert.equal(won.length, 1, rs.map((r) => `${r.status} ${r.text}`).join('\n'));
			for (const r of lost) {
				assertError(assert, r, 422, 'unprocessable', 'items[0].qty');
				assert.match(r.json.error.message, /Last One .*Main Godown: 0 pcs available/);
			}
			const now = await getItem(it.id);
			assert.equal(now.in_stock, '0');
			assert.equal(now.stock_value, '0.00');
			assert.equal(num(`SELECT qty FROM stock_balance WHERE item_id = ${it.id}`), 0);
			assert.equal(num(`SELECT count(*) FROM stock_moves WHERE item_id = ${it.id} AND source = 'sales'`), 1);
			assert.equal(num("SELECT count(*) FROM vouchers WHERE type = 'sales'"), vouchers0 + 1);
		}
		// stock journals take no voucher number (whose lock would also serialise the sales): here
		// only the stock balance's own row lock stands between the racers
		for (let round = 0; round < 3; round++) {
			const it = await item({ sku: sku('LASTJ'), name: `Last Used ${round}`, opening: [{ godown_id: gb, qty: '1', rate: '100' }] });
			const rs = await Promise.all(clients.map((c, i) => c.post(co('/stock-journals'), i % 2
				? { kind: 'consumption', date: '2024-08-02', lines: [{ item_id: it.id, godown_id: gb, qty: '1' }] }
				: { kind: 'transfer', date: '2024-08-02', lines: [{ item_id: it.id, godown_id: gb, to_godown_id: main, qty: '1' }] })));
			const won = rs.filter((r) => r.status === 201);
			assert.equal(won.length, 1, rs.map((r) => `${r.status} ${r.text}`).join('\n'));
			for (const r of rs.filter((x) => x.status !== 201))
				assertError(assert, r, 422, 'unprocessable', 'lines[0].qty');
			assert.equal(num(`SELECT qty FROM stock_balance WHERE item_id = ${it.id} AND godown_id = ${gb}`), 0);
			assert.equal(num(`SELECT count(*) FROM stock_journals WHERE id IN (SELECT journal_id FROM stock_moves WHERE item_id = ${it.id})`), 1);
		}
		// numbering stayed gap-free through the refusals
		const seqs = s.sql("SELECT seq FROM vouchers WHERE company_id = 1 AND type = 'sales' AND fy = 2024 ORDER BY seq").split('\n').map(Number);
		assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i));
	});
});
