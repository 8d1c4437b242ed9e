// Stock costed in date order over HTTP, on both backends: a purchase back-dated before earlier
// sales re-costs them, so the stock summary, the register and each sale's cost come out as if the
// vouchers had been entered in date order (worked by hand, weighted average in company 1, FIFO in
// company 2); altering or cancelling it re-costs them again; a sales return naming its sale comes
// back at the cost the sale went out at, and a purchase return naming its purchase goes out at the
// cost it came in at (one naming neither at the day's cost); the register orders a day's rows by
// voucher number; a back-dated sale that would leave a later day below zero is refused with what
// can go, and nothing is written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, assertError, reportView, startServer } from './lib.mjs';

const co = (p, cid) => `${API}/companies/${cid}${p}`;
const AVG = 1;
const FIFO = 2;

describe('re-costing in date order', () => {
	let s, admin;
	const pcs = {};
	let seq = 0;

	const num = (q) => Number(s.sql(q));
	const moved = (voucherId) => num(`SELECT coalesce(sum(value), 0) FROM stock_moves WHERE voucher_id = ${voucherId} AND active = 1`);
	const snapshot = () => s.sql('SELECT (SELECT count(*) || \':\' || coalesce(sum(value), 0) FROM stock_moves) || \':\' || '
		+ '(SELECT coalesce(sum(qty), 0) || \':\' || coalesce(sum(value), 0) FROM stock_balance) || \':\' || '
		+ '(SELECT count(*) || \':\' || coalesce(sum(qty_left), 0) FROM stock_layers) || \':\' || (SELECT count(*) FROM stock_takes) || \':\' || '
		+ '(SELECT count(*) FROM vouchers) || \':\' || (SELECT count(*) FROM audit_log)');

	async function item(cid, name) {
		const r = await admin.post(co('/items', cid), { unit_id: pcs[cid], sku: `${name}-${++seq}`, name });
		assert.equal(r.status, 201, r.text);
		return r.json.id;
	}
	const voucher = (type, date, itemId, qty, rate, extra = {}) => ({ type, date, items: [{ item_id: itemId, qty, rate, gst_rate: '18' }], ...extra });
	async function post(cid, type, date, itemId, qty, rate, extra) {
		const r = await admin.post(co('/vouchers', cid), voucher(type, date, itemId, qty, rate, extra));
		assert.equal(r.status, 201, r.text);
		return r.json;
	}
	async function stockOf(cid, itemId, date = '') {
		const r = await admin.get(co(`/reports/stock-summary${date ? `?date=${date}` : ''}`, cid));
		assert.equal(r.status, 200, r.text);
		const row = reportView(r.json).rows.find((x) => x.item_id === itemId);
		return row ? [row.qty, row.value] : ['0', '0.00'];
	}

	before(async () => {
		s = await startServer({ companies: ['Fifo Traders'] });
		admin = s.as('admin');
		for (const cid of [AVG, FIFO])
			pcs[cid] = (await admin.get(co('/units', cid))).json.items.find((x) => x.symbol === 'pcs').id;
		const put = await admin.put(co('/inventory-settings', FIFO), { valuation: 'fifo' });
		assert.equal(put.status, 200, put.text);
	});
	after(() => s && s.stop());

	/* Steel Rod, entered in this order: P1 1 Apr 10 @ ₹50; P3 10 Apr 10 @ ₹70; S1 15 Apr 12 sold; S2
	 * 20 Apr 3 sold; then P2 5 Apr 8 @ ₹64, found later and back-dated. In date order 28 came in at
	 * ₹1,712.00 and 15 went out:
	 *   FIFO: S1 = 10 @ 50 + 2 @ 64 = 628.00, S2 = 3 @ 64 = 192.00; 13 left, 3 @ 64 + 10 @ 70 = ₹892.00
	 *   average: S1 = 12 x 1712/28 = 733.714 -> 733.71 (16 left worth 978.29), S2 = 3 x 978.29/16 =
	 *   183.429 -> 183.43; 13 left worth ₹794.86
	 * Costed in the order typed and never again, the sales would have missed P2: FIFO S1 = 10 @ 50 +
	 * 2 @ 70 = 640.00, S2 = 3 @ 70 = 210.00, closing ₹862.00; average S1 = 12 x 60, S2 = 3 x 60,
	 * closing ₹812.00. */
	const rod = {
		[AVG]: { s1: -73371, s2: -18343, closing: '794.86', mid: '978.29' },
		[FIFO]: { s1: -62800, s2: -19200, closing: '892.00', mid: '1084.00' },
	};
	for (const cid of [AVG, FIFO]) {
		test(`a purchase back-dated before earlier sales re-costs them (${cid === FIFO ? 'FIFO' : 'weighted average'})`, async () => {
			const typed = await item(cid, 'Steel Rod');
			await post(cid, 'purchase', '2024-04-01', typed, '10', '50');
			await post(cid, 'purchase', '2024-04-10', typed, '10', '70');
			const s1 = await post(cid, 'sales', '2024-04-15', typed, '12', '100');
			const s2 = await post(cid, 'sales', '2024-04-20', typed, '3', '100');
			const p2 = await post(cid, 'purchase', '2024-04-05', typed, '8', '64');
			assert.deepEqual([moved(s1.id), moved(s2.id)], [rod[cid].s1, rod[cid].s2]);
			assert.deepEqual(await stockOf(cid, typed), ['13', rod[cid].closing]);
			assert.deepEqual(await stockOf(cid, typed, '2024-04-15'), ['16', rod[cid].mid]);
			// the register: in date order, the sales at their new cost, the running balance ending at the closing
			const r = await admin.get(co(`/reports/stock-movement?item_id=${typed}&from=2024-04-01&to=2024-04-30`, cid));
			assert.equal(r.status, 200, r.text);
			const m = reportView(r.json);
			assert.deepEqual(m.rows.map((x) => [x.date, x.type]), [['2024-04-01', 'purchase'], ['2024-04-05', 'purchase'],
				['2024-04-10', 'purchase'], ['2024-04-15', 'sales'], ['2024-04-20', 'sales']]);
			assert.equal(m.rows[3].value, (rod[cid].s1 / 100).toFixed(2));
			assert.equal(m.closing_value, rod[cid].closing);

			// the same vouchers entered in date order: the same figures
			const ordered = await item(cid, 'Steel Rod');
			await post(cid, 'purchase', '2024-04-01', ordered, '10', '50');
			await post(cid, 'purchase', '2024-04-05', ordered, '8', '64');
			await post(cid, 'purchase', '2024-04-10', ordered, '10', '70');
			const o1 = await post(cid, 'sales', '2024-04-15', ordered, '12', '100');
			const o2 = await post(cid, 'sales', '2024-04-20', ordered, '3', '100');
			assert.deepEqual([moved(o1.id), moved(o2.id)], [rod[cid].s1, rod[cid].s2]);
			assert.deepEqual(await stockOf(cid, ordered), ['13', rod[cid].closing]);

			/* P2 at ₹40 instead (28 in at 1,520.00): FIFO S1 = 500 + 2 @ 40 = 580.00, S2 = 3 @ 40 = 120.00,
			 * left 3 @ 40 + 10 @ 70 = 820.00; average S1 = 12 x 1520/28 = 651.43, S2 = 3 x 868.57/16 =
			 * 162.86, left 705.71. Cancelled: FIFO S1 = 640.00, S2 = 210.00, 5 left @ 70 = 350.00; average
			 * S1 = 720.00, S2 = 180.00, 5 left = 300.00. */
			const alt = await admin.patch(co(`/vouchers/${p2.id}`, cid), voucher('purchase', '2024-04-05', typed, '8', '40'), { 'If-Match': '"1"' });
			assert.equal(alt.status, 200, alt.text);
			assert.deepEqual([moved(s1.id), moved(s2.id)], cid === FIFO ? [-58000, -12000] : [-65143, -16286]);
			assert.deepEqual(await stockOf(cid, typed), ['13', cid === FIFO ? '820.00' : '705.71']);
			const del = await admin.del(co(`/vouchers/${p2.id}`, cid), null, { 'If-Match': '"2"' });
			assert.equal(del.status, 200, del.text);
			assert.deepEqual([moved(s1.id), moved(s2.id)], cid === FIFO ? [-64000, -21000] : [-72000, -18000]);
			assert.deepEqual(await stockOf(cid, typed), ['5', cid === FIFO ? '350.00' : '300.00']);
		});
	}

	/* Returns at cost: Pa 1 Apr 10 @ ₹100, Pb 5 Apr 10 @ ₹130, S 10 Apr 4 sold @ ₹200, Pc 12 Apr 10 @
	 * ₹160; CN 15 Apr 2 back from S @ ₹200 with S's number as its reference, CN2 16 Apr 1 back naming
	 * nothing, DN 18 Apr 3 sent back @ ₹170 with Pc's number as its reference, DN2 19 Apr 2 naming
	 * nothing.
	 *   average: S out at 4 x 115 = 460.00; CN back at 2 x 115 = 230.00 (not the ₹400 it sold for,
	 *   nor the day's 2 x 3440/26 = 264.62); CN2 at the day's 3670/28 = 131.07; DN out at 3 x 160 =
	 *   480.00 (not ₹510); DN2 at the average, 2 x 3321.07/26 = 255.47; 24 left worth ₹3,065.60
	 *   FIFO: S out at 4 @ 100 = 400.00; CN back at 2 @ 100 = 200.00; CN2 at the day's 3700/28 =
	 *   132.14; DN out of Pc's layer at 3 @ 160 = 480.00; DN2 the oldest, 2 @ 100 = 200.00; 24 left
	 *   worth ₹3,152.14 */
	const ret = {
		[AVG]: { s: -46000, cn: 23000, cn2: 13107, dn: -48000, dn2: -25547, closing: '3065.60' },
		[FIFO]: { s: -40000, cn: 20000, cn2: 13214, dn: -48000, dn2: -20000, closing: '3152.14' },
	};
	for (const cid of [AVG, FIFO]) {
		test(`a return comes back, or goes out, at the cost of what it returns (${cid === FIFO ? 'FIFO' : 'weighted average'})`, async () => {
			const fan = await item(cid, 'Ceiling Fan');
			await post(cid, 'purchase', '2024-04-01', fan, '10', '100');
			await post(cid, 'purchase', '2024-04-05', fan, '10', '130');
			const sale = await post(cid, 'sales', '2024-04-10', fan, '4', '200');
			const pc = await post(cid, 'purchase', '2024-04-12', fan, '10', '160');
			const cn = await post(cid, 'credit_note', '2024-04-15', fan, '2', '200', { reference: sale.number });
			const cn2 = await post(cid, 'credit_note', '2024-04-16', fan, '1', '200');
			const dn = await post(cid, 'debit_note', '2024-04-18', fan, '3', '170', { reference: pc.number });
			const dn2 = await post(cid, 'debit_note', '2024-04-19', fan, '2', '170');
			const want = ret[cid];
			assert.deepEqual([moved(sale.id), moved(cn.id), moved(cn2.id), moved(dn.id), moved(dn2.id)],
				[want.s, want.cn, want.cn2, want.dn, want.dn2]);
			assert.deepEqual(await stockOf(cid, fan), ['24', want.closing]);
			// the return follows its sale: a purchase back-dated before the sale (10 @ ₹40 on 2 Apr). FIFO:
			// the sale's 4 still come from Pa, the oldest; average: from 2 Apr 20 worth 1,400.00, with Pb
			// 30 worth 2,700.00 (₹90): the sale 4 x 90 = 360.00, its return 2 x 90 = 180.00
			await post(cid, 'purchase', '2024-04-02', fan, '10', '40');
			assert.deepEqual([moved(sale.id), moved(cn.id)], cid === FIFO ? [-40000, 20000] : [-36000, 18000]);
		});
	}

	test('the register orders a day\'s rows by voucher number', async () => {
		// entered: a sale, then the purchase of the same day, then another sale; the first sale is
		// altered (its stock moved again). By number: PUR/…, SAL/…1, SAL/…2
		const lamp = await item(AVG, 'Table Lamp');
		await post(AVG, 'purchase', '2024-05-01', lamp, '10', '100');
		const s1 = await post(AVG, 'sales', '2024-05-02', lamp, '2', '150');
		const p = await post(AVG, 'purchase', '2024-05-02', lamp, '5', '120');
		const s2 = await post(AVG, 'sales', '2024-05-02', lamp, '1', '150');
		const alt = await admin.patch(co(`/vouchers/${s1.id}`, AVG), voucher('sales', '2024-05-02', lamp, '3', '150'), { 'If-Match': '"1"' });
		assert.equal(alt.status, 200, alt.text);
		const r = await admin.get(co(`/reports/stock-movement?item_id=${lamp}&from=2024-05-02&to=2024-05-02`, AVG));
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(reportView(r.json).rows.map((x) => x.number), [p.number, s1.number, s2.number].sort());
		assert.deepEqual([p.number < s1.number, s1.number < s2.number], [true, true]);
	});

	test('a back-dated sale that would leave a later day below zero is refused, and nothing is written', async () => {
		const bolt = await item(AVG, 'Bolt');
		await post(AVG, 'purchase', '2024-04-01', bolt, '10', '10');
		await post(AVG, 'sales', '2024-04-10', bolt, '8', '15');
		const before = snapshot();
		const r = await admin.post(co('/vouchers', AVG), voucher('sales', '2024-04-05', bolt, '3', '15'));
		assertError(assert, r, 422, 'unprocessable', 'items[0].qty');
		assert.equal(r.json.error.reason, 'insufficient_stock');
		assert.equal(r.json.error.available, '2');
		assert.match(r.json.error.message, /2 pcs available/);
		assert.equal(snapshot(), before);
		await post(AVG, 'sales', '2024-04-05', bolt, '2', '15');
		assert.deepEqual(await stockOf(AVG, bolt), ['0', '0.00']);
	});
});
