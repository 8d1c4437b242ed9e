// Optimistic concurrency and archiving: PATCH/DELETE name the version they read in If-Match; an
// old version is 409 "stale" carrying the party as it is now; DELETE archives, never deletes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertError, parties, startServer } from './lib.mjs';

describe('If-Match versions and archiving', () => {
	let s, c, p, url;

	before(async () => {
		s = await startServer();
		c = s.as('admin');
		const r = await c.post(parties(), { name: 'Versioned Party', kind: 'vendor' });
		assert.equal(r.status, 201, r.text);
		p = r.json;
		url = `${parties()}/${p.id}`;
	});
	after(() => s && s.stop());

	test('GET and POST carry the version as ETag', async () => {
		assert.equal(p.version, 1);
		const g = await c.get(url);
		assert.equal(g.status, 200);
		assert.equal(g.headers.get('etag'), '"1"');
		assert.deepEqual(g.json, p);
	});

	test('PATCH with the current version moves it on; with an old one it is 409 stale with current', async () => {
		const ok = await c.patch(url, { credit_limit: '10.00' }, { 'If-Match': '"1"' });
		assert.equal(ok.status, 200, ok.text);
		assert.equal(ok.json.version, 2);
		assert.equal(ok.headers.get('etag'), '"2"');
		assert.equal(ok.json.credit_limit, '10.00');

		const stale = await c.patch(url, { credit_limit: '20.00' }, { 'If-Match': '"1"' });
		assertError(assert, stale, 409, 'stale');
		assert.ok(stale.json.error.current, `current in ${stale.text}`);
		assert.equal(stale.json.error.current.id, p.id);
		assert.equal(stale.json.error.current.version, 2);
		assert.equal(stale.json.error.current.credit_limit, '10.00');
		assert.equal(s.sql(`SELECT version || ':' || credit_limit FROM parties WHERE id = ${p.id}`), '2:1000');

		// a version from the future is stale too
		assertError(assert, await c.patch(url, { credit_limit: '20.00' }, { 'If-Match': '"7"' }), 409, 'stale');
	});

	test('If-Match is required and must hold a version', async () => {
		const cases = [undefined, '', '"abc"', 'abc', '"0"', '"-1"', '""', '*', '"2'];
		for (const h of cases) {
			const r = await c.patch(url, { credit_limit: '30.00' }, h === undefined ? {} : { 'If-Match': h });
			assertError(assert, r, 400, 'invalid', 'If-Match');
			const d = await c.del(url, null, h === undefined ? {} : { 'If-Match': h });
			assertError(assert, d, 400, 'invalid', 'If-Match');
		}
		assert.equal(s.sql(`SELECT version || ':' || archived FROM parties WHERE id = ${p.id}`), '2:0');
		// the accepted spellings: "2", 2 and W/"2"
		let r = await c.patch(url, { payment_terms_days: 15 }, { 'If-Match': 'W/"2"' });
		assert.equal(r.status, 200, r.text);
		r = await c.patch(url, { payment_terms_days: 30 }, { 'If-Match': '3' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.version, 4);
	});

	test('racing PATCHes with one version: exactly one wins, the others are stale with current', async () => {
		const cur = (await c.get(url)).json;
		const results = await Promise.all(Array.from({ length: 6 }, (_, i) =>
			c.patch(url, { credit_limit: `${i + 1}.00` }, { 'If-Match': `"${cur.version}"` })));
		const won = results.filter((r) => r.status === 200);
		const lost = results.filter((r) => r.status !== 200);
		assert.equal(won.length, 1, results.map((r) => `${r.status} ${r.text}`).join('\n'));
		for (const r of lost) {
			assertError(assert, r, 409, 'stale');
			assert.ok(r.json.error.current, `current in ${r.text}`);
			assert.equal(r.json.error.current.version, cur.version + 1, r.text);
			assert.equal(r.json.error.current.credit_limit, won[0].json.credit_limit, r.text);
		}
		assert.equal(s.sql(`SELECT version FROM parties WHERE id = ${p.id}`), String(cur.version + 1));
	});

	test('DELETE archives: GET still shows it, lists hide it unless asked', async () => {
		const other = await c.post(parties(), { name: 'Versioned Party Active', kind: 'vendor' });
		const cur = (await c.get(url)).json;
		assertError(assert, await c.del(url, null, { 'If-Match': `"${cur.version - 1}"` }), 409, 'stale');
		const d = await c.del(url, null, { 'If-Match': `"${cur.version}"` });
		assert.equal(d.status, 200, d.text);
		assert.equal(d.json.archived, true);
		assert.equal(d.json.version, cur.version + 1);
		assert.equal(d.json.name, 'Versioned Party');
		assert.equal(s.sql(`SELECT count(*) FROM parties WHERE id = ${p.id}`), '1', 'the row is kept');

		const g = await c.get(url);
		assert.equal(g.status, 200);
		assert.equal(g.json.archived, true);

		const ids = async (q) => {
			const r = await c.get(`${parties()}?q=versioned${q}`);
			assert.equal(r.status, 200, r.text);
			return r.json.items.map((x) => x.id).sort((a, b) => a - b);
		};
		assert.deepEqual(await ids(''), [other.json.id]);
		assert.deepEqual(await ids('&archived=false'), [other.json.id]);
		assert.deepEqual(await ids('&archived=true'), [p.id]);
		assert.deepEqual(await ids('&archived=all'), [p.id, other.json.id].sort((a, b) => a - b));

		// archiving again is a conflict, and changes nothing
		const again = await c.del(url, null, { 'If-Match': `"${d.json.version}"` });
		assertError(assert, again, 409, 'conflict');
		assert.equal(s.sql(`SELECT version || ':' || archived FROM parties WHERE id = ${p.id}`), `${d.json.version}:1`);
	});
});
