// Party lists are never stale: on SQLite a server thread reuses a page it rendered while nothing
// has been committed (db_memo), so after every kind of change - create, edit, archive, restore, a
// write by another process - every answer on every connection shows it, under concurrent reads.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { parties, startServer } from './lib.mjs';

describe('lists after writes', () => {
	let s, c;

	before(async () => {
		s = await startServer();
		c = s.as('admin');
		for (const name of ['Mango Traders', 'Neem Agencies', 'Olive Exports'])
			assert.equal((await c.post(parties(), { name })).status, 201);
	});
	after(() => s && s.stop());

	// many concurrent reads of the same pages (several connections, so every server thread
	// renders and keeps them); every answer must equal `expect` for its page
	async function allSee(expect) {
		const pages = ['', '?limit=50', '?limit=2', '?archived=all', '?archived=true'];
		const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => c.get(parties() + pages[i % pages.length])));
		rs.forEach((r, i) => {
			assert.equal(r.status, 200, r.text);
			const want = expect(pages[i % pages.length]);
			assert.deepEqual(r.json.items.map((p) => `${p.name}#${p.version}#${p.archived}`), want, pages[i % pages.length]);
		});
	}
	async function state() {
		const r = await c.get(`${parties()}?archived=all&limit=500`);
		return r.json.items;
	}
	// the expected pages from the full list
	function pagesOf(all) {
		const f = (xs) => xs.map((p) => `${p.name}#${p.version}#${p.archived}`);
		return (page) => {
			if (page === '?archived=all') return f(all);
			if (page === '?archived=true') return f(all.filter((p) => p.archived));
			const active = all.filter((p) => !p.archived);
			return f(page === '?limit=2' ? active.slice(0, 2) : active);
		};
	}

	test('create, edit, archive, restore and an outside write show at once', async () => {
		await allSee(pagesOf(await state()));
		await allSee(pagesOf(await state()));

		const r = await c.post(parties(), { name: 'Aam Stores' }); // sorts first
		assert.equal(r.status, 201);
		let all = await state();
		assert.equal(all[0].name, 'Aam Stores');
		await allSee(pagesOf(all));

		const id = r.json.id;
		const u = await c.patch(`${parties()}/${id}`, { name: 'Aam Stores (Pune)' }, { 'If-Match': '"1"' });
		assert.equal(u.status, 200, u.text);
		all = await state();
		assert.equal(all[0].name, 'Aam Stores (Pune)');
		await allSee(pagesOf(all));

		const d = await c.del(`${parties()}/${id}`, undefined, { 'If-Match': '"2"' });
		assert.equal(d.status, 200, d.text);
		all = await state();
		assert.ok(all.find((p) => p.id === id).archived);
		await allSee(pagesOf(all));

		const back = await c.patch(`${parties()}/${id}`, { archived: false }, { 'If-Match': '"3"' });
		assert.equal(back.status, 200, back.text);
		await allSee(pagesOf(await state()));

		// another process writes the file (on PostgreSQL: another session)
		s.sql("UPDATE parties SET name = 'Zz Outside', version = version + 1 WHERE name = 'Neem Agencies'");
		all = await state();
		assert.ok(all.some((p) => p.name === 'Zz Outside'));
		await allSee(pagesOf(all));
	});
});
