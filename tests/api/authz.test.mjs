// The authorisation matrix as data: tests/api/authz.tsv lists every endpoint against every kind
// of caller. This test fails when `daftar routes` has an endpoint without a row (a new route must
// say who may call it), when a row names no endpoint, and when the server answers a caller
// otherwise than its row says (through the same Bearer path as any API client).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { BIN, startServer } from './lib.mjs';

const CALLERS = ['anonymous', 'admin', 'coordinator', 'executive', 'assistant', 'analyst', 'auditor', 'outsider'];
const ROLES = CALLERS.slice(2, 7);
// {id} names no record, so that the writes an allowed caller sends (disable a user, revoke a
// token, delete) change nothing the rows after them need.
const NO_ID = '999999';
const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'authz.tsv');

function readMatrix() {
	const rows = new Map();
	fs.readFileSync(FILE, 'utf8').split('\n').forEach((line, i) => {
		if (!line.trim() || line.startsWith('#')) return;
		const f = line.split('\t');
		assert.equal(f.length, 2 + CALLERS.length, `authz.tsv line ${i + 1}: ${f.length} columns, want ${2 + CALLERS.length}`);
		for (const a of f.slice(2)) assert.ok(['ok', '401', '403'].includes(a), `authz.tsv line ${i + 1}: answer "${a}"`);
		const key = `${f[0]} ${f[1]}`;
		assert.ok(!rows.has(key), `authz.tsv line ${i + 1}: ${key} twice`);
		rows.set(key, Object.fromEntries(CALLERS.map((c, k) => [c, f[2 + k]])));
	});
	return rows;
}

function serverRoutes() {
	return execFileSync(BIN, ['routes'], { encoding: 'utf8' }).trim().split('\n').map((l) => {
		const [method, pattern, access, perm] = l.split('\t');
		return { method, pattern, access, perm, key: `${method} ${pattern}` };
	});
}

describe('authorisation matrix (tests/api/authz.tsv)', () => {
	const matrix = readMatrix();
	const routes = serverRoutes();
	let s;
	const client = {};

	before(async () => {
		s = await startServer({
			companies: [{ name: 'Outside Co', admin: false }],
			users: [...ROLES.map((r) => ({ name: `az_${r}`, role: r })), { name: 'az_outsider', role: 'admin', company: 2 }],
		});
		client.anonymous = s.anon();
		client.admin = s.as('admin');
		for (const r of ROLES) client[r] = s.as(`az_${r}`);
		client.outsider = s.as('az_outsider');
	});
	after(() => s && s.stop());

	test('every endpoint has a row, and every row an endpoint', () => {
		const missing = routes.filter((r) => !matrix.has(r.key)).map((r) => r.key);
		assert.deepEqual(missing, [], 'endpoints without a row in authz.tsv');
		const known = new Set(routes.map((r) => r.key));
		assert.deepEqual([...matrix.keys()].filter((k) => !known.has(k)), [], 'rows of authz.tsv that name no endpoint');
		assert.ok(routes.length >= 60, `${routes.length} endpoints`);
	});

	test('each caller gets the answer its row says, on every endpoint', async () => {
		const wrong = [];
		let asked = 0;
		for (const r of routes) {
			const row = matrix.get(r.key);
			if (!row) continue;
			const url = r.pattern.replace('{cid}', '1').replace('{id}', NO_ID);
			for (const who of CALLERS) {
				const res = await client[who].request(r.method, url, r.method === 'GET' ? undefined : {});
				asked++;
				const got = res.status === 401 || res.status === 403 ? String(res.status) : res.status >= 500 ? `5xx` : 'ok';
				if (got !== row[who]) wrong.push(`${r.key} as ${who}: ${res.status} (want ${row[who]}) ${res.text.slice(0, 120)}`);
				if (res.status === 401 || res.status === 403)
					assert.ok(res.json && res.json.error && ['unauthenticated', 'forbidden'].includes(res.json.error.code), `${r.key} as ${who}: ${res.text}`);
			}
		}
		assert.deepEqual(wrong, [], `${wrong.length} of ${asked} answers differ from authz.tsv`);
	});
});
