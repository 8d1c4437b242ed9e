// backup.test.mjs - `daftar backup` under a continuous write load finishes in bounded time with one
// consistent copy (integrity check, audit verify, every write acknowledged before it began), and
// `daftar restore`: refused while the server runs, refused for a corrupt or tampered file (the data
// left as it was), and a round trip. SQLite only: PostgreSQL's are pg_dump / pg_restore
// (pg-dump.test.mjs).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BACKEND, BIN, TIME, parties, sleep, startServer } from './lib.mjs';

const sqlite = (file, q) => {
	const r = spawnSync('sqlite3', ['-bail', file, q], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`sqlite3 ${q}: ${r.stderr}`);
	return r.stdout.trim();
};
const digest = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const mode = (p) => fs.statSync(p).mode & 0o777;

/** Runs the binary without blocking the event loop (the write load goes on meanwhile). */
function cliAsync(args) {
	return new Promise((resolve) => {
		const t0 = Date.now();
		const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		p.stdout.on('data', (d) => { stdout += d; });
		p.stderr.on('data', (d) => { stderr += d; });
		p.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
	});
}

describe('backup and restore (SQLite)', { skip: BACKEND !== 'sqlite' && 'SQLite only (PostgreSQL: pg-dump.test.mjs)' }, () => {
	let s;
	let c;
	let token;
	let tmp;
	// After a restart the server listens on a new port: a new client with the same token.
	const restart = async () => {
		await s.restart();
		c = s.tokenClient(token);
	};
	before(async () => {
		s = await startServer();
		token = s.token('admin');
		c = s.tokenClient(token);
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-backup-'));
		// Some megabytes of books, so that a copy takes many pages: a copy made step by step
		// started again at every commit and never finished under a steady load.
		const lines = ['; books for the backup test'];
		for (let i = 1; i <= 12000; i++) {
			const d = `2025-${String(4 + (i % 9)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
			const amt = `${100 + (i % 9000)}.${String(i % 100).padStart(2, '0')}`;
			lines.push(`${d} * Sale ${i} to a customer with a long enough narration`, `    Assets:Receivables:Customers:C${String(i % 80).padStart(3, '0')}  ${amt} INR`, `    Income:Sales:Products:P${String(i % 20).padStart(2, '0')}  -${amt} INR`, '');
		}
		const journal = path.join(tmp, 'books.journal');
		fs.writeFileSync(journal, lines.join('\n'));
		const r = s.cli(['import', 'ledger', '--data', s.dir, journal]);
		assert.equal(r.code, 0, r.stderr);
	});
	after(async () => {
		if (s) await s.stop();
		if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
	});

	test('under a continuous write load, backups finish in bounded time with one consistent copy', async () => {
		// Eight writers create parties without pause; each acknowledged create is remembered with
		// the moment it was acknowledged.
		const acked = []; // [name, ms]
		let writing = true;
		let failures = 0;
		let n = 0;
		const writer = async (w) => {
			while (writing) {
				const name = `Load ${w}-${n++}`;
				const r = await c.post(parties(), { name });
				if (r.status === 201) acked.push([name, Date.now()]);
				else failures++;
			}
		};
		const writers = Array.from({ length: 8 }, (_, i) => writer(i));
		await sleep(1000 * TIME);
		const runs = [];
		try {
			for (let i = 0; i < 3; i++) {
				const file = path.join(tmp, `load-${i}.db`);
				const started = Date.now();
				const ackedBefore = acked.filter(([, at]) => at < started).map(([name]) => name);
				const during = acked.length;
				const r = await cliAsync(['backup', '--data', s.dir, file]);
				runs.push({ file, r, ackedBefore, writesDuring: acked.length - during });
			}
		} finally {
			writing = false;
			await Promise.all(writers);
		}
		assert.equal(failures, 0, 'every write succeeded while the backups ran');
		for (const { file, r, ackedBefore } of runs) {
			assert.equal(r.code, 0, r.stderr);
			assert.ok(r.ms < 20000 * TIME, `backup finished in ${r.ms} ms`);
			assert.equal(mode(file), 0o600, 'the backup is private');
			assert.equal(sqlite(file, 'PRAGMA integrity_check'), 'ok');
			assert.equal(sqlite(file, 'PRAGMA journal_mode'), 'delete', 'a file of its own, no WAL');
			const have = new Set(sqlite(file, "SELECT name FROM parties WHERE name LIKE 'Load %'").split('\n'));
			const missing = ackedBefore.filter((name) => !have.has(name));
			assert.deepEqual(missing, [], `every write acknowledged before the backup is in it (${ackedBefore.length})`);
			// The copy is one snapshot: its audit chain is whole (the chain and the rows agree).
			const dir = path.join(tmp, `verify-${path.basename(file)}`);
			fs.mkdirSync(dir);
			fs.copyFileSync(file, path.join(dir, 'daftar.db'));
			const v = s.cli(['audit', 'verify', '--data', dir]);
			assert.equal(v.code, 0, v.stderr);
		}
		assert.ok(runs.some((x) => x.writesDuring > 0) || runs.every((x) => x.r.ms < 50), 'writes went on during the backups');
		for (const f of fs.readdirSync(tmp)) assert.doesNotMatch(f, /\.tmp-/, 'no temporary file left');
	});

	test('a backup over an unwritable place fails and leaves no file', () => {
		const r = s.cli(['backup', '--data', s.dir, path.join(tmp, 'no-such-dir', 'b.db')]);
		assert.notEqual(r.code, 0);
		assert.equal(fs.existsSync(path.join(tmp, 'no-such-dir')), false);
		const self = s.cli(['backup', '--data', s.dir, path.join(s.dir, 'daftar.db')]);
		assert.equal(self.code, 2, 'never over the database itself');
		assert.equal(s.sql('PRAGMA integrity_check'), 'ok');
	});

	describe('restore', () => {
		let good;
		let kept; // party names in the good backup
		before(async () => {
			assert.equal((await c.post(parties(), { name: 'Before Backup Traders' })).status, 201);
			good = path.join(tmp, 'good.db');
			const r = s.cli(['backup', '--data', s.dir, good]);
			assert.equal(r.code, 0, r.stderr);
			kept = Number(sqlite(good, 'SELECT count(*) FROM parties'));
			assert.equal((await c.post(parties(), { name: 'After Backup Traders' })).status, 201);
		});

		test('refused while the server runs; nothing changes', async () => {
			const db = path.join(s.dir, 'daftar.db');
			const before = s.sql('SELECT count(*) FROM parties');
			const r = s.cli(['restore', '--data', s.dir, good]);
			assert.equal(r.code, 5, r.stderr);
			assert.match(r.stderr, /server is running/);
			assert.equal(s.sql('SELECT count(*) FROM parties'), before);
			assert.equal(fs.readdirSync(s.dir).filter((f) => /before-restore|\.tmp-/.test(f)).length, 0);
			assert.ok(fs.existsSync(db));
			assert.equal((await c.get(`${parties()}?limit=1`)).status, 200, 'the server serves on');
		});

		test('a corrupt, truncated, foreign or tampered file is refused and the data stays as it was', async () => {
			await s.halt();
			const db = path.join(s.dir, 'daftar.db');
			const files = {
				garbage: path.join(tmp, 'garbage.db'),
				truncated: path.join(tmp, 'truncated.db'),
				damaged: path.join(tmp, 'damaged.db'),
				foreign: path.join(tmp, 'foreign.db'),
				tampered: path.join(tmp, 'tampered.db'),
			};
			fs.writeFileSync(files.garbage, 'this is not a database\n'.repeat(200));
			const bytes = fs.readFileSync(good);
			fs.writeFileSync(files.truncated, bytes.subarray(0, Math.floor(bytes.length / 3)));
			// Pages past the first overwritten: the header reads, the b-trees do not.
			const damaged = Buffer.from(bytes);
			for (let i = 4096 * 2; i < damaged.length; i += 4096) damaged.fill(0x5a, i + 100, i + 600);
			fs.writeFileSync(files.damaged, damaged);
			sqlite(files.foreign, 'CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES (\'x\')');
			fs.copyFileSync(good, files.tampered);
			sqlite(files.tampered, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after_json = '{\"name\":\"Forged\"}' WHERE company_id = 1 AND seq = (SELECT max(seq) FROM audit_log WHERE company_id = 1)");

			const want = digest(db);
			const listing = fs.readdirSync(s.dir).sort();
			for (const [label, file] of Object.entries(files)) {
				const r = s.cli(['restore', '--data', s.dir, file]);
				assert.notEqual(r.code, 0, `${label}: refused`);
				assert.match(r.stderr, /nothing restored/, `${label}: ${r.stderr}`);
				if (label === 'tampered') {
					assert.equal(r.code, 10, r.stderr);
					assert.match(r.stderr, /audit chain .* BROKEN/);
				} else {
					assert.equal(r.code, 2, `${label}: ${r.stderr}`);
				}
				assert.equal(digest(db), want, `${label}: the database is as it was`);
				assert.deepEqual(fs.readdirSync(s.dir).sort(), listing, `${label}: no file added or removed`);
			}
			await restart();
			const r = await c.get(`${parties()}?q=${encodeURIComponent('After Backup Traders')}`);
			assert.equal(r.json.items.filter((p) => p.name === 'After Backup Traders').length, 1, 'the data is as it was');
		});

		test('round trip: the backup comes back, the database it replaced is kept', async () => {
			await s.halt();
			const r = s.cli(['restore', '--data', s.dir, good]);
			assert.equal(r.code, 0, r.stderr);
			assert.match(r.stdout, /audit chain whole/);
			const keptAs = fs.readdirSync(s.dir).filter((f) => f.startsWith('daftar.db.before-restore-'));
			assert.equal(keptAs.length, 1, 'the replaced database is kept');
			const old = path.join(s.dir, keptAs[0]);
			assert.equal(sqlite(old, "SELECT count(*) FROM parties WHERE name = 'After Backup Traders'"), '1', 'with its last writes (its WAL merged)');
			assert.equal(mode(old), 0o600);
			assert.equal(mode(path.join(s.dir, 'daftar.db')), 0o600);
			for (const f of fs.readdirSync(s.dir)) assert.doesNotMatch(f, /\.tmp-|^daftar\.db-(wal|shm)$/, `no stale ${f}`);

			await restart();
			assert.equal(Number(s.sql('SELECT count(*) FROM parties')), kept);
			const named = async (name) => (await c.get(`${parties()}?q=${encodeURIComponent(name)}`)).json.items.filter((p) => p.name === name).length;
			assert.equal(await named('Before Backup Traders'), 1, 'served from the restored database');
			assert.equal(await named('After Backup Traders'), 0, 'a write after the backup is not in it');
			assert.equal((await c.post(parties(), { name: 'After Restore Traders' })).status, 201, 'writes go on');
			const v = s.cli(['audit', 'verify', '--data', s.dir]);
			assert.equal(v.code, 0, v.stderr);
		});

		test('a server does not start while a restore holds the database', async () => {
			await s.halt();
			const lock = path.join(s.dir, 'daftar.db.lock');
			// flock from the shell's flock(1) when it is there; otherwise this check is moot.
			const has = spawnSync('sh', ['-c', 'command -v flock'], { encoding: 'utf8' }).status === 0;
			if (has) {
				const holder = spawn('flock', ['-x', '-o', lock, 'sleep', '10'], { stdio: 'ignore' });
				await sleep(300 * TIME);
				const r = spawnSync(BIN, ['serve', '--data', s.dir, '--listen', '127.0.0.1:1'], { encoding: 'utf8', timeout: 20000 });
				holder.kill('SIGKILL');
				assert.equal(r.status, 5, r.stderr);
				assert.match(r.stderr, /restore is under way/);
			}
			await restart();
		});
	});
});
