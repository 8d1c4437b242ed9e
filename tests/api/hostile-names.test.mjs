// Names full of what breaks JSON written by hand: quotes, backslashes, format specifiers, text that
// looks like JSON or HTML, Devanagari, emoji, U+2028/U+2029, and control characters where a field
// takes them. Every master reachable over the API (party, ledger, group, unit, godown, item group,
// item with a Hindi name) and through the CLI (company, a user's display name, an API token's
// name), and a client address from a trusted proxy: each answer parses as JSON and carries the
// text back byte for byte, and so does the audit record of the change (every page of the audit
// log parses). A field that refuses control characters is 400 naming that field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, PASSWORD, assertError, startServer } from './lib.mjs';

// No leading or trailing space (parties trim them), at most 100 characters (item groups, godowns).
const HOSTILE = 'Sharma "Bros" \\ Co. \\" \\\\ %s%n%x {"a":1} </script> शर्मा ट्रेडर्स ₹1,23,456 ॥ 🙏 \u2028\u2029 end';
const SYMBOL = 'a"b\\c ₹ शर्मा';                  // 13 characters: a unit symbol holds 16
const UNIT_NAME = 'Box "of" 12 \\ डिब्बा %s';        // a unit name holds 60
const SKU = 'SKU-"1"\\२०२६';                      // an SKU holds 40
const HINDI = 'हिंदी नाम "उद्धरण" \\ चिह्न ॥';
const ADDRESS = 'Flat "4B"\n\\ नरीमन पॉइंट\r\nमुंबई 400001';
// Control characters, for the fields that take them (a godown's address, a company's name, a
// user's display name); \t, \n and \r as well as C0 and DEL.
const CONTROLS = 'ctl \u0001\u0002\u001b[31m \u001f \u007f tab\tnl\ncr\r "q" \\ शर्मा';
const BELL = 'Ring \u0007 the bell';        // refused in every name

const co = (cid, p) => `${API}/companies/${cid}${p}`;

/** The answer parsed as JSON (a body that does not parse fails the test). */
function parsed(r, what) {
	assert.ok(r.text.length > 0, `${what}: an answer`);
	let j;
	assert.doesNotThrow(() => { j = JSON.parse(r.text); }, `${what}: the answer is JSON: ${r.text.slice(0, 300)}`);
	return j;
}

