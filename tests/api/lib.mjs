// lib.mjs - helpers for the API tests: a real `daftar serve` on a fresh data directory (SQLite or
// a fresh PostgreSQL database), direct SQL, the CLI, and small HTTP clients (cookie session with
// CSRF, or Bearer token). Environment (set by scripts/run-api.sh):
//   DAFTAR_BIN       the binary (default build/daftar-test: the test build, with the test clock)
//   DAFTAR_RELEASE_BIN the release binary (default build/daftar), checked for having no test hooks
//   DAFTAR_TEST_DB   sqlite | postgres
//   DAFTAR_PG_URL    superuser URL of the test PostgreSQL server (postgres backend only)
//   DAFTAR_SLOW      set for sanitizer builds: longer waits
//   DAFTAR_TEST_KEEP set to keep data directories and databases after the tests
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.DAFTAR_BIN || path.join(ROOT, 'build', 'daftar-test');
export const RELEASE_BIN = process.env.DAFTAR_RELEASE_BIN || path.join(ROOT, 'build', 'daftar');
export const BACKEND = process.env.DAFTAR_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const PG_URL = process.env.DAFTAR_PG_URL || 'postgres://postgres@127.0.0.1:55432/postgres';
export const SLOW = !!process.env.DAFTAR_SLOW;
const KEEP = !!process.env.DAFTAR_TEST_KEEP;
/** Multiplier for waits: sanitizer builds are several times slower. */
export const TIME = SLOW ? 5 : 1;

export const ADMIN_PASSWORD = 'admin-pass-0123456789';
export const PASSWORD = 'user-pass-0123456789';

