// The crash test: writers post vouchers, parties and stock journals at once while the server is
// killed with SIGKILL at random moments (on PostgreSQL, in turn: daftar; daftar and the database
// server; the database server alone, daftar connecting again by itself); after each restart every acknowledged write must be there, the books balance, the
// kept balances equal a recomputation from the rows, numbering has no gaps, `daftar audit verify`
// passes and (SQLite) PRAGMA integrity_check is ok.
//
//   DAFTAR_TEST_DB=sqlite|postgres CRASH_KILLS=20 node tests/crash/crash.mjs
//
// Knobs: CRASH_KILLS (20), CRASH_WRITERS (6), CRASH_SEED (random; printed, to replay the timings),
// CRASH_PG_DIR (the PostgreSQL cluster's folder: set by scripts/crash.sh, which owns that cluster;
// without it the database server is not killed). Prints one summary line; exits 1 on a loss.
import { execFileSync } from 'node:child_process';
import process from 'node:process';

import { BACKEND, sleep, startServer } from '../api/lib.mjs';

const KILLS = Number(process.env.CRASH_KILLS || 20);
const WRITERS = Number(process.env.CRASH_WRITERS || 6);
const SEED = Number(process.env.CRASH_SEED || Math.floor(Math.random() * 2 ** 31));
const PG_DIR = process.env.CRASH_PG_DIR || '';

