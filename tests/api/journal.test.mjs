// The ledger/hledger journal on the command line, next to a running server: `daftar import ledger`
// reports what it made and the server sees it at once; an unbalanced journal exits 6 naming its
// line and writes nothing; a syntax error exits 2; `daftar export ledger` re-imports into a fresh
// data directory with every ledger's balance intact.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { API, startServer } from './lib.mjs';

const RUPEE = '\u20b9';
const GOOD = [
	'; a small book',
	'2024-04-01 * (INV-1) Capital brought in',
	`    Assets:Bank:HDFC:Current    ${RUPEE}1,00,000.00`,
	'    Equity:Capital',
	'',
	'2024-04-02 Sale to Sharma',
	'    Assets:Receivables:Sharma Traders    INR 11,800',
	'    Income:Sales:Goods                  -10,000.00 INR',
	`    Liabilities:GST:Output CGST          ${RUPEE}-900`,
	`    Liabilities:GST:Output SGST          -${RUPEE}900`,
	'',
	'2024-04-03 Receipt from Sharma',
	'    Assets:Bank:HDFC:Current        11800',
	'    Assets:Receivables:Sharma Traders',
	'',
].join('\n');

const UNBALANCED = [
	'2024-04-01 fine',                 // 1
	'    Assets:Cash:Till  100',       // 2
	'    Income:Misc  -100',           // 3
	'',                                // 4
	'2024-04-02 off by a paisa',       // 5
	'    Assets:Cash:Till  100.00',    // 6
	'    Income:Misc  -99.99',         // 7
	'',
].join('\n');

const COUNTS = 'SELECT (SELECT count(*) FROM vouchers) || \'/\' || (SELECT count(*) FROM voucher_lines) || \'/\' || '
	+ '(SELECT count(*) FROM ledgers) || \'/\' || (SELECT count(*) FROM ledger_day) || \'/\' || (SELECT count(*) FROM audit_log)';
const CLOSINGS = 'SELECT l.name || \'=\' || (l.opening_balance + coalesce((SELECT sum(m.debit) - sum(m.credit) FROM ledger_month m '
	+ 'WHERE m.company_id = l.company_id AND m.ledger_id = l.id), 0)) FROM ledgers l WHERE l.company_id = 1 ORDER BY l.name';

describe('journal import and export (CLI)', () => {
	let s, s2, dir;

	before(async () => {
		s = await startServer();
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-journal-'));
	});
	after(async () => {
		if (s) await s.stop();
		if (s2) await s2.stop();
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	const write = (name, text) => {
		const p = path.join(dir, name);
		fs.writeFileSync(p, text);
		return p;
	};

	test('an unbalanced journal exits 6, names the line, and writes nothing', () => {
		const before = s.sql(COUNTS);
		const r = s.cli(['import', 'ledger', '--data', s.dir, write('bad.journal', UNBALANCED)]);
		assert.equal(r.code, 6, r.stderr);
		assert.equal(r.stderr, 'daftar: line 5: transaction does not balance by 0.01 (debits exceed credits)\n');
		assert.equal(r.stdout, '');
		assert.equal(s.sql(COUNTS), before);
	});

	test('a syntax error exits 2 with its line; a missing file exits 4; bad usage exits 2', () => {
		const before = s.sql(COUNTS);
		let r = s.cli(['import', 'ledger', '--data', s.dir, write('syntax.journal', '2024-04-01 x\n    Assets:Cash  1.005\n    Income:X\n')]);
		assert.equal(r.code, 2, r.stderr);
		assert.match(r.stderr, /^daftar: line 2: amount has more than two decimals \(paise\)\n$/);
		r = s.cli(['import', 'ledger', '--data', s.dir, path.join(dir, 'nope.journal')]);
		assert.equal(r.code, 4, r.stderr);
		r = s.cli(['import', 'ledger', '--data', s.dir]);
		assert.equal(r.code, 2);
		r = s.cli(['import', 'csv', '--data', s.dir, 'x']);
		assert.equal(r.code, 2);
		r = s.cli(['export', 'ledger', '--data', s.dir, '--from', '2024-13-01']);
		assert.equal(r.code, 2);
		assert.equal(s.sql(COUNTS), before);
	});

	test('import reports its counts; the running server sees the vouchers', async () => {
		const r = s.cli(['import', 'ledger', '--data', s.dir, write('good.journal', GOOD)]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^imported 3 transactions \(8 postings, 6 new ledgers\) in \d+\.\d\d s\n$/);
		assert.equal(s.sql("SELECT number FROM vouchers WHERE narration = 'Sale to Sharma'"), 'JRN/24-25/0001');
		assert.equal(s.sql("SELECT count(*) FROM vouchers WHERE type = 'receipt'"), '2');
		assert.equal(s.sql("SELECT count(*) FROM audit_log WHERE entity = 'import' AND action = 'ledger'"), '1');
		const list = await s.as('admin').get(`${API}/companies/1/vouchers?limit=10`);
		assert.equal(list.status, 200, list.text);
		assert.deepEqual(list.json.items.map((v) => v.number).sort(), ['JRN/24-25/0001', 'RCT/24-25/0001', 'RCT/24-25/0002']);
		const audit = s.cli(['audit', 'verify', '--data', s.dir]);
		assert.equal(audit.code, 0, audit.stderr);
	});

	test('export re-imports into a fresh data directory with the same balances', async () => {
		const exp = s.cli(['export', 'ledger', '--data', s.dir]);
		assert.equal(exp.code, 0, exp.stderr);
		assert.match(exp.stdout, /^2024-04-02 \* \(JRN\/24-25\/0001\) Sale to Sharma\n/m);
		assert.match(exp.stdout, /^ {4}Assets:Bank:HDFC:Current {2}100000\.00 INR\n/m);
		s2 = await startServer({ company: 'Copy Co' });
		const r = s2.cli(['import', 'ledger', '--data', s2.dir, write('export.journal', exp.stdout)]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^imported 3 transactions \(8 postings, 6 new ledgers\)/);
		const nonzero = (rows) => rows.split('\n').filter((l) => !l.endsWith('=0')).join('\n');
		assert.equal(nonzero(s2.sql(CLOSINGS)), nonzero(s.sql(CLOSINGS)));
		assert.match(s.sql(CLOSINGS), /^Assets:Bank:HDFC:Current=11180000$/m);
	});
});
