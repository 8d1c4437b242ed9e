// Listing parties: search by part of the name (any case), GSTIN, phone and Devanagari text; kind
// filter; paging with limit and the `next` cursor covers every row exactly once in name order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { byteCompare, makeGstin, makePan, parties, startServer } from './lib.mjs';

const NAMES = [
	'Alpha Traders', 'alpha steel', 'ALPHA Textiles', 'Beta Agencies', 'Gamma Exports', 'Delta Pharma',
	'शर्मा ट्रेडर्स', 'शर्मा स्टील', 'गुप्ता एंड संस', 'वर्मा ब्रदर्स', 'Sharma Traders',
	'Same Name', 'Same Name', 'Same Name', '100% Cotton Mills', '100 Percent', 'a_b Suppliers', 'aXb Suppliers',
	'Zeta Logistics', 'zeta logistics', 'Omega!', 'Kappa (India) Pvt Ltd', 'Iota', 'Eta', 'Theta & Sons',
	'Lambda', 'Mu', 'Nu', 'Xi', 'Omicron', 'Pi', 'Rho', 'Sigma', 'Tau', 'Upsilon', 'Phi', 'Chi', 'Psi',
];

describe('list, search and paging', () => {
	let s, c;
	const all = []; // every created party

	before(async () => {
		s = await startServer();
		c = s.as('admin');
		let n = 0;
		for (const name of NAMES) {
			n++;
			const body = { name, kind: n % 3 === 0 ? 'vendor' : 'customer', allow_duplicate: true };
			if (n % 4 === 0) body.gstin = makeGstin('27', makePan(500 + n));
			if (n % 5 === 0) body.phone = `91234${String(n).padStart(5, '0')}`;
			const r = await c.post(parties(), body);
			assert.equal(r.status, 201, r.text);
			all.push(r.json);
		}
	});
	after(() => s && s.stop());

	const sorted = (xs) => [...xs].sort((a, b) => byteCompare(a.name, b.name) || a.id - b.id);
	const names = (xs) => xs.map((x) => `${x.name}#${x.id}`);
	// what q should find: part of the name, GSTIN or phone, ignoring (ASCII) case
	const hit = (p, q) => [p.name, p.gstin || '', p.phone || ''].some((f) => f.toLowerCase().includes(q.toLowerCase()));

	async function list(query) {
		const r = await c.get(`${parties()}?${query}`);
		assert.equal(r.status, 200, `${query}: ${r.text}`);
		assert.ok(Array.isArray(r.json.items));
		assert.ok('next' in r.json);
		return r.json;
	}

	test('the default list is every active party in name order', async () => {
		const r = await list('limit=500');
		assert.deepEqual(names(r.items), names(sorted(all)));
		assert.equal(r.next, null);
		// items are whole parties
		assert.deepEqual(r.items.find((x) => x.id === all[3].id), all[3]);
		// default limit is 50
		assert.equal((await list('')).items.length, Math.min(50, all.length));
	});

	test('search: part of the name in any case', async () => {
		const expect = (q) => names(sorted(all.filter((p) => hit(p, q))));
		for (const q of ['alpha', 'ALPHA', 'AlPhA', 'trad', 'steel', 'logistics', 'same name', '(india)', '&', 'omega!']) {
			const r = await list(`q=${encodeURIComponent(q)}&limit=500`);
			assert.deepEqual(names(r.items), expect(q), `q=${q}`);
			assert.ok(r.items.length > 0, `q=${q} finds something`);
		}
		assert.deepEqual((await list('q=nothing-like-this')).items, []);
	});

	test('search: LIKE wildcards are plain characters', async () => {
		assert.deepEqual((await list(`q=${encodeURIComponent('100%')}`)).items.map((x) => x.name), ['100% Cotton Mills']);
		assert.deepEqual((await list(`q=${encodeURIComponent('a_b')}`)).items.map((x) => x.name), ['a_b Suppliers']);
		assert.deepEqual((await list(`q=${encodeURIComponent('%')}`)).items.map((x) => x.name), ['100% Cotton Mills']);
		assert.deepEqual((await list(`q=${encodeURIComponent('_')}`)).items.map((x) => x.name), ['a_b Suppliers']);
		assert.deepEqual((await list(`q=${encodeURIComponent('!')}`)).items.map((x) => x.name), ['Omega!']);
	});

	test('search: Devanagari', async () => {
		const r = await list(`q=${encodeURIComponent('शर्मा')}`);
		assert.deepEqual(r.items.map((x) => x.name).sort(byteCompare), ['शर्मा ट्रेडर्स', 'शर्मा स्टील'].sort(byteCompare));
		const r2 = await list(`q=${encodeURIComponent('ब्रदर्स')}`);
		assert.deepEqual(r2.items.map((x) => x.name), ['वर्मा ब्रदर्स']);
		// 'Sharma' in Latin letters is another party
		const r3 = await list('q=sharma');
		assert.deepEqual(r3.items.map((x) => x.name), ['Sharma Traders']);
	});

	test('search: GSTIN (whole, part, any case) and phone (whole or part)', async () => {
		const withG = all.filter((p) => p.gstin);
		assert.ok(withG.length >= 5);
		for (const p of withG.slice(0, 3)) {
			assert.deepEqual((await list(`q=${p.gstin}`)).items.map((x) => x.id), [p.id]);
			assert.deepEqual((await list(`q=${p.gstin.toLowerCase()}`)).items.map((x) => x.id), [p.id]);
			assert.deepEqual((await list(`q=${p.gstin.slice(2, 12)}`)).items.map((x) => x.id), [p.id]);
		}
		const withP = all.filter((p) => p.phone);
		assert.ok(withP.length >= 5);
		for (const p of withP.slice(0, 3)) {
			assert.deepEqual((await list(`q=${p.phone}`)).items.map((x) => x.id), [p.id]);
			assert.deepEqual((await list(`q=${p.phone.slice(-5)}`)).items.map((x) => x.id), [p.id]);
		}
		// a shared prefix finds them all
		assert.deepEqual(names((await list('q=91234&limit=500')).items), names(sorted(withP)));
	});

	test('kind filter', async () => {
		const v = await list('kind=vendor&limit=500');
		assert.deepEqual(names(v.items), names(sorted(all.filter((p) => p.kind === 'vendor'))));
		const cu = await list('kind=customer&limit=500');
		assert.deepEqual(names(cu.items), names(sorted(all.filter((p) => p.kind === 'customer'))));
		const both = await list('kind=vendor&q=alpha&limit=500');
		assert.deepEqual(names(both.items), names(sorted(all.filter((p) => p.kind === 'vendor' && hit(p, 'alpha')))));
	});

	async function walk(query, limit) {
		const seen = [];
		let after = null;
		let pages = 0;
		for (;;) {
			const r = await list(`${query}&limit=${limit}${after ? `&after=${after}` : ''}`);
			pages++;
			assert.ok(r.items.length <= limit);
			seen.push(...r.items);
			if (r.next === null) break;
			assert.equal(r.items.length, limit, 'only the last page is short');
			assert.equal(typeof r.next, 'string');
			after = r.next;
			assert.ok(pages < 200, 'paging ends');
		}
		return { seen, pages };
	}

	for (const limit of [1, 4, 7, 13]) {
		test(`paging with limit=${limit} covers every row exactly once, in order`, async () => {
			const { seen, pages } = await walk('q=', limit);
			assert.deepEqual(names(seen), names(sorted(all)));
			assert.equal(new Set(seen.map((x) => x.id)).size, all.length);
			assert.equal(pages, Math.ceil(all.length / limit));
		});
	}

	test('paging within a search and a kind', async () => {
		const { seen } = await walk('q=a&kind=customer', 3);
		assert.deepEqual(names(seen), names(sorted(all.filter((p) => p.kind === 'customer' && hit(p, 'a')))));
	});

	test('archived parties leave the default list and its pages', async () => {
		const gone = all.filter((p) => p.name === 'Same Name')[1];
		const r = await c.del(`${parties()}/${gone.id}`, null, { 'If-Match': `"${gone.version}"` });
		assert.equal(r.status, 200, r.text);
		const { seen } = await walk('q=', 5);
		assert.deepEqual(names(seen), names(sorted(all.filter((p) => p.id !== gone.id))));
		const { seen: archived } = await walk('q=&archived=true', 5);
		assert.deepEqual(archived.map((x) => x.id), [gone.id]);
		const { seen: every } = await walk('q=&archived=all', 6);
		assert.equal(every.length, all.length);
	});
});
