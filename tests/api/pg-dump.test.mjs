// pg-dump.test.mjs - the PostgreSQL backup README describes: pg_dump of a populated database while
// the server runs, pg_restore into a new database, daftar started on it: the same data, the same
// reports, and `daftar audit verify` whole. PostgreSQL only (SQLite's is backup.test.mjs).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { API, BACKEND, BIN, PG_URL, TIME, Client, freePort, parties, sleep, startServer } from './lib.mjs';

const run = (cmd, args) => {
	const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120000 });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
	return r.stdout;
};
const tb = (cid = 1) => `${API}/companies/${cid}/reports/trial-balance?from=2025-04-01&to=2026-03-31`;

describe('pg_dump and pg_restore (PostgreSQL)', { skip: BACKEND !== 'postgres' && 'PostgreSQL only (SQLite: backup.test.mjs)' }, () => {
	let s;
	let tmp;
	let copyName;
	let copy = null; // the server on the restored database
	before(async () => {
		s = await startServer({ companies: ['Beta Test Co'] });
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-pgdump-'));
		copyName = `daftar_restored_${process.pid}_${Date.now().toString(36)}`;
	});
	after(async () => {
		if (copy && copy.exitCode === null) {
			const exited = new Promise((r) => copy.once('exit', r));
			copy.kill('SIGTERM');
			await exited;
		}
		if (s) await s.stop();
		spawnSync('psql', ['-X', '-q', '-d', PG_URL, '-c', `DROP DATABASE IF EXISTS ${copyName} WITH (FORCE)`]);
		if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
	});

	test('a dump of a running server restores into a new database that daftar serves as it was', async () => {
		// Populate: parties through the API (audited), books through a journal import.
		const token = s.token('admin');
		const c = s.tokenClient(token);
		for (let i = 0; i < 30; i++) assert.equal((await c.post(parties(), { name: `Dump Party ${i} मित्र` })).status, 201);
		assert.equal((await c.post(parties(2), { name: 'Beta Only Party' })).status, 201);
		const journal = path.join(tmp, 'books.journal');
		const lines = [];
		for (let i = 1; i <= 200; i++) lines.push(`2025-05-${String(1 + (i % 28)).padStart(2, '0')} * Sale ${i}`, `    Assets:Bank:HDFC  ${i}.50 INR`, `    Income:Sales:Goods  -${i}.50 INR`, '');
		fs.writeFileSync(journal, lines.join('\n'));
		assert.equal(s.cli(['import', 'ledger', '--data', s.dir, journal]).code, 0);

		// pg_dump while the server runs (one consistent snapshot), custom format.
		const dump = path.join(tmp, 'daftar.dump');
		run('pg_dump', ['--format=custom', '--file', dump, s.dbUrl]);
		// Nothing is written between the dump and these figures.
		const want = {
			parties: s.sql('SELECT count(*) FROM parties'),
			vouchers: s.sql('SELECT count(*) FROM vouchers'),
			audit: s.sql('SELECT count(*) FROM audit_log'),
		};
		const tbBefore = (await c.get(tb())).json;
		assert.ok(tbBefore && tbBefore.report === 'trial-balance');
		// Written after the dump: must not be in the copy.
		assert.equal((await c.post(parties(), { name: 'After Dump Party' })).status, 201);

		// pg_restore into a new, empty database.
		run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', PG_URL, '-c', `CREATE DATABASE ${copyName}`]);
		const u = new URL(PG_URL);
		u.pathname = `/${copyName}`;
		const copyUrl = u.toString();
		run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', copyUrl, dump]);

		// daftar on it: a data directory that names it.
		const dir = path.join(tmp, 'restored');
		fs.mkdirSync(dir, { mode: 0o700 });
		fs.writeFileSync(path.join(dir, 'db.url'), `${copyUrl}\n`, { mode: 0o600 });
		const verify = spawnSync(BIN, ['audit', 'verify', '--data', dir], { encoding: 'utf8' });
		assert.equal(verify.status, 0, verify.stderr);
		assert.match(verify.stdout, new RegExp(`${want.audit} records verified`));

		const port = await freePort();
		let log = '';
		copy = spawn(BIN, ['serve', '--data', dir, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
		copy.stderr.on('data', (d) => { log += d; });
		const url = `http://127.0.0.1:${port}`;
		for (let i = 0; ; i++) {
			try {
				await fetch(`${url}${API}/session`);
				break;
			} catch {
				assert.ok(i < 400 * TIME, `the server on the restored database started: ${log}`);
				await sleep(25);
			}
		}
		const rc = new Client(url, { Authorization: `Bearer ${token}` }); // the token came along
		const sqlCopy = (q) => run('psql', ['-X', '-q', '-At', '-d', copyUrl, '-c', q]).trim();
		assert.equal(sqlCopy('SELECT count(*) FROM parties'), want.parties);
		assert.equal(sqlCopy('SELECT count(*) FROM vouchers'), want.vouchers);
		const list = await rc.get(`${parties()}?q=${encodeURIComponent('Dump Party 7 मित्र')}`);
		assert.equal(list.status, 200, list.text);
		assert.equal(list.json.items.filter((p) => p.name === 'Dump Party 7 मित्र').length, 1);
		assert.equal((await rc.get(`${parties()}?q=${encodeURIComponent('After Dump Party')}`)).json.items.length, 0, 'nothing after the dump');
		assert.equal((await rc.get(`${parties(2)}?q=Beta`)).json.items.length, 1, 'every company came along');
		assert.deepEqual((await rc.get(tb())).json, tbBefore, 'the same trial balance');
		// The restored database takes writes, audited on the chain it brought.
		assert.equal((await rc.post(parties(), { name: 'After Restore Party' })).status, 201);
		const again = spawnSync(BIN, ['audit', 'verify', '--data', dir], { encoding: 'utf8' });
		assert.equal(again.status, 0, again.stderr);
	});
});
