// The party form checks a GSTIN as it is typed with web/gstin.js; the server checks it again with
// src/lib/india.c. The two must agree on every number: this sends each case to the server and asks
// gstin.js the same, comparing the reason and its figures (and that a good one brings its PAN and
// state). Also: while a GSTIN is being typed, only what is already wrong in its first characters
// is a fault.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { gstinCheckChar, makeGstin, makePan, parties, startServer } from './lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const g = await import(pathToFileURL(path.join(ROOT, 'web', 'gstin.js')).href);

const good = makeGstin('27', makePan(4242));
const body14 = good.slice(0, 14);
const wrongCheck = body14 + (gstinCheckChar(body14) === 'A' ? 'B' : 'A');
const CASES = [
	good, makeGstin('07', makePan(7)), makeGstin('99', makePan(8)), makeGstin('37', makePan(9), 'A'),
	'', '27AAPFU0939F1Z', '27AAPFU0939F1ZVX', good.slice(0, 10),
	'27aapfu0939F1ZV', '27AAPFU0939F1 V', '27AAPFU-939F1ZV', 'X7AAPFU0939F1ZV', '١٢AAPFU0939F1Z',
	'00AAPFU0939F1ZV', '40AAPFU0939F1ZV', '98AAPFU0939F1ZV',
	'27AAPXU0939F1ZV', '27AAP1U0939F1ZV', '27AAPFU093AF1ZV', '27AAPFU09391' + '1ZV',
	body14.slice(0, 12) + '0Z' + 'V', body14.slice(0, 13) + '5V', wrongCheck,
];

describe('GSTIN checked alike by the server and by the party form', () => {
	let s, c;
	before(async () => {
		s = await startServer();
		c = s.as('admin');
	});
	after(async () => { await s?.stop(); });

	test('the same reason and figures for every case', async () => {
		let n = 0;
		for (const gstin of CASES) {
			const r = await c.post(parties(), { name: `GSTIN case ${++n}`, gstin, allow_duplicate: true });
			const mine = g.gstinFault(gstin);
			if (gstin === '') { // no GSTIN at all is a party without one
				assert.equal(r.status, 201, r.text);
				continue;
			}
			if (r.status === 201) {
				assert.equal(mine, null, `${gstin}: the server took it, gstin.js says ${JSON.stringify(mine)}`);
				assert.deepEqual(g.gstinParts(gstin), { pan: r.json.pan, state: r.json.state_code }, gstin);
				continue;
			}
			assert.equal(r.status, 400, r.text);
			assert.equal(r.json.error.field, 'gstin', r.text);
			assert.ok(mine, `${gstin}: the server refused it (${r.json.error.reason}), gstin.js took it`);
			assert.equal(mine.reason, r.json.error.reason, `${gstin}: ${r.text}`);
			for (const [k, v] of Object.entries(mine.details)) assert.equal(String(r.json.error[k]), String(v), `${gstin} ${k}: ${r.text}`);
		}
	});

	test('while typed, a short number is not yet wrong; a wrong character or state already is', () => {
		for (let i = 0; i <= 15; i++) assert.equal(g.gstinFault(good.slice(0, i), true), null, good.slice(0, i));
		assert.deepEqual(g.gstinFault('2-', true), { reason: 'gstin_char', details: { position: 2 } });
		assert.deepEqual(g.gstinFault('00', true), { reason: 'gstin_state_code', details: { state: '00' } });
		assert.equal(g.gstinFault('27AAPXU0939', true), null, 'the PAN is judged once whole');
		assert.deepEqual(g.gstinFault('27AAPXU0939F', true), { reason: 'gstin_pan', details: {} });
		assert.deepEqual(g.gstinFault(wrongCheck, true).reason, 'gstin_check');
		assert.deepEqual(g.gstinFault(good + '1', true), { reason: 'too_long', details: { max: 15 } });
		assert.deepEqual(g.gstinFault(good.slice(0, 14)), { reason: 'gstin_length', details: {} });
	});
});
