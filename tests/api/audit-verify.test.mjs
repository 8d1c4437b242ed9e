// The hash-chained audit log: `daftar audit verify` passes on an honest log, the database refuses
// UPDATE and DELETE on it, and each kind of tampering done behind the guard's back is found and
// named by record number (exit code 10).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BACKEND, parties, startServer } from './lib.mjs';

const UNGUARD = BACKEND === 'postgres'
	? 'ALTER TABLE audit_log DISABLE TRIGGER USER;'
	: 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;';

describe('audit chain verification', () => {
	let s, last; // last = highest seq in company 1's chain
	const verify = (dir) => s.cli(['audit', 'verify', '--data', dir]);

	before(async () => {
		s = await startServer({ companies: ['Second Books Co'] });
		const c = s.as('admin');
		const ids = [];
		for (const name of ['Audit One', 'Audit Two', 'ऑडिट तीन', 'Audit Four', 'Audit Five']) {
			const r = await c.post(parties(), { name, credit_limit: '100.00' });
			assert.equal(r.status, 201, r.text);
			ids.push(r.json.id);
		}
		for (const id of ids.slice(0, 3)) {
			const r = await c.patch(`${parties()}/${id}`, { credit_limit: '250.50' }, { 'If-Match': '"1"' });
			assert.equal(r.status, 200, r.text);
		}
		const d = await c.del(`${parties()}/${ids[4]}`, null, { 'If-Match': '"1"' });
		assert.equal(d.status, 200, d.text);
		assert.equal((await c.post(parties(2), { name: 'Other Company Party' })).status, 201);
		last = Number(s.sql('SELECT max(seq) FROM audit_log WHERE company_id = 1'));
		assert.ok(last >= 10, `enough records: ${last}`);
	});
	after(() => s && s.stop());

	test('an honest log verifies (exit 0) and counts every record', () => {
		const r = verify(s.dir);
		assert.equal(r.code, 0, r.stderr);
		const total = s.sql('SELECT count(*) FROM audit_log');
		assert.match(r.stdout, new RegExp(`\\b${total} records verified`), r.stdout);
		// the chain links: each record's prev_hash is the hash before it, seq has no gaps
		const rows = s.sql('SELECT seq, prev_hash, hash FROM audit_log WHERE company_id = 1 ORDER BY seq').split('\n').map((l) => l.split('|'));
		rows.forEach(([seq, prev, hash], i) => {
			assert.equal(Number(seq), i + 1);
			assert.equal(prev, i === 0 ? '0'.repeat(64) : rows[i - 1][2]);
			assert.match(hash, /^[0-9a-f]{64}$/);
		});
		assert.equal(s.sql('SELECT hash FROM audit_head WHERE company_id = 1'), rows[rows.length - 1][2]);
	});

	test('the database refuses UPDATE and DELETE on audit_log', () => {
		const before = s.sql('SELECT count(*) || max(hash) FROM audit_log');
		const attempts = [
			"UPDATE audit_log SET after_json = '{}' WHERE company_id = 1 AND seq = 2",
			'UPDATE audit_log SET user_id = 999',
			'DELETE FROM audit_log WHERE company_id = 1 AND seq = 2',
			'DELETE FROM audit_log',
		];
		if (BACKEND === 'postgres') attempts.push('TRUNCATE audit_log');
		for (const q of attempts) {
			const r = s.sqlRaw(q);
			assert.notEqual(r.code, 0, `refused: ${q}`);
			assert.match(r.stderr, /append-only/, q);
		}
		assert.equal(s.sql('SELECT count(*) || max(hash) FROM audit_log'), before);
		assert.equal(verify(s.dir).code, 0);
	});

	describe('tampering behind the guard is found', () => {
		// The guard is switched off as the database owner could; every case starts by putting the
		// saved honest log back, then tampers and checks.
		before(async () => {
			await s.halt();
			s.sql(`${UNGUARD} CREATE TABLE audit_saved AS SELECT * FROM audit_log; CREATE TABLE head_saved AS SELECT * FROM audit_head`);
		});
		const RESTORE = 'DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM audit_saved; DELETE FROM audit_head; INSERT INTO audit_head SELECT * FROM head_saved;';

		// [label, SQL after the guard is off, pattern stderr must match]
		const cases = () => {
			const mid = Math.floor(last / 2) + 1;
			return [
				['edit a record\'s after_json', `UPDATE audit_log SET after_json = '{"credit_limit":"999999.00"}' WHERE company_id = 1 AND seq = ${last - 1}`, new RegExp(`company 1: record ${last - 1} was edited`)],
				['edit who did it', `UPDATE audit_log SET user_id = user_id + 1 WHERE company_id = 1 AND seq = 3`, /company 1: record 3 was edited/],
				['edit when it happened', `UPDATE audit_log SET at = '2020-01-01T00:00:00.000000Z' WHERE company_id = 1 AND seq = ${mid}`, new RegExp(`company 1: record ${mid} was edited`)],
				['delete a middle record', `DELETE FROM audit_log WHERE company_id = 1 AND seq = ${mid}`, new RegExp(`company 1: record ${mid} is missing`)],
				['swap two records (reorder)', `UPDATE audit_log SET seq = -1 WHERE company_id = 1 AND seq = ${mid}; UPDATE audit_log SET seq = ${mid} WHERE company_id = 1 AND seq = ${mid + 2}; UPDATE audit_log SET seq = ${mid + 2} WHERE company_id = 1 AND seq = -1`, new RegExp(`company 1: record ${mid} does not follow`)],
				['delete the last record', `DELETE FROM audit_log WHERE company_id = 1 AND seq = ${last}`, new RegExp(`company 1: the chain ends at record ${last - 1} but ${last} were written`)],
				['delete the whole chain of a company', 'DELETE FROM audit_log WHERE company_id = 1', new RegExp(`company 1: the chain ends at record 0 but ${last} were written`)],
				['remove a chain\'s head', 'DELETE FROM audit_head WHERE company_id = 1', /company 1: the chain head is missing/],
				['remove a company\'s whole chain with its head', 'DELETE FROM audit_log WHERE company_id = 2; DELETE FROM audit_head WHERE company_id = 2', /company 2: the chain head is missing/],
				['remove the system chain with its head', 'DELETE FROM audit_log WHERE company_id = 0; DELETE FROM audit_head WHERE company_id = 0', /company 0: the chain head is missing/],
				['append a forged record', `INSERT INTO audit_log(company_id, seq, at, user_id, entity, entity_id, action, before_json, after_json, prev_hash, hash) SELECT 1, ${last + 1}, at, user_id, entity, entity_id, action, before_json, after_json, hash, '${'ab'.repeat(32)}' FROM audit_log WHERE company_id = 1 AND seq = ${last}`, new RegExp(`company 1: record ${last + 1} was edited`)],
			];
		};

		test('each tampering: exit code 10 and the record named', () => {
			for (const [label, tamper, expect] of cases()) {
				s.sql(`${RESTORE} ${tamper}`);
				const r = verify(s.dir);
				assert.equal(r.code, 10, `${label}: exit ${r.code}: ${r.stdout}${r.stderr}`);
				assert.match(r.stderr, /audit chain BROKEN/, label);
				assert.match(r.stderr, expect, `${label}: ${r.stderr}`);
			}
		});

		test('put back, the saved log verifies again', () => {
			s.sql(RESTORE);
			const r = verify(s.dir);
			assert.equal(r.code, 0, r.stderr);
		});
	});
});
