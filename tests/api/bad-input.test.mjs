// Bad input on POST and PATCH of parties: each class of mistake answers 4xx naming the field at
// fault (or "body"), and nothing is written: neither a party nor an audit record.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertError, makeGstin, makePan, gstinCheckChar, parties, startServer } from './lib.mjs';

const DEVA = 'क'; // one Devanagari character, three bytes in UTF-8
const good = makeGstin('27', makePan(11));
const withCheck = (first14) => first14 + gstinCheckChar(first14);
const wrongCheck = good.slice(0, 14) + (good[14] === 'A' ? 'B' : 'A');
const raw = (s) => Buffer.from(s, 'latin1'); // bytes exactly as written, no UTF-8 re-encoding

// [label, body, field]; every case is an invalid (400) request.
const CASES = [
	['malformed JSON', '{"name": "x",', 'body'],
	['truncated JSON', '{"name": "x"', 'body'],
	['not JSON at all', 'name=x', 'body'],
	['JSON array, not object', '[{"name": "x"}]', 'body'],
	['JSON string, not object', '"x"', 'body'],
	['duplicate keys', '{"name": "a", "name": "b"}', 'body'],
	['lone surrogate escape', '{"name": "\\ud800"}', 'body'],
	['name is a number', { name: 5 }, 'name'],
	['name is an object', { name: { x: 1 } }, 'name'],
	['name is an array', { name: ['a'] }, 'name'],
	['name is true', { name: true }, 'name'],
	['credit_limit as a number', { name: 'Okay', credit_limit: 12.5 }, 'credit_limit'],
	['credit_limit as an integer number', { name: 'Okay', credit_limit: 12 }, 'credit_limit'],
	['payment_terms_days a string', { name: 'Okay', payment_terms_days: 'x' }, 'payment_terms_days'],
	['payment_terms_days a fraction', { name: 'Okay', payment_terms_days: 1.5 }, 'payment_terms_days'],
	['payment_terms_days 366', { name: 'Okay', payment_terms_days: 366 }, 'payment_terms_days'],
	['payment_terms_days -1', { name: 'Okay', payment_terms_days: -1 }, 'payment_terms_days'],
	['allow_duplicate a string', { name: 'Okay', allow_duplicate: 'yes' }, 'allow_duplicate'],
	['name over 200 characters', { name: 'a'.repeat(201) }, 'name'],
	['Devanagari name over 200 characters', { name: DEVA.repeat(201) }, 'name'],
	['address over 500 characters', { name: 'Okay', billing_address: 'b'.repeat(501) }, 'billing_address'],
	['invalid UTF-8 byte in name', raw('{"name": "ab\xff\xfecd"}'), 'name'],
	['overlong UTF-8 in name', raw('{"name": "a\xc0\xafb"}'), 'name'],
	['UTF-8 surrogate in name', raw('{"name": "a\xed\xa0\x80b"}'), 'name'],
	['truncated UTF-8 in name', raw('{"kind": "vendor", "name": "ab\xe0\xa4"}'), 'name'],
	['invalid UTF-8 in an address', raw('{"name": "Okay", "billing_address": "x\x80y"}'), 'billing_address'],
	['control character in name', { name: 'a\u0001b' }, 'name'],
	['NUL in name (refused by the JSON parser)', { name: 'a\u0000b' }, 'body'],
	['newline in name', { name: 'a\nb' }, 'name'],
	['GSTIN with wrong check character', { name: 'Okay', gstin: wrongCheck }, 'gstin'],
	['GSTIN with unknown state code 00', { name: 'Okay', gstin: withCheck(`00${good.slice(2, 14)}`) }, 'gstin'],
	['GSTIN with unknown state code 40', { name: 'Okay', gstin: withCheck(`40${good.slice(2, 14)}`) }, 'gstin'],
	['GSTIN 14 characters', { name: 'Okay', gstin: good.slice(0, 14) }, 'gstin'],
	['GSTIN 16 characters', { name: 'Okay', gstin: `${good}1` }, 'gstin'],
	['GSTIN with a bad PAN part', { name: 'Okay', gstin: withCheck('271234567890' + '1Z') }, 'gstin'],
	['GSTIN as a number', { name: 'Okay', gstin: 27 }, 'gstin'],
	['PAN not matching the GSTIN', { name: 'Okay', gstin: good, pan: makePan(12) }, 'pan'],
	['PAN malformed', { name: 'Okay', pan: 'ABCDE' }, 'pan'],
	['state_code not matching the GSTIN', { name: 'Okay', gstin: good, state_code: '29' }, 'state_code'],
	['state_code unknown', { name: 'Okay', state_code: '00' }, 'state_code'],
	['negative credit limit', { name: 'Okay', credit_limit: '-5.00' }, 'credit_limit'],
	['credit limit with 3 decimals', { name: 'Okay', credit_limit: '1.005' }, 'credit_limit'],
	['credit limit in exponent form', { name: 'Okay', credit_limit: '1e5' }, 'credit_limit'],
	['credit limit with a comma', { name: 'Okay', credit_limit: '1,00,000.00' }, 'credit_limit'],
	['credit limit beyond int64 paise', { name: 'Okay', credit_limit: '999999999999999999999.00' }, 'credit_limit'],
	['credit limit empty', { name: 'Okay', credit_limit: '' }, 'credit_limit'],
	['kind unknown', { name: 'Okay', kind: 'supplier' }, 'kind'],
	['phone too short', { name: 'Okay', phone: '12345' }, 'phone'],
	['phone with letters', { name: 'Okay', phone: '98765abcde' }, 'phone'],
	['email without @', { name: 'Okay', email: 'nobody.example.in' }, 'email'],
	['unknown field', { name: 'Okay', colour: 'red' }, 'colour'],
];

