// The stock movement register lists a day's moves in voucher-number order, then line order, however
// the vouchers were keyed in: opening stock first, then the vouchers by series and number (an
// alteration re-posts a voucher's moves but keeps its number, so it keeps its place; a voucher
// moved to the day by an alteration takes its number's place), then the day's stock journals.
// The running balance follows that order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, reportView, startServer } from './lib.mjs';

const co = (p) => `${API}/companies/1${p}`;

describe('stock movement register order within a day', () => {
	let s, admin, item, main, other;
	const post = async (body) => {
		const r = await admin.post(co('/vouchers'), body);
		assert.equal(r.status, 201, r.text);
		return r.json;
	};
	const line = (qty, extra = {}) => ({ item_id: item.id, qty, rate: '10', gst_rate: '0', godown_id: main, ...extra });

	before(async () => {
		s = await startServer();
		admin = s.as('admin');
		s.sql("UPDATE companies SET state_code = '27' WHERE id = 1");
		const units = (await admin.get(co('/units'))).json.items;
		const g = (await admin.post(co('/godowns'), { name: 'Back Store' })).json;
		other = g.id;
		main = (await admin.get(co('/godowns'))).json.items.find((x) => x.name === 'Main Godown').id;
		const r = await admin.post(co('/items'), { sku: 'ORD-1', name: 'Ordered Nails', unit_id: units.find((u) => u.symbol === 'pcs').id,
			opening_date: '2026-04-01', opening: [{ godown_id: main, qty: '100', rate: '10' }] });
		assert.equal(r.status, 201, r.text);
		item = r.json;
	});
	after(async () => { await s?.stop(); });

	test('same-day rows by voucher number then line, on any entry order', async () => {
		const day = '2026-06-10';
		// keyed: SAL/1 (two lines), SAL/2, PUR/1 on the day; SAL/3 on the 9th, later moved to the 10th
		const s1 = await post({ type: 'sales', date: day, items: [line('1'), line('2')] });
		const s2 = await post({ type: 'sales', date: day, items: [line('3')] });
		const p1 = await post({ type: 'purchase', date: day, items: [line('7')] });
		const s3 = await post({ type: 'sales', date: '2026-06-09', items: [line('4')] });
		// a transfer on the day (a stock journal: after the vouchers)
		const sj = await admin.post(co('/stock-journals'), { kind: 'transfer', date: day, godown_id: main,
			lines: [{ item_id: item.id, qty: '5', to_godown_id: other }] });
		assert.equal(sj.status, 201, sj.text);
		// SAL/1 altered (its moves re-posted with newer ids) and SAL/3 moved to the day
		let r = await admin.patch(co(`/vouchers/${s1.id}`), { type: 'sales', date: day, items: [line('1'), line('2'), line('6')] },
			{ 'If-Match': `"${s1.version}"` });
		assert.equal(r.status, 200, r.text);
		r = await admin.patch(co(`/vouchers/${s3.id}`), { type: 'sales', date: day, items: [line('4')] }, { 'If-Match': `"${s3.version}"` });
		assert.equal(r.status, 200, r.text);

		const m = reportView((await admin.get(co(`/reports/stock-movement?item_id=${item.id}&from=2026-04-01&to=2026-06-30`))).json);
		const rows = m.rows.filter((x) => x.date === day).map((x) => [x.number || x.type, x.in || '', x.out || '']);
		assert.deepEqual(rows.filter((x) => x[0] !== 'transfer' && !/^Transfer/i.test(x[0])).map((x) => x[0]), [
			p1.number,
			s1.number, s1.number, s1.number,
			s2.number,
			s3.number,
		], JSON.stringify(m.rows));
		// SAL/1's lines in their own order: 1, 2, 6
		assert.deepEqual(rows.filter((x) => x[0] === s1.number).map((x) => x[2]), ['1', '2', '6']);
		// the transfer's two moves (out of Main Godown, into Back Store) come after the vouchers
		const numbered = m.rows.filter((x) => x.date === day);
		assert.ok(numbered.slice(-2).every((x) => !x.number || !/\/\d+$/.test(x.number)), JSON.stringify(numbered.slice(-2)));
		// the running balance follows the rows shown
		let bal = 100;
		for (const x of m.rows.filter((x) => x.date >= '2026-04-01')) {
			if (x.date === '2026-04-01') continue;
			bal += Number(x.in || 0) - Number(x.out || 0);
			assert.equal(Number(x.balance_qty), bal, JSON.stringify(x));
		}
	});
});
