// housekeeping.test.mjs - the data directory is private (0700, its files 0600: they hold password
// hashes and customer details) after init and serve, whatever the umask and whatever modes an
// older version left; and the release binary has no test hooks (the clock moved through a file is
// only in the test build the suites run).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BACKEND, BIN, RELEASE_BIN, startServer } from './lib.mjs';

const mode = (p) => fs.statSync(p).mode & 0o777;
const files = (dir) => fs.readdirSync(dir).filter((f) => fs.lstatSync(path.join(dir, f)).isFile());

function assertPrivate(dir, what) {
	assert.equal(mode(dir).toString(8), '700', `${what}: the directory`);
	const list = files(dir);
	assert.ok(list.length > 0, `${what}: files in it`);
	for (const f of list) assert.equal(mode(path.join(dir, f)).toString(8), '600', `${what}: ${f}`);
}

describe('housekeeping', () => {
	let s;
	before(async () => {
		s = await startServer();
	});
	after(async () => {
		if (s) await s.stop();
	});

	test('init and serve leave the data directory 0700 and its files 0600', () => {
		assertPrivate(s.dir, 'serving');
		if (BACKEND === 'sqlite') {
			for (const f of ['daftar.db', 'daftar.db-wal', 'daftar.db-shm', 'daftar.db.lock'])
				assert.ok(fs.existsSync(path.join(s.dir, f)), `${f} is there`);
		} else {
			assert.ok(fs.existsSync(path.join(s.dir, 'db.url')));
		}
	});

	test('modes an older version left (0755, 0644) are made private when the server starts', async () => {
		await s.halt();
		fs.chmodSync(s.dir, 0o755);
		for (const f of files(s.dir)) fs.chmodSync(path.join(s.dir, f), 0o644);
		await s.restart();
		assertPrivate(s.dir, 'after serve');
	});

	test('init under a wide umask still makes it private', () => {
		const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-umask-'));
		try {
			const dir = path.join(tmp, 'data');
			const db = BACKEND === 'sqlite' ? '' : ` --db '${s.dbUrl}'`;
			// (on PostgreSQL the init meets an initialised database and refuses, after db.url is written)
			const r = spawnSync('sh', ['-c', `umask 000; exec "$0" init --data "$1"${db}`, BIN, dir], {
				encoding: 'utf8',
				env: { ...process.env, DAFTAR_ADMIN_PASSWORD: 'umask-admin-pass-0123' },
			});
			if (BACKEND === 'sqlite') assert.equal(r.status, 0, r.stderr);
			assert.equal(mode(dir).toString(8), '700');
			for (const f of files(dir)) assert.equal(mode(path.join(dir, f)).toString(8), '600', f);
		} finally {
			fs.rmSync(tmp, { recursive: true, force: true });
		}
	});

	test('the release binary has no test clock; the test build has', () => {
		assert.ok(fs.existsSync(RELEASE_BIN), `release binary at ${RELEASE_BIN}`);
		assert.ok(!fs.readFileSync(RELEASE_BIN).includes('DAFTAR_TEST_CLOCK_FILE'), 'no trace of the hook in the release binary');
		assert.ok(fs.readFileSync(BIN).includes('DAFTAR_TEST_CLOCK_FILE'), 'the test build has it');
		if (BACKEND !== 'sqlite') return;
		// And it does what it says: a clock pinned to 1 January 2001 moves the test build's audit
		// records, never the release binary's.
		const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-hooks-'));
		try {
			const clock = path.join(tmp, 'clock');
			fs.writeFileSync(clock, '@978307200\n');
			const year = (bin, name) => {
				const dir = path.join(tmp, name);
				const r = spawnSync(bin, ['init', '--data', dir], {
					encoding: 'utf8',
					env: { ...process.env, DAFTAR_ADMIN_PASSWORD: 'hooks-admin-pass-0123', DAFTAR_TEST_CLOCK_FILE: clock },
				});
				assert.equal(r.status, 0, r.stderr);
				const q = spawnSync('sqlite3', [path.join(dir, 'daftar.db'), 'SELECT min(substr(at, 1, 4)) FROM audit_log'], { encoding: 'utf8' });
				return q.stdout.trim();
			};
			assert.equal(year(BIN, 'test'), '2001');
			assert.notEqual(year(RELEASE_BIN, 'release'), '2001');
		} finally {
			fs.rmSync(tmp, { recursive: true, force: true });
		}
	});
});
