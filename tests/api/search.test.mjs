// The one search box (GET /companies/{cid}/search) and the voucher list's filters, on books entered
// through the API: a voucher found by its amount however it is typed (1,18,000 / 118000.00 /
// ₹1,18,000), by its number or the beginning of it, its number in the series, a word of its
// narration (Hindi too) or its reference; parties by their Hindi name, GSTIN or phone; ledgers;
// items by SKU or Hindi name. Another company's rows never appear; a changed narration is found by
// its new words only; bad parameters are 400 naming the parameter.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, assertError, makeGstin, makePan, startServer } from './lib.mjs';

const co = (p, cid = 1) => `${API}/companies/${cid}${p}`;
const search = (q, extra = '', cid = 1) => co(`/search?q=${encodeURIComponent(q)}${extra}`, cid);

describe('search across the books', () => {
	let s, admin, ana, asst, outsider;
	const id = {};
	const v = {};      // vouchers of company 1 by name: {id, number}
	const beta = {};   // the same things in company 2

	before(async () => {
		s = await startServer({
			companies: ['Beta Co'],
			users: [{ name: 'ana', role: 'analyst' }, { name: 'asst', role: 'assistant' },
				{ name: 'olga', role: 'admin', company: 2 }],
		});
		admin = s.as('admin');
		ana = s.as('ana');
		asst = s.as('asst');
		outsider = s.as('olga');
		s.sql("UPDATE companies SET state_code = '27'");

		const setup = async (cid, into) => {
			const groups = (await admin.get(co('/groups', cid))).json.items;
			const group = (code) => groups.find((g) => g.code === code).id;
			const ledgers = (await admin.get(co('/ledgers', cid))).json.items;
			into.cash = ledgers.find((l) => l.kind === 'cash').id;
			into.capital = ledgers.find((l) => l.kind === 'capital').id;
			const bank = await admin.post(co('/ledgers', cid), { name: cid === 1 ? 'HDFC Bank Current A/c' : 'Beta HDFC Bank', group_id: group('bank_accounts') });
			assert.equal(bank.status, 201, bank.text);
			into.bank = bank.json.id;
			const rent = await admin.post(co('/ledgers', cid), { name: 'Office Rent', group_id: group('indirect_expenses') });
			assert.equal(rent.status, 201, rent.text);
			into.rent = rent.json.id;
			const party = async (body) => {
				const r = await admin.post(co('/parties', cid), body);
				assert.equal(r.status, 201, r.text);
				return r.json;
			};
			into.sharma = await party({ kind: 'customer', name: 'Sharma Traders', name_hi: 'शर्मा ट्रेडर्स', state_code: '27',
				gstin: makeGstin('27', makePan(cid * 100 + 1)), phone: cid === 1 ? '9820012345' : '9820099999' });
			into.mehta = await party({ kind: 'vendor', name: 'Mehta Steel', state_code: '27' });
			into.bansal = await party({ kind: 'customer', name: 'बंसल किराना स्टोर', state_code: '27' });
			const pcs = (await admin.get(co('/units', cid))).json.items.find((u) => u.symbol === 'pcs').id;
			const item = await admin.post(co('/items', cid), { sku: 'CEM-53', name: 'Cement OPC 53', name_hi: 'सीमेंट ओपीसी', unit_id: pcs });
			assert.equal(item.status, 201, item.text);
			into.item = item.json.id;
		};
		await setup(1, id);
		await setup(2, beta);

		const post = async (body, cid = 1) => {
			const r = await admin.post(co('/vouchers', cid), body);
			assert.equal(r.status, 201, `${body.type}: ${r.text}`);
			return { id: r.json.id, number: r.json.number, total: r.json.total };
		};
		// 1,00,000 + 18% GST = 1,18,000
		const sale = (party, cid) => ({ type: 'sales', date: '2024-10-28', party_id: party, narration: 'Diwali order for the Pune site',
			items: [{ description: 'Cement', hsn: '2523', qty: '1', unit: 'NOS', rate: '100000.00', gst_rate: '18' }] });
		v.sale = await post(sale(id.sharma.id));
		v.rent = await post({ type: 'payment', date: '2024-10-30', narration: 'दफ़्तर का किराया अक्टूबर', reference: 'RENT-OCT',
			lines: [{ ledger_id: id.rent, debit: '25000.00' }, { ledger_id: id.bank, credit: '25000.00' }] });
		v.purchase = await post({ type: 'purchase', date: '2024-11-02', party_id: id.mehta.id, reference: 'BILL-4321',
			items: [{ description: 'Steel', hsn: '7214', qty: '2', unit: 'NOS', rate: '1500.25', gst_rate: '18' }] });
		v.small = await post({ type: 'journal', date: '2024-11-03', narration: 'Capital brought in',
			lines: [{ ledger_id: id.cash, debit: '1500.50' }, { ledger_id: id.capital, credit: '1500.50' }] });
		// Company 2 holds the same amount, narration, party names and numbers: none may leak.
		beta.sale = await post(sale(beta.sharma.id), 2);
		beta.rent = await post({ type: 'payment', date: '2024-10-30', narration: 'दफ़्तर का किराया अक्टूबर', reference: 'RENT-OCT',
			lines: [{ ledger_id: beta.rent, debit: '25000.00' }, { ledger_id: beta.bank, credit: '25000.00' }] }, 2);
		assert.equal(v.sale.total, '118000.00');
		assert.equal(beta.sale.number, v.sale.number, 'both companies number their first sale alike');
	});
	after(() => s && s.stop());

	async function find(q, c = admin, cid = 1, extra = '') {
		const r = await c.get(search(q, extra, cid));
		assert.equal(r.status, 200, `q=${q}: ${r.text}`);
		return r.json;
	}
	const vids = (r) => r.vouchers.map((x) => x.id);
	const betaIds = () => new Set([beta.sale.id, beta.rent.id]);
	const noBeta = (r, q) => {
		for (const x of r.vouchers) assert.ok(!betaIds().has(x.id), `q=${q}: company 2's voucher ${x.id} appeared`);
		for (const x of r.parties) assert.ok(![beta.sharma.id, beta.mehta.id, beta.bansal.id].includes(x.id), `q=${q}: company 2's party`);
		for (const x of r.items) assert.notEqual(x.id, beta.item, `q=${q}: company 2's item`);
	};

	test('an amount as people type it finds the voucher: 1,18,000 / 118000.00 / ₹1,18,000 / Rs. 118000', async () => {
		for (const q of ['1,18,000', '118000.00', '118000', '₹1,18,000', '₹ 1,18,000.00', 'Rs. 118000', '1,18,000.0']) {
			const r = await find(q);
			assert.equal(r.q, q.trim());
			const hit = r.vouchers.find((x) => x.id === v.sale.id);
			assert.ok(hit, `q=${q} finds the sale: ${JSON.stringify(r.vouchers)}`);
			assert.equal(hit.match, 'amount');
			assert.equal(hit.total, '118000.00');
			assert.equal(hit.number, v.sale.number);
			assert.equal(hit.party_name, 'Sharma Traders');
			assert.equal(hit.type, 'sales');
			assert.equal(r.vouchers[0].id, v.sale.id, `q=${q}: the exact amount comes first`);
			noBeta(r, q);
		}
		const paise = await find('1,500.50');
		assert.deepEqual(vids(paise).slice(0, 1), [v.small.id], 'paise count');
		assert.ok(!vids(await find('118000.01')).includes(v.sale.id), 'one paisa off is another amount');
		assert.ok(!vids(await find('11800')).includes(v.sale.id), 'a part of the amount is not the amount');
		// the purchase's total as the server worked it out (GST and rounding), typed with grouping
		const [rupees, frac] = v.purchase.total.split('.');
		assert.ok(vids(await find(`${Number(rupees).toLocaleString("en-IN")}.${frac}`)).includes(v.purchase.id), v.purchase.total);
	});

	test('a number, its beginning in any case, or its number in the series finds the voucher', async () => {
		const full = await find(v.sale.number);
		assert.equal(full.vouchers[0].id, v.sale.id);
		assert.equal(full.vouchers[0].match, 'number');
		noBeta(full, v.sale.number);
		const prefix = v.sale.number.slice(0, 4).toLowerCase(); // "sal/"
		const byPrefix = await find(prefix);
		assert.deepEqual(vids(byPrefix), [v.sale.id], `q=${prefix}`);
		const seq = await find('1');
		const bySeq = seq.vouchers.filter((x) => x.match === 'seq').map((x) => x.id).sort((a, b) => a - b);
		assert.deepEqual(bySeq, [v.sale.id, v.rent.id, v.purchase.id, v.small.id].sort((a, b) => a - b), 'the first of each series');
		noBeta(seq, '1');
	});

	test('a word of the narration or the reference, in any case and in Hindi', async () => {
		for (const q of ['diwali', 'DIWALI', 'Pune site', 'order for']) {
			const r = await find(q);
			assert.deepEqual(vids(r), [v.sale.id], `q=${q}`);
			assert.equal(r.vouchers[0].match, 'text');
			assert.equal(r.vouchers[0].narration, 'Diwali order for the Pune site');
		}
		const hi = await find('किराया');
		assert.deepEqual(vids(hi), [v.rent.id], 'Devanagari narration');
		assert.deepEqual(vids(await find('rent-oct')), [v.rent.id], 'reference, any case');
		const bill = await find('BILL-4321');
		assert.deepEqual(vids(bill), [v.purchase.id]);
		assert.ok(vids(await find('4321')).includes(v.purchase.id), 'digits of a reference');
		assert.deepEqual(vids(await find('Diwali order for the Mumbai site')), [], 'the phrase, not its words');
		assert.deepEqual(vids(await find('%')), [], 'a LIKE wildcard is a character');
		assert.deepEqual(vids(await find('"')), [], 'a quote is a character');
		assert.deepEqual(vids(await find('di"wali')), []);
	});

	test('parties by name, Hindi name, GSTIN or phone; ledgers; items by SKU or Hindi name', async () => {
		const byHindi = await find('शर्मा');
		assert.deepEqual(byHindi.parties.map((p) => p.id), [id.sharma.id]);
		assert.equal(byHindi.parties[0].name, 'Sharma Traders');
		assert.equal(byHindi.parties[0].name_hi, 'शर्मा ट्रेडर्स');
		noBeta(byHindi, 'शर्मा');
		assert.deepEqual((await find('बंसल')).parties.map((p) => p.id), [id.bansal.id], 'a name in Devanagari');
		assert.deepEqual((await find('sharma')).parties.map((p) => p.id), [id.sharma.id]);
		assert.deepEqual((await find(id.sharma.gstin.toLowerCase())).parties.map((p) => p.id), [id.sharma.id]);
		const phone = await find('98200123');
		assert.deepEqual(phone.parties.map((p) => p.id), [id.sharma.id]);
		noBeta(phone, 'phone');
		const hdfc = await find('hdfc');
		assert.deepEqual(hdfc.ledgers.map((l) => l.id), [id.bank]);
		assert.equal(hdfc.ledgers[0].group, 'Bank Accounts');
		assert.deepEqual((await find('Sharma')).ledgers, [], 'a party\'s ledger is found as the party');
		const cem = await find('cem-53');
		assert.deepEqual(cem.items.map((i) => i.id), [id.item]);
		assert.equal(cem.items[0].sku, 'CEM-53');
		assert.equal(cem.items[0].unit, 'pcs');
		assert.deepEqual((await find('सीमेंट')).items.map((i) => i.id), [id.item], 'an item\'s Hindi name');
	});

	test('another company\'s rows never appear; its own search finds its own', async () => {
		for (const q of ['1,18,000', 'diwali', 'किराया', 'शर्मा', v.sale.number, 'cem-53', 'hdfc']) noBeta(await find(q), q);
		const inBeta = await find('diwali', admin, 2);
		assert.deepEqual(vids(inBeta), [beta.sale.id]);
		assert.deepEqual((await find('शर्मा', admin, 2)).parties.map((p) => p.id), [beta.sharma.id]);
		assert.deepEqual(vids(await find('1,18,000', outsider, 2)).slice(0, 1), [beta.sale.id]);
		assertError(assert, await outsider.get(search('diwali')), 403, 'forbidden');
		assertError(assert, await s.anon().get(search('diwali')), 401);
	});

	test('every role may search; each group is there as the role may list it', async () => {
		for (const c of [ana, asst]) {
			const r = await find('sharma', c);
			assert.deepEqual(Object.keys(r).sort(), ['items', 'ledgers', 'parties', 'q', 'vouchers']);
			assert.deepEqual(r.parties.map((p) => p.id), [id.sharma.id]);
			assert.ok(vids(await find('1,18,000', c)).includes(v.sale.id));
		}
	});

	test('limit bounds each group; the answer is the same object on every call', async () => {
		const r = await find('1', admin, 1, '&limit=2');
		assert.equal(r.vouchers.length, 2);
		assert.deepEqual(vids(r), vids(await find('1', admin, 1, '&limit=2')));
	});

	test('a changed narration is found by its new words only; a cancelled voucher still by its number', async () => {
		const url = co(`/vouchers/${v.small.id}`);
		const alt = await admin.patch(url, { type: 'journal', date: '2024-11-03', narration: 'Loan from Bhatia uncle',
			lines: [{ ledger_id: id.cash, debit: '1500.50' }, { ledger_id: id.capital, credit: '1500.50' }] }, { 'If-Match': '"1"' });
		assert.equal(alt.status, 200, alt.text);
		assert.deepEqual(vids(await find('capital brought')), []);
		assert.deepEqual(vids(await find('bhatia')), [v.small.id]);
		const can = await admin.del(url, undefined, { 'If-Match': '"2"' });
		assert.equal(can.status, 200, can.text);
		const r = await find(v.small.number);
		assert.equal(r.vouchers[0].id, v.small.id);
		assert.equal(r.vouchers[0].status, 'cancelled');
	});

	test('bad parameters are 400 naming the parameter', async () => {
		assertError(assert, await admin.get(co('/search')), 400, 'invalid', 'q');
		assertError(assert, await admin.get(search('   ')), 400, 'invalid', 'q');
		const long = await admin.get(search('x'.repeat(101)));
		assertError(assert, long, 400, 'invalid', 'q');
		assert.equal(long.json.error.reason, 'too_long');
		assert.equal(long.json.error.max, 100);
		assert.equal((await admin.get(search('स'.repeat(100)))).status, 200, '100 characters, not bytes');
		assertError(assert, await admin.get(search('a\u0001b')), 400, 'invalid', 'q');
		for (const l of ['0', '51', 'abc', '-1', '1.5'])
			assertError(assert, await admin.get(search('sharma', `&limit=${l}`)), 400, 'invalid', 'limit');
	});

	test('the voucher list filters by number, series number, amount range and narration', async () => {
		const list = async (q) => {
			const r = await admin.get(co(`/vouchers?${q}`));
			assert.equal(r.status, 200, `${q}: ${r.text}`);
			return r.json.items.map((x) => x.id);
		};
		assert.deepEqual(await list('amount_min=100000&amount_max=200000'), [v.sale.id]);
		assert.deepEqual(await list('amount_min=118000.00&amount_max=118000.00'), [v.sale.id], 'both ends are in');
		assert.deepEqual(await list(`amount_max=${v.purchase.total}`), [v.small.id, v.purchase.id]);
		assert.deepEqual(await list('amount_min=25000&type=payment'), [v.rent.id]);
		assert.deepEqual(await list('amount_min=25000&type=sales&from=2024-10-29'), []);
		assert.deepEqual(await list(`number=${encodeURIComponent(v.sale.number.slice(0, 4).toLowerCase())}`), [v.sale.id]);
		assert.deepEqual(await list(`number=${encodeURIComponent(v.sale.number)}`), [v.sale.id]);
		assert.deepEqual(await list('number=XYZ'), []);
		assert.deepEqual(await list('seq=1&type=purchase'), [v.purchase.id]);
		assert.deepEqual(await list(`q=${encodeURIComponent('pune')}`), [v.sale.id]);
		assert.deepEqual(await list(`q=${encodeURIComponent('किराया')}&amount_min=20000`), [v.rent.id]);
		assert.deepEqual(await list(`q=${encodeURIComponent('किराया')}&amount_min=30000`), []);
		assert.deepEqual(await list(`q=oct&party_id=${id.sharma.id}`), []);
		// Company 2 lists its own only.
		const b = await admin.get(co('/vouchers?q=diwali', 2));
		assert.deepEqual(b.json.items.map((x) => x.id), [beta.sale.id]);

		for (const [q, field] of [['amount_min=abc', 'amount_min'], ['amount_max=1.234', 'amount_max'], ['amount_min=-5', 'amount_min'],
			['amount_min=200&amount_max=100', 'amount_max'], ['seq=0', 'seq'], ['seq=x', 'seq'], ['q=ab', 'q'],
			[`q=${'y'.repeat(101)}`, 'q'], ['party_id=0', 'party_id'], ['from=2024-13-01', 'from']]) {
			const r = await admin.get(co(`/vouchers?${q}`));
			assertError(assert, r, 400, 'invalid', field);
		}
		const short = await admin.get(co('/vouchers?q=ab'));
		assert.equal(short.json.error.reason, 'too_short');
		assert.equal(short.json.error.min, 3);
	});

	test('the voucher list pages through a text filter with its cursor, every voucher once', async () => {
		const made = [];
		for (let i = 0; i < 7; i++) {
			const r = await admin.post(co('/vouchers'), { type: 'receipt', date: '2024-11-10', narration: `NEFT from Sharma ${i}`,
				lines: [{ ledger_id: id.bank, debit: `${1000 + i}.00` }, { ledger_id: id.capital, credit: `${1000 + i}.00` }] });
			assert.equal(r.status, 201, r.text);
			made.push(r.json.id);
		}
		const seen = [];
		let after = '';
		for (let pages = 0; pages < 10; pages++) {
			const r = await admin.get(co(`/vouchers?q=neft&limit=3${after ? `&after=${after}` : ''}`));
			assert.equal(r.status, 200, r.text);
			seen.push(...r.json.items.map((x) => x.id));
			if (!r.json.next) break;
			after = r.json.next;
		}
		assert.deepEqual(seen, [...made].reverse(), 'newest first, each once');
		const amounts = await admin.get(co('/vouchers?amount_min=1002&amount_max=1004&limit=2'));
		assert.equal(amounts.json.items.length, 2);
		assert.ok(amounts.json.next);
	});
});
