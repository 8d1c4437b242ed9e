// Anchors and verification over the API and from `daftar serve`: GET /audit/verify reports the
// chain, the anchors and every business row of the company (auditors and admins); POST
// /audit/anchor signs the company's chain head now (admins), after auditing the request; serve
// anchors every chain that grew every --anchor-minutes through the job queue.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { API, assertError, setClock, sleep, startServer, TIME } from './lib.mjs';

const co = (p, cid = 1) => `${API}/companies/${cid}${p}`;

describe('audit anchors and verification over the API', () => {
	let s, admin, auditor, alice, clockDir, clockFile;
	const anchorsFile = () => path.join(s.dir, 'audit-anchors.log');
	const anchorLines = () => (fs.existsSync(anchorsFile()) ? fs.readFileSync(anchorsFile(), 'utf8').split('\n').filter(Boolean) : []);
	const head = (cid) => Number(s.sql(`SELECT seq FROM audit_head WHERE company_id = ${cid}`));

	before(async () => {
		clockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-clock-'));
		clockFile = path.join(clockDir, 'clock');
		setClock(clockFile, 0);
		s = await startServer({
			companies: ['Second Books Co'],
			users: [{ name: 'carol', role: 'auditor' }, { name: 'alice', role: 'executive' }],
			args: ['--anchor-minutes', '1'],
			env: { DAFTAR_TEST_CLOCK_FILE: clockFile },
		});
		admin = s.as('admin');
		auditor = s.as('carol');
		alice = s.as('alice');
		const r = await admin.post(co('/parties'), { kind: 'customer', name: 'Anchored Traders' });
		assert.equal(r.status, 201, r.text);
	});
	after(async () => {
		await s?.stop();
		if (clockDir) fs.rmSync(clockDir, { recursive: true, force: true });
	});

	test('serve made the key beside the data (0600) and queued the anchor job', () => {
		const st = fs.statSync(path.join(s.dir, 'audit-anchor.key'));
		assert.equal(st.mode & 0o777, 0o600);
		assert.match(fs.readFileSync(path.join(s.dir, 'audit-anchor.pub'), 'utf8'), /^ed25519:[0-9a-f]{64}\n$/);
		assert.equal(s.sql("SELECT count(*) FROM jobs WHERE kind = 'audit_anchor' AND state = 'queued'"), '1');
	});

	test('verify: whole, no anchors yet, every row checked; auditors may, executives may not', async () => {
		const r = await auditor.get(co('/audit/verify'));
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.ok, true, r.text);
		assert.equal(r.json.exit_code, 0);
		assert.equal(r.json.chain.records, head(1));
		assert.equal(r.json.anchors, null);
		assert.equal(r.json.rows.party, 1);
		assert.ok(r.json.rows.ledger > 5, r.text);
		assert.deepEqual(r.json.findings, []);
		assertError(assert, await alice.get(co('/audit/verify')), 403, 'forbidden');
	});

	test('anchor: admins only; the request is audited and the anchor covers it', async () => {
		assertError(assert, await auditor.post(co('/audit/anchor'), {}), 403, 'forbidden');
		assertError(assert, await alice.post(co('/audit/anchor'), {}), 403, 'forbidden');
		const before = head(1);
		const r = await admin.post(co('/audit/anchor'), {});
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.anchored, true);
		assert.equal(r.json.seq, before + 1, 'the request record is in the anchored chain');
		assert.equal(s.sql(`SELECT entity || '/' || action FROM audit_log WHERE company_id = 1 AND seq = ${before + 1}`), 'audit_anchor/request');
		assert.equal(r.json.hash, s.sql('SELECT hash FROM audit_head WHERE company_id = 1'));
		assert.match(r.json.line, new RegExp(`^\\S+Z company=1 seq=${r.json.seq} hash=${r.json.hash} key=[0-9a-f]{16} sig=[0-9a-f]{128}$`));
		assert.deepEqual(anchorLines(), [r.json.line], 'one line, in the file');
		assert.equal(r.json.key, fs.readFileSync(path.join(s.dir, 'audit-anchor.pub'), 'utf8').trim());
		const v = await admin.get(co('/audit/verify'));
		assert.equal(v.json.ok, true, v.text);
		assert.equal(v.json.anchors.lines, 1);
		assert.equal(v.json.anchors.matching, 1);
		assert.equal(v.json.anchors.last_seq, r.json.seq);
		assert.equal(v.json.anchors.after_last, 0);
		// another company's lines are not this company's business
		const v2 = await admin.get(co('/audit/verify', 2));
		assert.equal(v2.json.anchors.lines, 0);
		assert.equal(v2.json.findings[0].kind, 'note', v2.text);
	});

	test('a replay of the same Idempotency-Key answers the request and anchors nothing more', async () => {
		const h = { 'Idempotency-Key': 'anchor-once' };
		const first = await admin.post(co('/audit/anchor'), {}, h);
		assert.equal(first.status, 201, first.text);
		const n = anchorLines().length;
		const again = await admin.post(co('/audit/anchor'), {}, h);
		assert.equal(again.status, 200, again.text);
		assert.deepEqual(again.json, { company_id: 1, anchored: false });
		assert.equal(anchorLines().length, n);
	});

	test('verify names a row edited behind Daftar\'s back', async () => {
		const pid = Number(s.sql("SELECT id FROM parties WHERE name = 'Anchored Traders'"));
		s.sql(`UPDATE parties SET phone = '9999999999' WHERE id = ${pid}`);
		try {
			const r = await auditor.get(co('/audit/verify'));
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.ok, false);
			assert.equal(r.json.exit_code, 13);
			assert.equal(r.json.counts.row_changed, 1);
			const f = r.json.findings.find((x) => x.kind === 'row_changed');
			assert.equal(f.entity, 'party');
			assert.equal(f.id, pid);
			assert.equal(f.field, 'phone');
			assert.equal(f.audited, 'null');
			assert.equal(f.current, '"9999999999"');
			assert.match(f.message, /^party \d+: phone is "9999999999" but audit record \d+ has null$/);
		} finally {
			s.sql(`UPDATE parties SET phone = NULL WHERE id = ${pid}`);
		}
	});

	/** Moves the clock to `secs` after the start and waits for the job run number `n` to end. */
	async function jobRun(secs, n) {
		setClock(clockFile, secs);
		const deadline = Date.now() + 15000 * TIME;
		while (Date.now() < deadline) {
			if (Number(s.sql("SELECT count(*) FROM jobs WHERE kind = 'audit_anchor' AND state IN ('done', 'failed')")) >= n) return;
			await sleep(100);
		}
		assert.fail(`job run ${n} did not end`);
	}

	test('serve anchors the chains that grew when the interval has passed, and queues the next run', async () => {
		const r = await admin.post(co('/parties'), { kind: 'vendor', name: 'After The Anchor' });
		assert.equal(r.status, 201, r.text);
		let lines0 = anchorLines().length;
		await jobRun(90, 1); // the job was due a minute after the start
		let added = anchorLines().slice(lines0);
		assert.ok(added.some((l) => new RegExp(` company=1 seq=${head(1)} `).test(l)), `company 1 anchored: ${added.join('\n')}`);
		assert.ok(added.some((l) => / company=0 /.test(l)), 'the system chain too');
		assert.ok(added.some((l) => / company=2 /.test(l)), 'and company 2, never anchored before');
		assert.match(s.sql("SELECT result FROM jobs WHERE kind = 'audit_anchor' AND state = 'done'"), /"anchored":3,"unchanged":0,"refused":0/);
		assert.equal(s.sql("SELECT count(*) FROM jobs WHERE kind = 'audit_anchor' AND state = 'queued'"), '1', 'the next run is queued');
		// a minute later: only the system chain grew (the queue's own record of the next run)
		lines0 = anchorLines().length;
		await jobRun(180, 2);
		added = anchorLines().slice(lines0);
		assert.equal(added.length, 1, added.join('\n'));
		assert.match(added[0], / company=0 /);
		const v = await admin.get(co('/audit/verify'));
		assert.equal(v.json.ok, true, v.text);
		assert.equal(v.json.anchors.after_last, 0);
		assert.equal(v.json.anchors.matching, v.json.anchors.lines);
	});

	test('a missing key with anchors in the file is refused, not replaced', async () => {
		const key = path.join(s.dir, 'audit-anchor.key');
		const saved = fs.readFileSync(key);
		fs.rmSync(key);
		try {
			const r = await admin.post(co('/audit/anchor'), {});
			assertError(assert, r, 422, 'unprocessable');
			assert.equal(r.json.error.reason, 'anchor_key_missing', r.text);
			assert.equal(fs.existsSync(key), false, 'no new key was made');
		} finally {
			fs.writeFileSync(key, saved, { mode: 0o600 });
		}
		const r = await admin.post(co('/audit/anchor'), {});
		assert.equal(r.status, 201, r.text);
	});
});