describe('hostile names round-trip through every master and the audit log', () => {
	let s, admin, cid2, hostileUid;
	const head = (cid) => Number(s.sql(`SELECT seq FROM audit_head WHERE company_id = ${cid}`));

	// The audit records of company cid with from < seq <= to (to: the newest), read from the API page
	// by page; every page must parse. Only the pages holding them are read, so a record another
	// test broke does not hide this one.
	async function auditSince(cid, from, to = 0) {
		const items = [];
		for (let after = to ? String(to + 1) : ''; ;) {
			const r = await admin.get(co(cid, `/audit?limit=${to ? Math.min(500, to - from) : 500}${after && `&after=${after}`}`));
			assert.equal(r.status, 200, r.text.slice(0, 300));
			const page = parsed(r, `audit page of company ${cid} after ${after || 'the start'}`);
			items.push(...page.items.filter((x) => x.seq > from));
			if (page.next === null || page.items.at(-1).seq <= from + 1) return items;
			after = page.next;
		}
	}

	// Runs create(); then the audit record `entity`/`action` of the id create() gave, in company cid.
	async function audited(cid, entity, create, action = 'create') {
		const h0 = head(cid);
		const out = await create();
		const recs = (await auditSince(cid, h0, head(cid))).filter((x) => x.entity === entity && x.entity_id === out.id && x.action === action);
		assert.equal(recs.length, 1, `one ${entity} ${action} record for ${out.id}`);
		return { out, rec: recs[0] };
	}

	// The chain-0 records (users, tokens, sessions) are not on the API: from the database, as stored.
	const systemAfter = (entity, id, action) => {
		const row = s.sql(`SELECT after_json FROM audit_log WHERE company_id = 0 AND entity = '${entity}' AND entity_id = ${id} `
			+ `AND action = '${action}' ORDER BY seq DESC LIMIT 1`);
		assert.ok(row.length > 0, `a ${entity} ${action} record`);
		let j;
		assert.doesNotThrow(() => { j = JSON.parse(row); }, `the stored snapshot is JSON: ${row}`);
		return j;
	};

	before(async () => {
		s = await startServer({ args: ['--trust-proxy'] });
		admin = s.as('admin');
		// through the CLI: a company, a user with a display name, an API token's name
		const add = s.cli(['company', 'add', '--data', s.dir, '--name', CONTROLS, '--admin', 'admin']);
		assert.equal(add.code, 0, add.stderr);
		cid2 = Number(add.stdout.trim());
		const u = s.cli(['user', 'add', '--data', s.dir, '--user', 'hostile', '--name', CONTROLS, '--role', 'executive', '--company', '1'],
			{ DAFTAR_PASSWORD: PASSWORD });
		assert.equal(u.code, 0, u.stderr);
		hostileUid = Number(s.sql("SELECT id FROM users WHERE username = 'hostile'"));
		const t = s.cli(['token', 'create', '--data', s.dir, '--user', 'hostile', '--name', HOSTILE]);
		assert.equal(t.code, 0, t.stderr);
	});
	after(() => s && s.stop());

	test('party: name and a multi-line address', async () => {
		const { out, rec } = await audited(1, 'party', async () => {
			const r = await admin.post(co(1, '/parties'), { name: HOSTILE, billing_address: ADDRESS, shipping_address: HINDI });
			assert.equal(r.status, 201, r.text);
			const j = parsed(r, 'POST party');
			assert.equal(j.name, HOSTILE);
			assert.equal(j.billing_address, ADDRESS);
			return j;
		});
		const got = await admin.get(co(1, `/parties/${out.id}`));
		assert.equal(parsed(got, 'GET party').name, HOSTILE);
		assert.equal(got.json.billing_address, ADDRESS);
		assert.equal(got.json.shipping_address, HINDI);
		assert.equal(rec.after.name, HOSTILE);
		assert.equal(rec.after.billing_address, ADDRESS);
		for (const bad of [BELL, 'tab\tin name'])
			assertError(assert, await admin.post(co(1, '/parties'), { name: bad }), 400, 'invalid', 'name');
	});

	test('ledger and group', async () => {
		const groups = parsed(await admin.get(co(1, '/groups?limit=500')), 'GET groups').items;
		const parent = groups[0].id;
		const l = await audited(1, 'ledger', async () => {
			// (not HOSTILE itself: the party above made a ledger of that name)
			const r = await admin.post(co(1, '/ledgers'), { name: `${HOSTILE} ledger`, group_id: parent });
			assert.equal(r.status, 201, r.text);
			assert.equal(parsed(r, 'POST ledger').name, `${HOSTILE} ledger`);
			return r.json;
		});
		assert.equal(parsed(await admin.get(co(1, `/ledgers/${l.out.id}`)), 'GET ledger').name, `${HOSTILE} ledger`);
		assert.equal(l.rec.after.name, `${HOSTILE} ledger`);
		assertError(assert, await admin.post(co(1, '/ledgers'), { name: BELL, group_id: parent }), 400, 'invalid', 'name');

		const g = await audited(1, 'group', async () => {
			const r = await admin.post(co(1, '/groups'), { name: `${HOSTILE} group`, parent_id: parent });
			assert.equal(r.status, 201, r.text);
			return parsed(r, 'POST group');
		});
		const listed = parsed(await admin.get(co(1, '/groups?limit=500')), 'GET groups').items.find((x) => x.id === g.out.id);
		assert.equal(listed.name, `${HOSTILE} group`);
		assert.equal(g.rec.after && g.rec.after.name, `${HOSTILE} group`, `the group's audit record carries its name: ${JSON.stringify(g.rec)}`);
		assertError(assert, await admin.post(co(1, '/groups'), { name: BELL, parent_id: parent }), 400, 'invalid', 'name');
	});

	test('unit: symbol and name', async () => {
		const { out, rec } = await audited(1, 'unit', async () => {
			const r = await admin.post(co(1, '/units'), { symbol: SYMBOL, name: UNIT_NAME, decimals: 0 });
			assert.equal(r.status, 201, r.text);
			return parsed(r, 'POST unit');
		});
		const listed = parsed(await admin.get(co(1, '/units')), 'GET units').items.find((x) => x.id === out.id);
		assert.equal(listed.symbol, SYMBOL);
		assert.equal(listed.name, UNIT_NAME);
		assert.equal(rec.after.symbol, SYMBOL);
		assert.equal(rec.after.name, UNIT_NAME, `the unit's audit record carries its name: ${JSON.stringify(rec)}`);
		assertError(assert, await admin.post(co(1, '/units'), { symbol: 'b\u0007', name: 'Bell', decimals: 0 }), 400, 'invalid', 'symbol');
		assertError(assert, await admin.post(co(1, '/units'), { symbol: 'bel', name: BELL, decimals: 0 }), 400, 'invalid', 'name');
	});

	test('godown: name, and an address with control characters', async () => {
		const { out, rec } = await audited(1, 'godown', async () => {
			const r = await admin.post(co(1, '/godowns'), { name: HOSTILE, address: CONTROLS });
			assert.equal(r.status, 201, r.text);
			return parsed(r, 'POST godown');
		});
		const listed = parsed(await admin.get(co(1, '/godowns')), 'GET godowns').items.find((x) => x.id === out.id);
		assert.equal(listed.name, HOSTILE);
		assert.equal(listed.address, CONTROLS);
		assert.ok(rec.after, `the godown's audit record has an after: ${JSON.stringify(rec)}`);
		assert.equal(rec.after.name, HOSTILE);
		assert.equal(rec.after.address, CONTROLS);
		assertError(assert, await admin.post(co(1, '/godowns'), { name: BELL }), 400, 'invalid', 'name');
	});

	test('item group', async () => {
		const { out, rec } = await audited(1, 'item_group', async () => {
			const r = await admin.post(co(1, '/item-groups'), { name: HOSTILE });
			assert.equal(r.status, 201, r.text);
			return parsed(r, 'POST item group');
		});
		const listed = parsed(await admin.get(co(1, '/item-groups')), 'GET item groups').items.find((x) => x.id === out.id);
		assert.equal(listed.name, HOSTILE);
		assert.ok(rec.after, `the item group's audit record has an after: ${JSON.stringify(rec)}`);
		assert.equal(rec.after.name, HOSTILE);
		assertError(assert, await admin.post(co(1, '/item-groups'), { name: BELL }), 400, 'invalid', 'name');
	});

	test('item with a Hindi name', async () => {
		const unit = parsed(await admin.get(co(1, '/units')), 'GET units').items.find((x) => x.symbol === 'pcs');
		const { out, rec } = await audited(1, 'item', async () => {
			const r = await admin.post(co(1, '/items'), { sku: SKU, name: HOSTILE, name_hi: HINDI, unit_id: unit.id });
			assert.equal(r.status, 201, r.text);
			const j = parsed(r, 'POST item');
			assert.equal(j.name_hi, HINDI);
			return j;
		});
		const got = parsed(await admin.get(co(1, `/items/${out.id}`)), 'GET item');
		assert.equal(got.sku, SKU);
		assert.equal(got.name, HOSTILE);
		assert.equal(got.name_hi, HINDI);
		assert.equal(rec.after.sku, SKU);
		assert.equal(rec.after.name, HOSTILE);
		assert.equal(rec.after.name_hi, HINDI);
		for (const [field, body] of [['sku', { sku: 'S\u0007', name: 'x' }], ['name', { sku: 'S-2', name: BELL }], ['name_hi', { sku: 'S-3', name: 'x', name_hi: BELL }]])
			assertError(assert, await admin.post(co(1, '/items'), { ...body, unit_id: unit.id }), 400, 'invalid', field);
	});

	test('company (through the CLI): its name in the company list, the session and its audit record', async () => {
		const list = parsed(await admin.get(`${API}/companies`), 'GET companies').items;
		assert.equal(list.find((x) => x.id === cid2).name, CONTROLS);
		const sess = await s.login('admin');
		assert.equal(sess.session.companies.find((x) => x.id === cid2).name, CONTROLS);
		const recs = (await auditSince(cid2, 0)).filter((x) => x.entity === 'company' && x.action === 'create');
		assert.equal(recs.length, 1);
		assert.equal(recs[0].after.name, CONTROLS);
	});

	test('a user\'s display name and an API token\'s name (through the CLI), and a client address from a proxy', async () => {
		const proxied = '203.0.113.9, 10.0.0.1 "ev\\il"';
		const r = await s.loginRaw('hostile', PASSWORD, { 'X-Forwarded-For': proxied });
		assert.equal(r.status, 200, r.text);
		const j = parsed(r, 'POST session');
		assert.equal(j.user.display_name, CONTROLS);
		assert.equal(parsed(await s.as('hostile').get(`${API}/session`), 'GET session').user.display_name, CONTROLS);
		assert.equal(systemAfter('user', hostileUid, 'create').display_name, CONTROLS);
		const tokenId = Number(s.sql(`SELECT max(id) FROM api_tokens WHERE user_id = ${hostileUid} AND name <> 'cli'`));
		assert.equal(systemAfter('api_token', tokenId, 'create').name, HOSTILE);
		// the proxy's last address, as the session's and the audit record's
		assert.equal(systemAfter('session', hostileUid, 'login').ip, '10.0.0.1 "ev\\il"');
	});

	test('every page of every audit log parses, and the chains verify', async () => {
		await auditSince(1, 0);
		await auditSince(cid2, 0);
		const bad = s.sql('SELECT count(*) FROM audit_log WHERE after_json IS NOT NULL AND after_json NOT LIKE \'{%}\' AND after_json NOT LIKE \'[%]\'');
		assert.equal(bad, '0');
		const v = s.cli(['audit', 'verify', '--data', s.dir]);
		assert.equal(v.code, 0, v.stderr);
	});
});