const live = new Set(); // child processes still running, killed if the test process exits
const dirs = new Set(); // data directories not yet removed, removed if the test process exits
process.on('exit', () => {
	for (const p of live) {
		try { p.kill('SIGKILL'); } catch { /* gone */ }
	}
	if (!KEEP) for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

let seq = 0;
const uniq = () => `${process.pid}_${Date.now().toString(36)}_${++seq}`;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (the OS picks one; a small race with other processes remains). */
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, {
		encoding: 'utf8',
		env: { ...process.env, ...(opts.env || {}) },
		input: opts.input,
		timeout: 120000,
		maxBuffer: 64 << 20,
	});
	if (r.error) throw r.error;
	return { code: r.status === null ? 128 : r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the daftar binary; returns {code, stdout, stderr}. */
export function cli(args, env = {}) {
	return run(BIN, args, { env });
}

function must(r, what) {
	if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${r.stderr || r.stdout}`);
	return r;
}

function psqlRaw(url, query) {
	return run('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', query]);
}

/** SQL access to one data directory's database. */
function sqlAccess(dir, dbUrl) {
	const sqlRaw = (query) => BACKEND === 'postgres'
		? psqlRaw(dbUrl, query)
		: run('sqlite3', ['-bail', '-cmd', '.timeout 10000', path.join(dir, 'daftar.db'), query]);
	const sql = (query) => {
		const r = sqlRaw(query);
		if (r.code !== 0) throw new Error(`SQL failed (exit ${r.code}): ${query}\n${r.stderr}`);
		return r.stdout.trim();
	};
	return { sql, sqlRaw };
}

async function createPgDatabase() {
	const name = `daftar_t_${uniq()}`.toLowerCase();
	must(psqlRaw(PG_URL, `CREATE DATABASE ${name}`), 'CREATE DATABASE');
	const u = new URL(PG_URL);
	u.pathname = `/${name}`;
	return { name, url: u.toString() };
}

// Dropping a database costs a checkpoint (a second or more on a busy machine): it runs in the
// background, detached, so it neither slows the tests nor dies with the test process.
function dropPgDatabase(name) {
	if (!name || KEEP) return;
	const p = spawn('psql', ['-X', '-q', '-d', PG_URL, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], {
		detached: true,
		stdio: 'ignore',
	});
	p.on('error', () => {});
	p.unref();
}

/** Normalises a response: status, headers, text, json (null when the body is not JSON). */
async function toResult(res) {
	const text = await res.text();
	let json = null;
	try { json = text ? JSON.parse(text) : null; } catch { json = null; }
	return { status: res.status, headers: res.headers, text, json, setCookie: res.headers.getSetCookie() };
}

function encodeBody(body) {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string' || Buffer.isBuffer(body) || body instanceof Uint8Array) return body;
	return JSON.stringify(body);
}

/** An HTTP client for one server; `base` headers go with every request. */
export class Client {
	constructor(url, base = {}) {
		this.url = url;
		this.base = base;
	}

	async request(method, p, body, headers = {}) {
		const b = encodeBody(body);
		const h = { ...this.base, ...headers };
		if (b !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
		for (const k of Object.keys(h)) if (h[k] === undefined || h[k] === null) delete h[k];
		const res = await fetch(this.url + p, { method, headers: h, body: b, redirect: 'manual' });
		return toResult(res);
	}

	get(p, body, headers) { return this.request('GET', p, body, headers); }
	post(p, body, headers) { return this.request('POST', p, body, headers); }
	patch(p, body, headers) { return this.request('PATCH', p, body, headers); }
	put(p, body, headers) { return this.request('PUT', p, body, headers); }
	del(p, body, headers) { return this.request('DELETE', p, body, headers); }
}

/** The session cookie value from a Set-Cookie list, or null. */
export function sessionCookie(setCookie) {
	for (const c of setCookie || []) {
		const m = /^daftar_session=([^;]*)/.exec(c);
		if (m) return m[1];
	}
	return null;
}

/**
 * Starts a server on a fresh data directory.
 *   companies: extra companies, names or {name, admin: false}; admin is a member (admin) unless told
 *   users:     [{name, role = 'executive', company = 1, password = PASSWORD, also: [[cid, role]]}]
 *   args:      extra `serve` arguments, e.g. ['--body-limit-kb', '64']
 *   env:       extra environment for `serve` (e.g. DAFTAR_TEST_CLOCK_FILE)
 *   company:   name of company 1
 */
export async function startServer(opts = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-api-'));
	dirs.add(dir);
	const data = path.join(dir, 'data');
	let pg = null;
	let proc = null;
	let stderr = '';
	let port = 0;
	let stopped = false;

	const cleanup = () => {
		if (KEEP) return;
		fs.rmSync(dir, { recursive: true, force: true });
		dirs.delete(dir);
		if (pg) dropPgDatabase(pg.name);
	};

	try {
		if (BACKEND === 'postgres') pg = await createPgDatabase();
		const dbUrl = pg ? pg.url : `sqlite:${path.join(data, 'daftar.db')}`;
		const initArgs = ['init', '--data', data, '--company', opts.company || 'Alpha Test Co'];
		if (pg) initArgs.push('--db', pg.url);
		must(cli(initArgs, { DAFTAR_ADMIN_PASSWORD: ADMIN_PASSWORD }), 'daftar init');

		const companyIds = [1];
		for (const c of opts.companies || []) {
			const spec = typeof c === 'string' ? { name: c } : c;
			const a = ['company', 'add', '--data', data, '--name', spec.name];
			if (spec.admin !== false) a.push('--admin', 'admin');
			companyIds.push(Number(must(cli(a), 'company add').stdout.trim()));
		}
		for (const u of opts.users || []) {
			must(cli(['user', 'add', '--data', data, '--user', u.name, '--role', u.role || 'executive',
				'--company', String(u.company || 1)], { DAFTAR_PASSWORD: u.password || PASSWORD }), `user add ${u.name}`);
			for (const [cid, role] of u.also || [])
				must(cli(['user', 'role', '--data', data, '--user', u.name, '--role', role, '--company', String(cid)]), 'user role');
		}

		const { sql, sqlRaw } = sqlAccess(data, pg && pg.url);
		const s = {
			url: '',
			dir: data,
			dbUrl,
			backend: BACKEND,
			companyIds,
			sql,
			sqlRaw,
			/** Runs the binary (pass --data yourself): {code, stdout, stderr}. */
			cli,
			/** stderr of the server so far. */
			log: () => stderr,
			/** A new API token for a user. */
			token(user) {
				return must(cli(['token', 'create', '--data', data, '--user', user]), 'token create').stdout.trim();
			},
			tokenClient(token) {
				return new Client(s.url, { Authorization: `Bearer ${token}` });
			},
			/** A Bearer client for a user (makes a token). */
			as(user) {
				return s.tokenClient(s.token(user));
			},
			anon() {
				return new Client(s.url);
			},
			/** POST /session without keeping anything: the raw result. */
			loginRaw(user, pass, headers = {}) {
				return new Client(s.url).post('/api/v1/session', { username: user, password: pass }, headers);
			},
			/** Logs in; returns a client that sends the cookie and X-CSRF-Token. */
			async login(user, pass = user === 'admin' ? ADMIN_PASSWORD : PASSWORD) {
				const r = await s.loginRaw(user, pass);
				if (r.status !== 200) throw new Error(`login ${user}: ${r.status} ${r.text}`);
				const sid = sessionCookie(r.setCookie);
				if (!sid) throw new Error(`login ${user}: no session cookie in ${JSON.stringify(r.setCookie)}`);
				const c = new Client(s.url, { Cookie: `daftar_session=${sid}`, 'X-CSRF-Token': r.json.csrf_token });
				c.sid = sid;
				c.csrf = r.json.csrf_token;
				c.session = r.json;
				c.setCookie = r.setCookie;
				return c;
			},
			/** True while the server process runs. */
			alive: () => proc !== null && proc.exitCode === null && proc.signalCode === null,
			/** Kills the server at once (SIGKILL, as a power cut would); keeps the data. */
			async kill() {
				if (!proc) return;
				const p = proc;
				proc = null;
				if (p.exitCode === null && p.signalCode === null) {
					const exited = new Promise((r) => p.once('exit', r));
					p.kill('SIGKILL');
					await exited;
				}
				live.delete(p);
			},
			/** Stops the server (keeps the data); throws if it had crashed or reported a sanitizer error. */
			async halt() {
				if (!proc) return;
				const p = proc;
				proc = null;
				const wasAlive = p.exitCode === null && p.signalCode === null;
				if (wasAlive) {
					const exited = new Promise((r) => p.once('exit', r));
					p.kill('SIGTERM');
					const t = setTimeout(() => p.kill('SIGKILL'), 20000 * TIME);
					await exited;
					clearTimeout(t);
				}
				live.delete(p);
				const bad = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|==ABORTING/.test(stderr);
				if (!wasAlive || p.exitCode !== 0 || bad)
					throw new Error(`daftar serve ${wasAlive ? 'exited badly' : 'had died'} (exit ${p.exitCode}, signal ${p.signalCode}):\n${stderr.slice(-6000)}`);
			},
			/** Stops the server and removes its data (and PostgreSQL database). */
			async stop() {
				if (stopped) return;
				stopped = true;
				try {
					await s.halt();
				} finally {
					cleanup();
				}
			},
		};

		const spawnServer = async () => {
			for (let attempt = 0; ; attempt++) {
				port = await freePort();
				s.url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
				stderr = '';
				const tls = opts.tls ? ['--tls-cert', opts.tls.cert, '--tls-key', opts.tls.key] : [];
				const p = spawn(BIN, ['serve', '--data', data, '--listen', `127.0.0.1:${port}`, ...tls, ...(opts.args || [])], {
					env: { ...process.env, ...(opts.env || {}) },
					stdio: ['ignore', 'ignore', 'pipe'],
				});
				live.add(p);
				proc = p;
				p.stderr.setEncoding('utf8');
				p.stderr.on('data', (d) => {
					stderr += d;
					if (stderr.length > 4 << 20) stderr = stderr.slice(-(2 << 20));
				});
				const deadline = Date.now() + 30000 * TIME;
				while (Date.now() < deadline) {
					if (p.exitCode !== null || p.signalCode !== null) break;
					try {
						await fetch(`${s.url}/api/v1/session`);
						return;
					} catch {
						await sleep(15);
					}
				}
				live.delete(p);
				if (p.exitCode === null) p.kill('SIGKILL');
				proc = null;
				if (attempt < 3 && /cannot listen/.test(stderr)) continue;
				throw new Error(`daftar serve did not start:\n${stderr}`);
			}
		};
		await spawnServer();
		/** Starts the server again on the same data (after halt). */
		s.restart = spawnServer;
		return s;
	} catch (err) {
		if (proc) {
			live.delete(proc);
			proc.kill('SIGKILL');
		}
		cleanup();
		throw err;
	}
}

/** Writes the test clock offset (seconds) atomically, so the server never reads half a file. */
export function setClock(file, seconds) {
	const tmp = `${file}.tmp`;
	fs.writeFileSync(tmp, `${seconds}\n`);
	fs.renameSync(tmp, file);
}

/**
 * One HTTP request with node:http, optionally from another local address (e.g. 127.0.0.2), which
 * fetch cannot do. Returns {status, headers, json, text}.
 */
export function rawRequest(url, { method = 'GET', path: p = '/', headers = {}, body, localAddress } = {}) {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const b = encodeBody(body);
		const h = { ...headers };
		if (b !== undefined) {
			h['Content-Type'] = h['Content-Type'] || 'application/json';
			h['Content-Length'] = Buffer.byteLength(b);
		}
		const req = http.request({ host: u.hostname, port: u.port, method, path: p, headers: h, localAddress, agent: false }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json = null;
				try { json = text ? JSON.parse(text) : null; } catch { json = null; }
				resolve({ status: res.statusCode, headers: res.headers, text, json });
			});
		});
		req.on('error', reject);
		if (b !== undefined) req.write(b);
		req.end();
	});
}

/**
 * Sends bytes exactly as given on a fresh TCP connection (for what HTTP clients refuse to send:
 * raw bytes in headers, malformed messages). Resolves with whatever came back, as latin1 text,
 * once the server closes, or a short pause after the first bytes of an answer, or after `wait` ms.
 * halfClose: shut our sending side at once (some servers then drop the request unanswered).
 */
export function rawHttp(url, data, { wait = 400 * TIME, halfClose = false } = {}) {
	return new Promise((resolve) => {
		const u = new URL(url);
		const sock = net.connect(Number(u.port), u.hostname);
		let got = '';
		let t2 = null;
		const done = () => { clearTimeout(t); clearTimeout(t2); sock.destroy(); resolve(got); };
		const t = setTimeout(done, wait);
		sock.on('connect', () => {
			sock.write(data);
			if (halfClose) sock.end();
		});
		sock.on('data', (d) => {
			got += d.toString('latin1');
			if (!t2) t2 = setTimeout(done, 100 * TIME);
		});
		sock.on('error', done);
		sock.on('close', done);
	});
}

/** Status and parsed JSON body of a raw HTTP/1.1 answer (from rawHttp). */
export function parseRaw(answer) {
	const m = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
	const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
	let json = null;
	try { json = JSON.parse(Buffer.from(body, 'latin1').toString('utf8')); } catch { json = null; }
	return { status: m ? Number(m[1]) : 0, json, text: body };
}

/** Asserts the one error shape: {"error": {"code", "message", ["field"]}} and nothing else. */
export function assertError(assert, r, status, code, field) {
	const ctx = `${r.status} ${r.text}`;
	assert.equal(r.status, status, `status: ${ctx}`);
	assert.ok(r.json && typeof r.json === 'object', `JSON error body: ${ctx}`);
	assert.deepEqual(Object.keys(r.json), ['error'], `only "error" at the top: ${ctx}`);
	const e = r.json.error;
	if (code !== undefined) assert.equal(e.code, code, `error.code: ${ctx}`);
	assert.equal(typeof e.message, 'string', `error.message: ${ctx}`);
	assert.ok(e.message.length > 0, `error.message not empty: ${ctx}`);
	if (field !== undefined) assert.equal(e.field, field, `error.field: ${ctx}`);
	assert.match(r.headers.get('content-type') || '', /application\/json/, `content type: ${ctx}`);
}

// ---- Indian identifiers, computed here independently of the server's code ----

const B36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The GSTIN check character for the first 14 characters (mod-36 Luhn variant). */
export function gstinCheckChar(first14) {
	let sum = 0;
	for (let i = 0; i < 14; i++) {
		const p = B36.indexOf(first14[i]) * (i % 2 ? 2 : 1);
		sum += Math.floor(p / 36) + (p % 36);
	}
	return B36[(36 - (sum % 36)) % 36];
}

/** A PAN unique for n (0..9999 per letter block): 5 letters, 4 digits, 1 letter; 4th letter P. */
export function makePan(n) {
	const a = B36[10 + (Math.floor(n / 10000) % 26)];
	return `AB${a}P${B36[10 + (n % 26)]}${String(n % 10000).padStart(4, '0')}K`;
}

/** A valid GSTIN for state and PAN. */
export function makeGstin(state, pan, entity = '1') {
	const f = `${state}${pan}${entity}Z`;
	return f + gstinCheckChar(f);
}

/** Byte-wise (= code point) comparison of UTF-8 strings, as SQLite and PostgreSQL's C collation sort. */
export function byteCompare(a, b) {
	return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export const API = '/api/v1';
export const parties = (cid = 1) => `${API}/companies/${cid}/parties`;

/**
 * A report answer (the one report JSON: {report, from, to, summary, tables:[{name, rows:[{kind,
 * level, <x>_id, cells}]}], next}) seen as plain rows: the data rows of table `name` (the first
 * table when none is named), each its cells with its drill-down id (item_id, godown_id,
 * voucher_id, ...), next to the summary's members, from, to and next.
 */
export function reportView(json, name) {
	const t = name ? json.tables.find((x) => x.name === name) : json.tables[0];
	const rows = (t ? t.rows : []).filter((r) => r.kind === 'data').map((r) => {
		const o = { ...r.cells };
		for (const k of Object.keys(r)) if (k.endsWith('_id')) o[k] = r[k];
		return o;
	});
	return { ...json.summary, from: json.from, to: json.to, next: json.next, rows };
}
