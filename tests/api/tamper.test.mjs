// The tamper suite: someone who can write the database file (sqlite3; on PostgreSQL a superuser,
// who switches the audit guard off with session_replication_role) rewrites history, and
// `daftar audit verify --anchors FILE --public-key FILE` must find each rewrite and name it. The
// chains are anchored twice (with records after each anchor), the anchors are "mailed" (exported)
// and the public key kept away from the data directory; every case starts from the saved books.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { API, BACKEND, PG_URL, cli, startServer } from './lib.mjs';
import { blake2b256 } from './blake2b.mjs';

const co = (p, cid = 1) => `${API}/companies/${cid}${p}`;
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const UNGUARD = BACKEND === 'postgres'
	? 'SET session_replication_role = replica;'
	: 'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;';

describe('tampering with the database file is found by audit verify', () => {
	let s, admin, keep, trustedPub, mailed, anchorsLog, saved;
	const id = {};
	const seqOf = {};
	const results = [];

	const num = (sql) => Number(s.sql(sql));
	const head = (cid) => num(`SELECT seq FROM audit_head WHERE company_id = ${cid}`);
	const lastSeq = (cid, entity, eid) => num(`SELECT max(seq) FROM audit_log WHERE company_id = ${cid} AND entity = '${entity}' AND entity_id = ${eid}`);
	const verify = (anchors = anchorsLog, extra = []) =>
		cli(['audit', 'verify', '--data', s.dir, '--anchors', anchors, '--public-key', trustedPub, ...extra]);

	/** The records of a company from seq `from` on, as the chain hashes them. */
	function records(cid, from) {
		const sql = BACKEND === 'postgres'
			? `SELECT coalesce(json_agg(json_build_object('seq', seq, 'at', at, 'user_id', user_id, 'entity', entity, 'entity_id', entity_id, 'action', action, 'before', before_json, 'after', after_json, 'prev', prev_hash) ORDER BY seq), '[]') FROM audit_log WHERE company_id = ${cid} AND seq >= ${from}`
			: `SELECT json_group_array(json_object('seq', seq, 'at', at, 'user_id', user_id, 'entity', entity, 'entity_id', entity_id, 'action', action, 'before', before_json, 'after', after_json, 'prev', prev_hash)) FROM (SELECT * FROM audit_log WHERE company_id = ${cid} AND seq >= ${from} ORDER BY seq)`;
		return JSON.parse(s.sql(sql));
	}
	const blen = (t) => Buffer.byteLength(t, 'utf8');
	/** audit.c's canonical bytes of a record, hashed. */
	function hashOf(cid, r, prev) {
		let t = `${prev}\n${cid}\n${r.seq}\n${r.at}\n${r.user_id}\n${blen(r.entity)}:${r.entity}\n${r.entity_id}\n${blen(r.action)}:${r.action}\n`;
		t += r.before === null ? '-\n' : `${blen(r.before)}:${r.before}\n`;
		t += r.after === null ? '-' : `${blen(r.after)}:${r.after}`;
		return blake2b256(t);
	}
	/** SQL that rewrites company cid's chain from record `from` on (records renumbered as given) and
	 *  its head, as a tamperer who knows the hash function would. */
	function rehashSql(cid, from, recs) {
		let prev = from > 1 ? s.sql(`SELECT hash FROM audit_log WHERE company_id = ${cid} AND seq = ${from - 1}`) : '0'.repeat(64);
		let sql = '';
		for (const r of recs) {
			const h = hashOf(cid, r, prev);
			sql += `UPDATE audit_log SET prev_hash = ${q(prev)}, hash = ${q(h)} WHERE company_id = ${cid} AND seq = ${r.seq};`;
			prev = h;
		}
		const last = recs.length ? recs[recs.length - 1].seq : from - 1;
		return `${sql} UPDATE audit_head SET seq = ${last}, hash = ${q(prev)} WHERE company_id = ${cid};`;
	}

	async function restore() {
		await s.halt();
		if (BACKEND === 'postgres') {
			const name = new URL(s.dbUrl).pathname.slice(1);
			for (const c of [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name} TEMPLATE ${saved}`]) {
				const p = runPsql(PG_URL, c);
				assert.equal(p.code, 0, p.stderr);
			}
		} else {
			for (const ext of ['-wal', '-shm']) fs.rmSync(path.join(s.dir, `daftar.db${ext}`), { force: true });
			fs.copyFileSync(saved, path.join(s.dir, 'daftar.db'));
		}
		fs.copyFileSync(path.join(keep, 'anchors.log'), anchorsLog);
	}

	/** One tamper case: restore the books, tamper, verify; the exit code and the named finding. */
	async function tamperCase(label, tamper, want, expect, anchors) {
		await restore();
		await tamper();
		const r = verify(anchors ? anchors() : anchorsLog);
		const ok = r.code === want && expect.every((re) => re.test(r.stderr));
		results.push({ label, ok, code: r.code });
		assert.equal(r.code, want, `${label}: exit ${r.code}\n${r.stdout}${r.stderr}`);
		for (const re of expect) assert.match(r.stderr, re, `${label}: ${r.stderr}`);
		return r;
	}

	before(async () => {
		s = await startServer({ companies: ['Second Books Co'] });
		keep = fs.mkdtempSync(path.join(path.dirname(s.dir), 'kept-'));
		anchorsLog = path.join(s.dir, 'audit-anchors.log');
		trustedPub = path.join(keep, 'trusted.pub');
		fs.copyFileSync(path.join(s.dir, 'audit-anchor.pub'), trustedPub); // the copy kept away from the machine
		admin = s.as('admin');
		const made = async (p, body, cid = 1) => {
			const r = await admin.post(co(p, cid), body);
			assert.equal(r.status, 201, r.text);
			return r.json;
		};
		id.partyA = (await made('/parties', { kind: 'customer', name: 'Sharma Traders', credit_limit: '1000.00' })).id;
		id.partyB = (await made('/parties', { kind: 'vendor', name: 'गुप्ता स्टील' })).id;
		id.party2 = (await made('/parties', { kind: 'customer', name: 'Second Co Customer' }, 2)).id;
		const up = await admin.patch(co(`/parties/${id.partyA}`), { credit_limit: '2500.00' }, { 'If-Match': '"1"' });
		assert.equal(up.status, 200, up.text);
		const pcs = (await admin.get(co('/units'))).json.items.find((u) => u.symbol === 'pcs').id;
		id.item = (await made('/items', { sku: 'ROD-8', name: 'Steel rod 8mm', unit_id: pcs, gst_rate: '18' })).id;
		const groups = (await admin.get(co('/groups'))).json.items;
		id.ledger = (await made('/ledgers', { name: 'Director Loan', group_id: groups.find((g) => g.code === 'loans_liability').id, opening_balance: '-50000.00' })).id;
		const ledgers = (await admin.get(co('/ledgers?limit=500'))).json.items;
		const cash = ledgers.find((l) => l.kind === 'cash').id;
		const capital = ledgers.find((l) => l.kind === 'capital').id;
		id.voucher = (await made('/vouchers', { type: 'journal', date: '2026-10-05', narration: 'capital brought in',
			lines: [{ ledger_id: cash, debit: '750.00' }, { ledger_id: capital, credit: '750.00' }] })).id;
		// a receipt from Sharma Traders allocated to two bills of theirs (bill-wise settlement)
		const sharma = ledgers.find((l) => l.party_id === id.partyA).id;
		id.receipt = (await made('/vouchers', { type: 'receipt', date: '2026-10-05', narration: 'advance and a bill',
			lines: [{ ledger_id: cash, debit: '400.00' }, { ledger_id: sharma, credit: '400.00',
				allocations: [{ type: 'advance', ref: 'ADV-1', amount: '150.00' }, { type: 'new', ref: 'OLD-7', amount: '250.00' }] }] })).id;
		await s.halt();
		const jf = path.join(keep, 'small.journal');
		fs.writeFileSync(jf, '2026-10-06 Rent\n    Expenses:Rent:Office  1200\n    Assets:Bank:HDFC:Current\n\n'
			+ '2026-10-07 Sale\n    Assets:Bank:HDFC:Current  5900\n    Income:Sales:Goods\n');
		const imp = cli(['import', 'ledger', '--data', s.dir, jf]);
		assert.equal(imp.code, 0, imp.stderr);
		id.imported = num("SELECT min(voucher_id) FROM voucher_versions WHERE action = 'import'");
		// the first anchor, more records, the second anchor, more records
		let a = cli(['audit', 'anchor', '--data', s.dir]);
		assert.equal(a.code, 0, a.stderr);
		seqOf.anchor1 = head(1);
		fs.copyFileSync(anchorsLog, path.join(keep, 'anchors-1.log')); // the file as the first anchor left it
		await s.restart();
		admin = s.as('admin'); // a new port
		id.partyD = (await made('/parties', { kind: 'customer', name: 'After First Anchor' })).id;
		await s.halt();
		a = cli(['audit', 'anchor', '--data', s.dir]);
		assert.equal(a.code, 0, a.stderr);
		seqOf.anchor2 = head(1);
		await s.restart();
		admin = s.as('admin'); // a new port
		await made('/parties', { kind: 'customer', name: 'After Second Anchor' });
		await s.halt();
		// the anchors as mailed away, before anything was touched
		const m = cli(['audit', 'anchors', '--data', s.dir]);
		assert.equal(m.code, 0, m.stderr);
		mailed = path.join(keep, 'mailed.txt');
		fs.writeFileSync(mailed, m.stdout);
		fs.copyFileSync(anchorsLog, path.join(keep, 'anchors.log'));
		if (BACKEND === 'postgres') {
			saved = `${new URL(s.dbUrl).pathname.slice(1)}_saved`;
			const p = runPsql(PG_URL, `CREATE DATABASE ${saved} TEMPLATE ${new URL(s.dbUrl).pathname.slice(1)}`);
			assert.equal(p.code, 0, p.stderr);
		} else {
			saved = path.join(keep, 'saved.db');
			fs.copyFileSync(path.join(s.dir, 'daftar.db'), saved);
		}
	});
	after(async () => {
		if (s) await s.stop();
		if (BACKEND === 'postgres' && saved) runPsql(PG_URL, `DROP DATABASE IF EXISTS ${saved} WITH (FORCE)`);
		if (keep) fs.rmSync(keep, { recursive: true, force: true });
		const n = results.filter((r) => r.ok).length;
		console.log(`# tamper suite (${BACKEND}): ${n} of ${results.length} tamper cases detected`);
	});

	test('the honest books verify (exit 0): both anchors match, the records after the last are a note', async () => {
		await restore();
		const r = verify();
		assert.equal(r.code, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /audit chain whole/);
		assert.match(r.stdout, /anchors: (\d+) of \1 lines/);
		assert.match(r.stdout, /note: company 1: records \d+ to \d+ came after its last anchor/);
		assert.match(r.stdout, /business rows: 4 vouchers, 5 parties, 1 items/);
		assert.equal(verify(mailed).code, 0, 'the mailed copy verifies too');
	});

	test('a record edited and every hash after it recomputed: the anchored hash no longer matches', async () => {
		const r = await tamperCase('record edit + rehash', () => {
			const seq = num(`SELECT min(seq) FROM audit_log WHERE company_id = 1 AND entity = 'party' AND entity_id = ${id.partyA}`);
			const recs = records(1, seq);
			recs[0].after = recs[0].after.replace('"1000.00"', '"99999.00"');
			s.sql(`${UNGUARD} UPDATE audit_log SET after_json = ${q(recs[0].after)} WHERE company_id = 1 AND seq = ${seq}; ${rehashSql(1, seq, recs)}`);
		}, 11, [/anchor MISMATCH: company 1: record \d+ is not the one anchored/]);
		assert.doesNotMatch(r.stderr, /audit chain BROKEN/, 'the chain itself verifies: only the anchor can tell');
	});

	test('the tail cut off and audit_head rewound: the chain is shorter than an anchored record', async () => {
		const r = await tamperCase('tail truncation + head rewind', () => {
			const keepTo = seqOf.anchor1 - 3;
			const h = s.sql(`SELECT hash FROM audit_log WHERE company_id = 1 AND seq = ${keepTo}`);
			s.sql(`${UNGUARD} DELETE FROM audit_log WHERE company_id = 1 AND seq > ${keepTo}; UPDATE audit_head SET seq = ${keepTo}, hash = ${q(h)} WHERE company_id = 1;`);
		}, 11, [new RegExp(`anchor MISMATCH: company 1: record ${seqOf.anchor1} was anchored on .* but the chain now ends at record ${seqOf.anchor1 - 3}`)]);
		assert.doesNotMatch(r.stderr, /audit chain BROKEN/);
	});

	test('a whole company deleted, rows and chain: the anchored company is missing', async () => {
		await tamperCase('company deleted', () => {
			const tables = BACKEND === 'postgres'
				? s.sql("SELECT table_name FROM information_schema.columns WHERE column_name = 'company_id' AND table_schema = 'public'")
				: s.sql("SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'company_id'");
			const del = tables.split('\n').filter(Boolean).map((t) => `DELETE FROM ${t} WHERE company_id = 2;`).join(' ');
			s.sql(`${UNGUARD} ${del} DELETE FROM companies WHERE id = 2;`);
		}, 11, [/anchor MISMATCH: company 2: anchored at record \d+ on .* but the database has no chain for it/]);
	});

	test('a voucher line\'s amount edited (its other line too, so it still balances)', async () => {
		await tamperCase('voucher line amount edited', () => {
			s.sql(`UPDATE voucher_lines SET amount = amount + 10000 WHERE voucher_id = ${id.voucher} AND line_no = 1; `
				+ `UPDATE voucher_lines SET amount = amount - 10000 WHERE voucher_id = ${id.voucher} AND line_no = 2;`);
		}, 13, [new RegExp(`row CHANGED: voucher ${id.voucher}: lines\\[0\\]\\.debit is "850\\.00" but audit record ${lastSeq(1, 'voucher', id.voucher)} has "750\\.00"`)]);
	});

	test('a bill allocation moved from one bill to another (the line\'s total kept)', async () => {
		await tamperCase('bill allocation edited', () => {
			s.sql(`UPDATE bill_allocations SET amount = CASE alloc_no WHEN 1 THEN -10000 ELSE -30000 END WHERE voucher_id = ${id.receipt};`);
		}, 13, [new RegExp(`row CHANGED: voucher ${id.receipt}: lines\\[1\\]\\.allocations\\[0\\]\\.amount is "100\\.00" but audit record ${lastSeq(1, 'voucher', id.receipt)} has "150\\.00"`)]);
	});

	test('an imported voucher\'s line edited: it no longer matches the digest its import kept', async () => {
		await tamperCase('imported voucher line edited', () => {
			s.sql(`UPDATE voucher_lines SET amount = amount + 1 WHERE voucher_id = ${id.imported} AND line_no = 1; `
				+ `UPDATE voucher_lines SET amount = amount - 1 WHERE voucher_id = ${id.imported} AND line_no = 2;`);
		}, 13, [new RegExp(`row CHANGED: voucher ${id.imported}: differs from the snapshot kept when audit record \\d+ wrote it`)]);
	});

	test('a party\'s name edited', async () => {
		await tamperCase('party name edited', () => {
			s.sql(`UPDATE parties SET name = 'Sharma Traders (fake)' WHERE id = ${id.partyA}`);
		}, 13, [new RegExp(`row CHANGED: party ${id.partyA}: name is "Sharma Traders \\(fake\\)" but audit record ${lastSeq(1, 'party', id.partyA)} has "Sharma Traders"`)]);
	});

	test('an item edited', async () => {
		await tamperCase('item edited', () => {
			s.sql(`UPDATE items SET gst_rate = 500 WHERE id = ${id.item}`);
		}, 13, [new RegExp(`row CHANGED: item ${id.item}: gst_rate is "5" but audit record \\d+ has "18"`)]);
	});

	test('a ledger\'s opening balance edited', async () => {
		await tamperCase('ledger opening balance edited', () => {
			s.sql(`UPDATE ledgers SET opening_balance = 0 WHERE id = ${id.ledger}`);
		}, 13, [new RegExp(`row CHANGED: ledger ${id.ledger}: opening_balance is "0\\.00" but audit record \\d+ has "-50000\\.00"`)]);
	});

	test('a business row no audit record has (inserted behind Daftar\'s back)', async () => {
		await tamperCase('party inserted without a record', () => {
			s.sql("INSERT INTO parties(company_id, kind, name, search, version, archived, created_at, updated_at) "
				+ "VALUES (1, 'customer', 'Ghost Party', 'ghost party', 1, 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
		}, 13, [/row UNAUDITED: party \d+: no audit record has this row/]);
	});

	test('an audit row deleted in the middle: the chain is broken there', async () => {
		const mid = Math.floor(seqOf.anchor1 / 2);
		await tamperCase('audit row deleted in the middle', () => {
			s.sql(`${UNGUARD} DELETE FROM audit_log WHERE company_id = 1 AND seq = ${mid}`);
		}, 10, [new RegExp(`audit chain BROKEN: company 1: record ${mid} is missing`)]);
	});

	test('an audit row deleted in the middle, the rest renumbered and rehashed: the anchors no longer match', async () => {
		const mid = Math.floor(seqOf.anchor1 / 2);
		const r = await tamperCase('audit row deleted in the middle, renumbered and rehashed', () => {
			const recs = records(1, mid + 1).map((x) => ({ ...x, seq: x.seq - 1 }));
			const renumber = recs.map((x) => `UPDATE audit_log SET seq = ${x.seq} WHERE company_id = 1 AND seq = ${x.seq + 1};`).join(' ');
			s.sql(`${UNGUARD} DELETE FROM audit_log WHERE company_id = 1 AND seq = ${mid}; ${renumber} ${rehashSql(1, mid, recs)}`);
		}, 11, [/anchor MISMATCH: company 1: record \d+ is not the one anchored/]);
		assert.doesNotMatch(r.stderr, /audit chain BROKEN/);
	});

	test('a forged anchor line (a hash changed, the signature kept): its signature fails', async () => {
		await tamperCase('forged anchor line', () => {
			const lines = fs.readFileSync(anchorsLog, 'utf8').split('\n');
			const i = lines.findIndex((l) => / company=1 /.test(l));
			lines.push(lines[i].replace(/hash=([0-9a-f])/, (m, c) => `hash=${c === '0' ? '1' : '0'}`));
			fs.writeFileSync(anchorsLog, lines.filter(Boolean).join('\n') + '\n');
		}, 12, [/anchor FORGED: anchors line \d+: the signature does not match the line/]);
	});

	test('the chain rewritten and the anchors file re-signed with a new key: not the key kept away', async () => {
		await tamperCase('anchors re-signed with another key', () => {
			const seq = num(`SELECT min(seq) FROM audit_log WHERE company_id = 1 AND entity = 'party' AND entity_id = ${id.partyB}`);
			const recs = records(1, seq);
			recs[0].after = recs[0].after.replace('गुप्ता स्टील', 'Gupta Steel');
			s.sql(`${UNGUARD} UPDATE audit_log SET after_json = ${q(recs[0].after)} WHERE company_id = 1 AND seq = ${seq}; ${rehashSql(1, seq, recs)}`);
			// a new key in place of the old, and fresh anchors of the rewritten chains
			for (const f of ['audit-anchor.key', 'audit-anchor.pub', 'audit-anchors.log']) fs.rmSync(path.join(s.dir, f), { force: true });
			const a = cli(['audit', 'anchor', '--data', s.dir]);
			assert.equal(a.code, 0, a.stderr);
			assert.equal(cli(['audit', 'verify', '--data', s.dir, '--no-rows']).code, 0, 'against the key beside the data it passes');
		}, 12, [/anchor FORGED: anchors line \d+: signed by another key/]);
	});

	test('the anchors file cut short to hide a rewrite after its last remaining anchor: only a copy kept away can tell', async () => {
		// A rewrite between the two anchors, and the second anchor's lines removed from the file:
		// the file left says nothing wrong (those records count as not yet anchored), the mailed
		// copy still holds the second anchor and finds the rewrite.
		const tamper = () => {
			const seq = num(`SELECT min(seq) FROM audit_log WHERE company_id = 1 AND entity = 'party' AND entity_id = ${id.partyD}`);
			assert.ok(seq > seqOf.anchor1 && seq <= seqOf.anchor2);
			const recs = records(1, seq);
			recs[0].after = recs[0].after.replace('After First Anchor', 'Someone Else');
			// the row and its history rewritten alike, so that the rows agree with the records
			s.sql(`${UNGUARD} UPDATE parties SET name = 'Someone Else' WHERE id = ${id.partyD}; `
				+ `UPDATE audit_log SET after_json = ${q(recs[0].after)} WHERE company_id = 1 AND seq = ${seq}; ${rehashSql(1, seq, recs)}`);
			fs.copyFileSync(path.join(keep, 'anchors-1.log'), anchorsLog);
		};
		await restore();
		tamper();
		const local = verify();
		assert.equal(local.code, 0, `the cut file alone cannot tell: ${local.stdout}${local.stderr}`);
		assert.match(local.stdout, new RegExp(`note: company 1: records ${seqOf.anchor1 + 1} to \\d+ came after its last anchor`));
		await tamperCase('anchor file truncated (checked against the mailed copy)', tamper, 11,
			[/anchor MISMATCH: company 1: record \d+ is not the one anchored .*anchors up to record \d+ .* still match/], () => mailed);
	});

	test('the anchors file cut in the middle of a line: the cut line is named', async () => {
		await tamperCase('anchor file cut mid-line', () => {
			const text = fs.readFileSync(anchorsLog, 'utf8');
			fs.writeFileSync(anchorsLog, text.slice(0, text.length - 40));
		}, 12, [/anchor FORGED: anchors line \d+: the last line is cut short/]);
	});
});

/** psql as the superuser on another database than the test's (CREATE/DROP DATABASE). */
function runPsql(url, query) {
	const r = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', query], { encoding: 'utf8' });
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