const CREATE_ONLY = [
	['empty body', '', 'body'],
	['missing name', { kind: 'vendor', phone: '9876500001' }, 'name'],
	['null name', { name: null }, 'name'],
	['empty name', { name: '' }, 'name'],
	['blank name', { name: '   ' }, 'name'],
];

describe('bad input on POST and PATCH /parties', () => {
	let s, c, target;
	// rows of parties and audit_log, straight from the database
	const counts = () => s.sql('SELECT (SELECT count(*) FROM parties) || \'/\' || (SELECT count(*) FROM audit_log)');
	// the same, cheaply through the API, for the check after every single request
	const apiCounts = async () => {
		const list = await c.get(`${parties()}?archived=all&limit=500`);
		const audit = await c.get('/api/v1/companies/1/audit?limit=1');
		return `${list.json.items.length}/${audit.json.items[0].seq}`;
	};

	before(async () => {
		s = await startServer({ args: ['--body-limit-kb', '64'] });
		c = s.as('admin');
		const r = await c.post(parties(), { name: 'Target Party', kind: 'vendor', credit_limit: '10.00' });
		assert.equal(r.status, 201);
		target = r.json;
	});
	after(() => s && s.stop());

	test('each bad POST is 400 naming the field, and writes nothing', async () => {
		const start = counts();
		const startApi = await apiCounts();
		for (const [label, body, field] of [...CASES, ...CREATE_ONLY]) {
			const r = await c.post(parties(), body);
			assert.equal(r.status, 400, `${label}: ${r.status} ${r.text}`);
			assertError(assert, r, 400, 'invalid', field);
			assert.equal(await apiCounts(), startApi, `${label}: nothing written`);
		}
		assert.equal(counts(), start, 'no party and no audit record written');
	});

	test('each bad PATCH is 400 naming the field, and changes nothing', async () => {
		const start = counts();
		const startApi = await apiCounts();
		const url = `${parties()}/${target.id}`;
		for (const [label, body, field] of [...CASES, ['empty name', { name: '' }, 'name'], ['empty body', '', 'body']]) {
			const r = await c.patch(url, body, { 'If-Match': '"1"' });
			assert.equal(r.status, 400, `${label}: ${r.status} ${r.text}`);
			assertError(assert, r, 400, 'invalid', field);
			assert.equal(await apiCounts(), startApi, `${label}: nothing written`);
		}
		assert.equal(counts(), start, 'no party and no audit record written');
		const now = await c.get(url);
		assert.deepEqual(now.json, target, 'party unchanged');
	});

	test('a body over --body-limit-kb is 413 on POST and PATCH', async () => {
		const start = counts();
		const big = JSON.stringify({ name: 'Big', billing_address: 'x'.repeat(100 * 1024) });
		let r = await c.post(parties(), big);
		assertError(assert, r, 413, 'too_large', 'body');
		r = await c.patch(`${parties()}/${target.id}`, big, { 'If-Match': '"1"' });
		assertError(assert, r, 413, 'too_large', 'body');
		// without a Content-Length (chunked), the limit still holds
		r = await fetch(s.url + parties(), {
			method: 'POST',
			headers: { Authorization: c.base.Authorization, 'Content-Type': 'application/json' },
			body: new Blob([big]).stream(),
			duplex: 'half',
		});
		assert.equal(r.status, 413, await r.text());
		assert.equal(counts(), start);
		// and the server still serves
		assert.equal((await c.get(`${parties()}/${target.id}`)).status, 200);
	});

	test('the limits themselves are accepted: 200 Devanagari characters, 500-character address', async () => {
		const name = DEVA.repeat(200);
		const r = await c.post(parties(), { name, billing_address: 'ब'.repeat(500), credit_limit: '0.05', payment_terms_days: 365 });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.name, name);
		assert.equal(r.json.credit_limit, '0.05');
		const back = await c.get(`${parties()}/${r.json.id}`);
		assert.equal(back.json.name, name);
		assert.equal(back.json.billing_address, 'ब'.repeat(500));
		const r2 = await c.post(parties(), { name: 'n'.repeat(200), gstin: good.toLowerCase(), credit_limit: '125000' });
		assert.equal(r2.status, 201, r2.text);
		assert.equal(r2.json.gstin, good, 'GSTIN upper-cased');
		assert.equal(r2.json.state_code, '27');
		assert.equal(r2.json.pan, good.slice(2, 12));
		assert.equal(r2.json.credit_limit, '125000.00');
	});

	test('bad paths and query parameters', async () => {
		assertError(assert, await c.get(`${parties()}/abc`), 404, 'not_found');
		assertError(assert, await c.get(`${parties()}/-1`), 404, 'not_found');
		assertError(assert, await c.get(`${parties()}/0`), 404, 'not_found');
		assertError(assert, await c.get(`${parties()}/99999999999999999999999`), 404, 'not_found');
		assertError(assert, await c.get(`${parties()}/424242`), 404, 'not_found');
		assertError(assert, await c.get('/api/v1/companies/x/parties'), 404, 'not_found');
		assertError(assert, await c.get(`${parties()}?limit=0`), 400, 'invalid', 'limit');
		assertError(assert, await c.get(`${parties()}?limit=501`), 400, 'invalid', 'limit');
		assertError(assert, await c.get(`${parties()}?limit=ten`), 400, 'invalid', 'limit');
		assertError(assert, await c.get(`${parties()}?kind=supplier`), 400, 'invalid', 'kind');
		assertError(assert, await c.get(`${parties()}?archived=maybe`), 400, 'invalid', 'archived');
		assertError(assert, await c.get(`${parties()}?after=-3`), 400, 'invalid', 'after');
		assertError(assert, await c.get(`${parties()}?q=${'x'.repeat(201)}`), 400, 'invalid', 'q');
		// query text that is not UTF-8 (PostgreSQL would refuse it inside SQL)
		for (const q of ['%ff', '%c3%28', '%e0%a4', '%ed%a0%80', 'ab%c0%afcd']) {
			assertError(assert, await c.get(`${parties()}?q=${q}`), 400, 'invalid', 'q');
			assertError(assert, await c.get(`${parties()}?limit=5&q=${q}&kind=vendor`), 400, 'invalid', 'q');
		}
		assertError(assert, await c.get(`${parties()}?%ff=1`), 400, 'invalid', 'query');
		assertError(assert, await c.get(`/api/v1/companies/1/audit?after=%ff`), 400, 'invalid', 'after');
		assert.equal((await c.get(`${parties()}?q=${encodeURIComponent('शर्मा')}`)).status, 200);
		assertError(assert, await c.put(`${parties()}/${target.id}`, { name: 'x' }), 404, 'not_found');
	});
});
