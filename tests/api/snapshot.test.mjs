// A read request sees one state of the books: while sales post concurrently, every stock summary
// read (its rows and its total come from separate queries) adds up to its own total, and every
// balance sheet balances. On SQLite and on PostgreSQL (where reads run in one REPEATABLE READ
// transaction).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, startServer } from './lib.mjs';

const co = (p) => `${API}/companies/1${p}`;
const paise = (s) => {
	const m = /^(-?)(\d+)\.(\d{2})$/.exec(s);
	assert.ok(m, `money ${s}`);
	return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};

describe('one snapshot per read', () => {
	let s, admin;
	const items = [];

	before(async () => {
		s = await startServer({});
		admin = s.as('admin');
		const u = (await admin.get(co('/units'))).json.items;
		const pcs = u.find((x) => x.symbol === 'pcs').id;
		const main = (await admin.get(co('/godowns'))).json.items[0].id;
		for (let i = 0; i < 6; i++) {
			const r = await admin.post(co('/items'), { sku: `SNAP-${i}`, name: `Snapshot item ${i}`, unit_id: pcs,
				opening: [{ godown_id: main, qty: '500', rate: `${37 + i * 11}.${13 + i}` }] });
			assert.equal(r.status, 201, r.text);
			items.push(r.json.id);
		}
	});
	after(async () => { await s?.stop(); });

	test('stock summary rows add up to its total, and the balance sheet balances, while sales post', async () => {
		let writing = true, sold = 0;
		const writer = async (w) => {
			for (let k = 0; k < 25; k++) {
				const lines = [{ item_id: items[(w + k) % items.length], qty: String(1 + (k % 3)), rate: '99.99', gst_rate: '18' },
					{ item_id: items[(w + k + 3) % items.length], qty: '1', rate: '45.50', gst_rate: '5' }];
				const r = await admin.post(co('/vouchers'), { type: 'sales', date: '2026-04-10', items: lines });
				assert.equal(r.status, 201, r.text);
				sold++;
			}
		};
		const reader = async () => {
			let reads = 0;
			while (writing || reads < 3) {
				const r = await admin.get(co('/reports/stock-summary?limit=500'));
				assert.equal(r.status, 200, r.text);
				const rows = r.json.tables[0].rows.filter((x) => x.kind === 'data');
				const total = rows.reduce((a, x) => a + paise(x.cells.value), 0);
				assert.equal(total, paise(r.json.summary.total_value), `rows ${total} vs total ${r.json.summary.total_value}`);
				const bs = await admin.get(`${API}/companies/1/reports/balance-sheet?to=2026-04-30`);
				assert.equal(bs.status, 200, bs.text);
				assert.equal(bs.json.summary.balanced, true, JSON.stringify(bs.json.summary));
				reads++;
			}
			return reads;
		};
		const readers = Promise.all([reader(), reader()]);
		readers.catch(() => {}); // awaited below; a failure is reported there
		try {
			await Promise.all([writer(0), writer(1), writer(2)]);
		} finally {
			writing = false;
		}
		const reads = await readers;
		assert.equal(sold, 75);
		assert.ok(reads.every((n) => n >= 3), `reads ${reads}`);
	});
});
