// Duplicate parties: a GSTIN or phone another party of the company already has is 409
// "duplicate" naming that party, unless the request says allow_duplicate.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertError, makeGstin, makePan, parties, startServer } from './lib.mjs';

describe('duplicate GSTIN and phone', () => {
	let s, c, first;
	const G1 = makeGstin('29', makePan(101));
	const G2 = makeGstin('07', makePan(102));
	const count = () => s.sql('SELECT count(*) FROM parties');

	before(async () => {
		s = await startServer();
		c = s.as('admin');
		const r = await c.post(parties(), { name: 'Original Traders', gstin: G1, phone: '98765 43210' });
		assert.equal(r.status, 201, r.text);
		first = r.json;
		assert.equal(first.phone, '9876543210');
	});
	after(() => s && s.stop());

	function assertDuplicate(r, field) {
		assertError(assert, r, 409, 'duplicate', field);
		assert.ok(r.json.error.existing, r.text);
		assert.equal(r.json.error.existing.id, first.id, r.text);
		assert.equal(r.json.error.existing.name, 'Original Traders', r.text);
	}

	test('the same GSTIN is a duplicate, however it is typed', async () => {
		const n = count();
		assertDuplicate(await c.post(parties(), { name: 'Copy One', gstin: G1 }), 'gstin');
		assertDuplicate(await c.post(parties(), { name: 'Copy Two', gstin: G1.toLowerCase() }), 'gstin');
		assertDuplicate(await c.post(parties(), { name: 'Copy Three', gstin: ` ${G1} ` }), 'gstin');
		assert.equal(count(), n);
	});

	test('the same phone is a duplicate, in any usual spelling', async () => {
		const n = count();
		for (const phone of ['9876543210', '+91 98765-43210', '098765 43210', '(98765) 43210', '919876543210']) {
			assertDuplicate(await c.post(parties(), { name: `Phone ${phone}`, phone }), 'phone');
		}
		assert.equal(count(), n);
	});

	test('allow_duplicate: true creates it anyway', async () => {
		const n = Number(count());
		const r = await c.post(parties(), { name: 'Branch Office', gstin: G1, phone: '9876543210', allow_duplicate: true });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.gstin, G1);
		const r2 = await c.post(parties(), { name: 'Phone Twin', phone: '+91 98765 43210', allow_duplicate: true });
		assert.equal(r2.status, 201, r2.text);
		assert.equal(Number(count()), n + 2);
		// allow_duplicate: false is the same as leaving it out
		assertDuplicate(await c.post(parties(), { name: 'Not Allowed', gstin: G1, allow_duplicate: false }), 'gstin');
	});

	test('different GSTIN and phone are not duplicates; nor is a name alone', async () => {
		const r = await c.post(parties(), { name: 'Original Traders', gstin: G2, phone: '9123456789' });
		assert.equal(r.status, 201, r.text);
	});

	test('PATCH to another party\'s GSTIN or phone is a duplicate too', async () => {
		const other = await c.post(parties(), { name: 'Will Collide' });
		assert.equal(other.status, 201);
		const url = `${parties()}/${other.json.id}`;
		assertDuplicate(await c.patch(url, { gstin: G1 }, { 'If-Match': '"1"' }), 'gstin');
		assertDuplicate(await c.patch(url, { phone: '98765-43210' }, { 'If-Match': '"1"' }), 'phone');
		assert.equal(s.sql(`SELECT version FROM parties WHERE id = ${other.json.id}`), '1');
		const ok = await c.patch(url, { phone: '98765-43210', allow_duplicate: true }, { 'If-Match': '"1"' });
		assert.equal(ok.status, 200, ok.text);
		// a party keeping its own GSTIN and phone is no duplicate of itself
		const self = await c.patch(`${parties()}/${first.id}`, { name: 'Original Traders Pvt Ltd' }, { 'If-Match': '"1"' });
		assert.equal(self.status, 200, self.text);
	});
});