let rnd = SEED;
const random = () => ((rnd = (rnd * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (n) => Math.floor(random() * n);

const co = (p) => `/api/v1/companies/1${p}`;
const failures = [];
const fail = (msg) => { failures.push(msg); console.error(`crash: ${msg}`); };

async function setup(admin) {
	const books = (await admin.get(co('/books'))).json;
	const utc = new Date().toISOString().slice(0, 10);
	const date = utc < books.books_from ? books.books_from : utc;
	const ledgers = (await admin.get(co('/ledgers?limit=500'))).json.items;
	const groups = (await admin.get(co('/groups?limit=500'))).json.items;
	const exp = await admin.post(co('/ledgers'), { name: 'Crash Expenses', group_id: groups.find((g) => g.code === 'indirect_expenses').id });
	if (exp.status !== 201) throw new Error(`ledger: ${exp.text}`);
	const godowns = (await admin.get(co('/godowns'))).json.items;
	const g2 = await admin.post(co('/godowns'), { name: 'Crash Godown' });
	const pcs = (await admin.get(co('/units'))).json.items.find((u) => u.symbol === 'pcs').id;
	const item = await admin.post(co('/items'), { sku: 'CRASH-1', name: 'Crash item', unit_id: pcs,
		opening: [{ godown_id: godowns[0].id, qty: '1000000', rate: '10' }], opening_date: books.books_from });
	if (item.status !== 201) throw new Error(`item: ${item.text}`);
	return { date, cash: ledgers.find((l) => l.kind === 'cash').id, expense: exp.json.id, item: item.json.id, main: godowns[0].id, g2: g2.json.id };
}

// One write of a random kind; resolves to the acknowledged record or null (refused or cut off).
async function oneWrite(c, ctx, w, i) {
	const k = pick(3);
	try {
		if (k === 0) {
			const amount = `${1 + pick(100000)}.${String(pick(100)).padStart(2, '0')}`;
			const r = await c.post(co('/vouchers'), { type: 'journal', date: ctx.date, narration: `crash ${w}/${i}`,
				lines: [{ ledger_id: ctx.expense, debit: amount }, { ledger_id: ctx.cash, credit: amount }] });
			return r.status === 201 ? { kind: 'voucher', id: r.json.id, number: r.json.number, amount } : null;
		}
		if (k === 1) {
			const name = `Crash Party ${SEED}-${w}-${i}`;
			const r = await c.post(co('/parties'), { name });
			return r.status === 201 ? { kind: 'party', id: r.json.id, name } : null;
		}
		const [from, to] = pick(2) ? [ctx.main, ctx.g2] : [ctx.g2, ctx.main];
		const r = await c.post(co('/stock-journals'), { kind: 'transfer', date: ctx.date,
			lines: [{ item_id: ctx.item, godown_id: from, to_godown_id: to, qty: '1' }] });
		return r.status === 201 ? { kind: 'journal', id: r.json.id } : null;
	} catch {
		return null; // the connection broke: not acknowledged
	}
}

async function writers(s, token, ctx, acked, stop) {
	await Promise.all(Array.from({ length: WRITERS }, async (_, w) => {
		const c = s.tokenClient(token);
		for (let i = 0; !stop.now; i++) {
			const got = await oneWrite(c, ctx, w, i);
			if (got) acked.push(got);
			else if (!s.alive()) return;
		}
	}));
}

function pg(cmd) {
	return execFileSync('sh', ['scripts/pg.sh', cmd], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DAFTAR_PG_DIR: PG_DIR, DAFTAR_PG_PORT: process.env.CRASH_PG_PORT } }).trim();
}

const EXACT = [
	// kept ledger balances against the voucher lines
	['ledger_day', `SELECT count(*) FROM (SELECT ledger_id, date, sum(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS d, sum(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS c
		FROM voucher_lines WHERE active = 1 GROUP BY ledger_id, date) x FULL OUTER JOIN (SELECT ledger_id, date, debit, credit FROM ledger_day WHERE debit <> 0 OR credit <> 0) k
		ON k.ledger_id = x.ledger_id AND k.date = x.date WHERE coalesce(x.d, -1) <> coalesce(k.debit, -1) OR coalesce(x.c, -1) <> coalesce(k.credit, -1)`],
	['ledger_month', `SELECT count(*) FROM (SELECT ledger_id, substr(date, 1, 7) AS m, sum(debit) AS d, sum(credit) AS c FROM ledger_day GROUP BY ledger_id, substr(date, 1, 7)) x
		FULL OUTER JOIN (SELECT ledger_id, month, debit, credit FROM ledger_month WHERE debit <> 0 OR credit <> 0) k ON k.ledger_id = x.ledger_id AND k.month = x.m
		WHERE (coalesce(x.d, 0) <> 0 OR coalesce(x.c, 0) <> 0 OR k.ledger_id IS NOT NULL) AND (coalesce(x.d, -1) <> coalesce(k.debit, -1) OR coalesce(x.c, -1) <> coalesce(k.credit, -1))`],
	// kept stock against the moves
	['stock_balance', `SELECT count(*) FROM (SELECT item_id, godown_id, sum(qty) AS q, sum(value) AS v FROM stock_moves WHERE active = 1 GROUP BY item_id, godown_id) x
		FULL OUTER JOIN stock_balance k ON k.item_id = x.item_id AND k.godown_id = x.godown_id
		WHERE coalesce(x.q, 0) <> coalesce(k.qty, 0) OR coalesce(x.v, 0) <> coalesce(k.value, 0)`],
	['stock_month', `SELECT count(*) FROM (SELECT item_id, godown_id, substr(date, 1, 7) AS m, sum(qty) AS q, sum(value) AS v FROM stock_moves WHERE active = 1 GROUP BY item_id, godown_id, substr(date, 1, 7)) x
		FULL OUTER JOIN stock_month k ON k.item_id = x.item_id AND k.godown_id = x.godown_id AND k.month = x.m
		WHERE coalesce(x.q, 0) <> coalesce(k.qty, 0) OR coalesce(x.v, 0) <> coalesce(k.value, 0)`],
	// numbering: each series is 1..n with no gap, and its next number follows the last
	['numbering', `SELECT count(*) FROM (SELECT type, fy, count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM vouchers GROUP BY type, fy) v
		LEFT JOIN voucher_series s ON s.type = v.type AND s.fy = v.fy WHERE v.lo <> 1 OR v.hi <> v.n OR s.next_seq IS NULL OR s.next_seq <> v.hi + 1`],
];

async function check(s, token, acked, round) {
	const admin = s.tokenClient(token); // the restarted server listens on another port
	const bad = (what) => fail(`after kill ${round}: ${what}`);
	// every acknowledged write, read back in one query per table (the newest also over the API)
	const rows = (q) => new Map(s.sql(q).split('\n').filter(Boolean).map((l) => { const [id, v] = l.split('|'); return [Number(id), v]; }));
	const have = {
		voucher: rows("SELECT id || '|' || number FROM vouchers WHERE company_id = 1"),
		party: rows("SELECT id || '|' || name FROM parties WHERE company_id = 1"),
		journal: rows("SELECT id || '|' || kind FROM stock_journals WHERE company_id = 1"),
	};
	let lost = 0;
	for (const a of acked) {
		const v = have[a.kind].get(a.id);
		const want = a.kind === 'voucher' ? a.number : a.kind === 'party' ? a.name : 'transfer';
		if (v !== want && lost++ < 5) bad(`acknowledged ${a.kind} ${a.id} is ${v === undefined ? 'missing' : `"${v}", not "${want}"`}`);
	}
	if (lost > 5) bad(`${lost} acknowledged writes missing or changed in all`);
	for (const a of acked.slice(-20)) {
		const r = await admin.get(co(a.kind === 'voucher' ? `/vouchers/${a.id}` : a.kind === 'party' ? `/parties/${a.id}` : `/stock-journals/${a.id}`));
		if (r.status !== 200) bad(`acknowledged ${a.kind} ${a.id} answers ${r.status} over the API`);
	}
	const tb = await admin.get(co('/reports/trial-balance'));
	if (tb.status !== 200 || tb.json.summary.balanced !== true) bad(`trial balance: ${tb.status} ${JSON.stringify(tb.json && tb.json.summary)}`);
	// SQLite has no FULL OUTER JOIN before 3.39; Debian 12 has 3.40.
	for (const [name, q] of EXACT) {
		const n = s.sql(q);
		if (n !== '0') bad(`${name}: ${n} rows differ from a recomputation`);
	}
	const v = s.cli(['audit', 'verify', '--data', s.dir]);
	if (v.code !== 0) bad(`audit verify exit ${v.code}: ${v.stdout}${v.stderr}`);
	if (BACKEND === 'sqlite') {
		const ic = s.sql('PRAGMA integrity_check');
		if (ic !== 'ok') bad(`integrity_check: ${ic}`);
	}
}

async function main() {
	const s = await startServer({ args: ['--quiet'] });
	const admin = s.as('admin');
	const token = s.token('admin');
	const ctx = await setup(admin);
	const acked = [];
	let pgKills = 0;
	const t0 = Date.now();
	let pgOnly = 0;
	for (let round = 1; round <= KILLS; round++) {
		// SQLite: daftar is killed. PostgreSQL (with its own cluster): daftar; daftar and the
		// database server; the database server alone, and daftar must connect again by itself.
		const mode = BACKEND === 'postgres' && PG_DIR ? ['daftar', 'both', 'pg'][(round - 1) % 3] : 'daftar';
		const stop = { now: false };
		const running = writers(s, token, ctx, acked, stop);
		await sleep(200 + pick(1300));
		if (mode !== 'daftar') {
			process.kill(Number(pg('pid')), 'SIGKILL');
			pgKills++;
		}
		if (mode !== 'pg') await s.kill();
		else pgOnly++;
		if (mode !== 'daftar') {
			// the postmaster's children notice it is gone and exit; then it starts again and recovers
			for (let i = 0; ; i++) {
				try { pg('restart'); break; } catch (e) { if (i > 300) throw e; await sleep(100); }
			}
		}
		if (mode === 'pg') await sleep(300 + pick(700)); // writes go on against the recovered database
		stop.now = true;
		await running;
		if (mode !== 'pg') await s.restart();
		await check(s, token, acked, round);
		if (failures.length) break;
	}
	const counts = acked.reduce((m, a) => ({ ...m, [a.kind]: (m[a.kind] || 0) + 1 }), {});
	console.log(`crash ${BACKEND}: ${KILLS - pgOnly} kills of daftar${pgKills ? `, ${pgKills} of PostgreSQL (${pgOnly} with daftar running on)` : ''}, ` +
		`${acked.length} acknowledged writes (${counts.voucher || 0} vouchers, ${counts.party || 0} parties, ${counts.journal || 0} stock journals), ` +
		`${failures.length ? 'FAILED' : '0 lost, every check held'} in ${((Date.now() - t0) / 1000).toFixed(0)} s (seed ${SEED})`);
	await s.stop();
	process.exit(failures.length ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
