// Idempotency-Key: a retried POST answers the first result and creates nothing; the same key with
// another body is 422; ten racing requests with one key create exactly one row.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertError, parseRaw, parties, rawHttp, startServer } from './lib.mjs';

describe('Idempotency-Key', () => {
	let s, c;
	const rows = (name) => Number(s.sql(`SELECT count(*) FROM parties WHERE name = '${name}'`));
	// party records only: creating a party may also audit the ledger the accounts module makes for it
	const audit = () => Number(s.sql("SELECT count(*) FROM audit_log WHERE company_id = 1 AND entity = 'party'"));

	before(async () => {
		s = await startServer({ users: [{ name: 'other', role: 'executive' }] });
		c = s.as('admin');
	});
	after(() => s && s.stop());

	test('the same key twice answers the first result and creates one row', async () => {
		const a0 = audit();
		const body = { name: 'Idem One', phone: '9800000001' };
		const first = await c.post(parties(), body, { 'Idempotency-Key': 'key-1' });
		assert.equal(first.status, 201, first.text);
		assert.equal(first.headers.get('idempotent-replayed'), null);
		const again = await c.post(parties(), body, { 'Idempotency-Key': 'key-1' });
		assert.equal(again.status, 201, again.text);
		assert.equal(again.headers.get('idempotent-replayed'), 'true');
		assert.deepEqual(again.json, first.json);
		assert.equal(rows('Idem One'), 1);
		assert.equal(audit(), a0 + 1);
		// without the key the same body is a new request (and here a duplicate phone)
		const fresh = await c.post(parties(), body);
		assertError(assert, fresh, 409, 'duplicate', 'phone');
		assert.equal(fresh.json.error.existing.id, first.json.id);
	});

	test('the same key with a different body is 422 and creates nothing', async () => {
		const a0 = audit();
		const r = await c.post(parties(), { name: 'Idem One Changed' }, { 'Idempotency-Key': 'key-1' });
		assertError(assert, r, 422, 'unprocessable', 'Idempotency-Key');
		assert.equal(rows('Idem One Changed'), 0);
		// another path with the same key is a different request too
		const first = await c.post(parties(), { name: 'Patch Me' });
		const p = await c.patch(`${parties()}/${first.json.id}`, { name: 'Idem One', phone: '9800000001' }, { 'If-Match': '"1"', 'Idempotency-Key': 'key-1' });
		assertError(assert, p, 422, 'unprocessable', 'Idempotency-Key');
		assert.equal(s.sql(`SELECT name || ':' || version FROM parties WHERE id = ${first.json.id}`), 'Patch Me:1');
		assert.equal(audit(), a0 + 1); // only 'Patch Me' was created
	});

	test('keys belong to the user: another user with the same key makes its own', async () => {
		const o = s.as('other');
		const body = { name: 'Per User' };
		const mine = await c.post(parties(), body, { 'Idempotency-Key': 'shared-key' });
		const theirs = await o.post(parties(), body, { 'Idempotency-Key': 'shared-key' });
		assert.equal(mine.status, 201);
		assert.equal(theirs.status, 201);
		assert.notEqual(mine.json.id, theirs.json.id);
		assert.equal(rows('Per User'), 2);
	});

	test('a PATCH retried with its key replays instead of answering stale', async () => {
		const p = await c.post(parties(), { name: 'Patch Retry' });
		const url = `${parties()}/${p.json.id}`;
		const h = { 'If-Match': '"1"', 'Idempotency-Key': 'patch-1' };
		const first = await c.patch(url, { credit_limit: '99.00' }, h);
		assert.equal(first.status, 200, first.text);
		assert.equal(first.json.version, 2);
		const again = await c.patch(url, { credit_limit: '99.00' }, h);
		assert.equal(again.status, 200, again.text);
		assert.deepEqual(again.json, first.json);
		assert.equal(s.sql(`SELECT version FROM parties WHERE id = ${p.json.id}`), '2');
		// without the key, the old version is stale
		assertError(assert, await c.patch(url, { credit_limit: '99.00' }, { 'If-Match': '"1"' }), 409, 'stale');
	});

	test('a refused request leaves its key unused', async () => {
		const bad = await c.post(parties(), { name: 'Key After Error', credit_limit: 'x' }, { 'Idempotency-Key': 'key-err' });
		assertError(assert, bad, 400, 'invalid', 'credit_limit');
		assert.equal(s.sql("SELECT count(*) FROM idempotency WHERE key = 'key-err'"), '0');
		const ok = await c.post(parties(), { name: 'Key After Error' }, { 'Idempotency-Key': 'key-err' });
		assert.equal(ok.status, 201, ok.text);
	});

	test('a malformed key is refused', async () => {
		for (const key of ['k'.repeat(201), '']) {
			const r = await c.post(parties(), { name: 'Bad Key' }, { 'Idempotency-Key': key });
			assertError(assert, r, 400, 'invalid', 'Idempotency-Key');
		}
		// bytes that are not UTF-8 (clients will not send them; a raw connection can)
		const body = JSON.stringify({ name: 'Bad Key' });
		for (const junk of [[0xff], [0x61, 0xe0, 0xa4], [0xc0, 0xaf], [0xe9]]) {
			const answer = parseRaw(await rawHttp(s.url, Buffer.concat([
				Buffer.from(`POST ${parties()} HTTP/1.1\r\nHost: x\r\nAuthorization: ${c.base.Authorization}\r\nIdempotency-Key: `),
				Buffer.from(junk),
				Buffer.from(`\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`),
			])));
			assert.equal(answer.status, 400, answer.text);
			assert.equal(answer.json.error.field, 'Idempotency-Key', answer.text);
		}
		assert.equal(rows('Bad Key'), 0);
	});

	test('10 parallel PATCHes with one key change the party once', async () => {
		const p = await c.post(parties(), { name: 'Patch Race' });
		const url = `${parties()}/${p.json.id}`;
		const a0 = audit();
		const results = await Promise.all(Array.from({ length: 10 }, () =>
			c.patch(url, { credit_limit: '123.45' }, { 'If-Match': '"1"', 'Idempotency-Key': 'patch-race' })));
		for (const r of results) assert.equal(r.status, 200, `${r.status} ${r.text}`);
		assert.deepEqual(new Set(results.map((r) => r.json.version)), new Set([2]));
		assert.equal(s.sql(`SELECT version FROM parties WHERE id = ${p.json.id}`), '2');
		assert.equal(audit(), a0 + 1);
	});

	for (const round of [1, 2, 3, 4]) {
		test(`10 parallel POSTs with one key make exactly one row (round ${round})`, async () => {
			const a0 = audit();
			const name = `Race ${round}`;
			const body = { name, gstin: null, phone: `97000000${String(round).padStart(2, '0')}` };
			const key = `race-key-${round}`;
			const results = await Promise.all(Array.from({ length: 10 }, () => c.post(parties(), body, { 'Idempotency-Key': key })));
			for (const r of results) assert.equal(r.status, 201, `${r.status} ${r.text}`);
			const ids = new Set(results.map((r) => r.json.id));
			assert.equal(ids.size, 1, `one id for all: ${[...ids]}`);
			assert.equal(rows(name), 1);
			assert.equal(audit(), a0 + 1);
			assert.equal(results.filter((r) => r.headers.get('idempotent-replayed') !== 'true').length, 1, 'exactly one original answer');
		});
	}
});
