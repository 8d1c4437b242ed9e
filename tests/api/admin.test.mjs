// Administration from the UI (docs/api.md, "Companies" and "People and API tokens"): making a
// company (who may: an admin of any company, or a user `daftar user company-creator` marked; they
// become its admin), its settings read by its members and kept by its admins with If-Match, every
// field checked on the server naming it; people added (a new user with a password typed, or made
// and shown once; someone who works elsewhere already), roles changed (the last admin kept); API
// tokens issued with a name and an expiry, shown once and never kept for a replay. Every change is
// audited in the same transaction.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, PASSWORD, assertError, makeGstin, makePan, startServer } from './lib.mjs';

const co = (cid, p = '') => `${API}/companies/${cid}${p}`;

/* Today in India, as the server takes it (Asia/Kolkata is UTC+5:30 all year). */
function todayIst(plusDays = 0) {
	const d = new Date(Date.now() + 5.5 * 3600e3 + plusDays * 86400e3);
	return d.toISOString().slice(0, 10);
}

describe('administration', () => {
	let s, admin;
	const id = (name) => Number(s.sql(`SELECT id FROM users WHERE username = '${name}'`));
	const records = (cid, entity, eid, action) =>
		s.sql(`SELECT user_id, coalesce(before_json, ''), coalesce(after_json, '') FROM audit_log WHERE company_id = ${cid} `
			+ `AND entity = '${entity}' AND entity_id = ${eid} AND action = '${action}' ORDER BY seq`).split('\n').filter(Boolean)
			.map((l) => { const [u, b, a] = l.split('|'); return { user: Number(u), before: b ? JSON.parse(b) : null, after: a ? JSON.parse(a) : null }; });
	const companies = () => Number(s.sql('SELECT count(*) FROM companies'));
	const cli = (...args) => s.cli([...args, '--data', s.dir]);
	const G27 = makeGstin('27', makePan(101));
	const G29 = makeGstin('29', makePan(102));

	before(async () => {
		s = await startServer({
			// company 2: admin is not a member; "elsewhere" is its admin
			companies: [{ name: 'Other Co', admin: false }],
			users: [
				{ name: 'exec', role: 'executive' },
				{ name: 'maker', role: 'executive' },
				{ name: 'unmarked', role: 'executive' },
				{ name: 'elsewhere', role: 'admin', company: 2 },
				{ name: 'shared', role: 'executive', also: [[2, 'executive']] },
			],
		});
		admin = await s.login('admin');
	});
	after(() => s && s.stop());

	test('who may make a company: an admin of any company, or a user the CLI marked; they become its admin', async () => {
		const body = { name: 'Maker Traders', state_code: '27' };
		// an executive, admin nowhere: refused whatever they send, and told so by the session
		const exec = await s.login('exec');
		assert.equal(exec.session.user.can_create_companies, false);
		const n = companies();
		const r0 = await exec.post(`${API}/companies`, body);
		assertError(assert, r0, 403, 'forbidden');
		assert.equal(r0.json.error.reason, 'company_create_forbidden');
		assertError(assert, await exec.post(`${API}/companies`, { colour: 'red' }), 403, 'forbidden');
		assert.equal(companies(), n, 'nothing made');
		assert.equal(admin.session.user.can_create_companies, true, 'an admin may');

		// the CLI marks one; audited in the system chain
		const mark = cli('user', 'company-creator', 'maker');
		assert.equal(mark.code, 0, mark.stderr);
		assert.match(mark.stdout, /maker may now make companies/);
		const rec = records(0, 'user', id('maker'), 'company_creator');
		assert.equal(rec.length, 1);
		assert.deepEqual([rec[0].user, rec[0].before.can_create_companies, rec[0].after.can_create_companies], [0, false, true]);
		assert.equal(cli('user', 'company-creator', 'maker').code, 0);
		assert.equal(records(0, 'user', id('maker'), 'company_creator').length, 1, 'marking again records nothing');

		const maker = await s.login('maker');
		assert.equal(maker.session.user.can_create_companies, true);
		const r = await maker.post(`${API}/companies`, body);
		assert.equal(r.status, 201, r.text);
		const cid = r.json.id;
		// the creator is its admin, and it is in their company list at once
		const list = (await maker.get(`${API}/companies`)).json.items;
		assert.deepEqual(list.map((c) => [c.name, c.role]), [['Alpha Test Co', 'executive'], ['Maker Traders', 'admin']]);
		const people = (await maker.get(co(cid, '/users'))).json.items;
		assert.deepEqual(people.map((u) => [u.username, u.role]), [['maker', 'admin']]);
		// audited in its own chain, by its maker: the company, then the membership
		const made = records(cid, 'company', cid, 'create');
		assert.equal(made.length, 1);
		assert.equal(made[0].user, id('maker'));
		assert.deepEqual(made[0].after, { name: 'Maker Traders', gstin: null, state_code: '27', timezone: 'Asia/Kolkata', business_hours: [], version: 1 });
		assert.deepEqual(records(cid, 'membership', id('maker'), 'set').map((x) => [x.user, x.after.role]), [[id('maker'), 'admin']]);
		// the admin of another company may not read it
		assertError(assert, await admin.get(co(cid, '/settings')), 403, 'forbidden');

		// unmarked by the CLI: may no longer, unless an admin of some company (maker now is)
		assert.equal(cli('user', 'company-creator', 'unmarked').code, 0);
		assert.equal(cli('user', 'company-creator', 'unmarked', '--off').code, 0);
		const unmarked = await s.login('unmarked');
		assert.equal(unmarked.session.user.can_create_companies, false);
		assertError(assert, await unmarked.post(`${API}/companies`, body), 403, 'forbidden');
		assert.equal(cli('user', 'company-creator', 'maker', '--off').code, 0);
		assert.equal((await maker.post(`${API}/companies`, { ...body, name: 'Maker Two' })).status, 201, 'an admin of one may make more');
		assertError(assert, await s.anon().post(`${API}/companies`, body), 401, 'unauthenticated');
		assert.notEqual(cli('user', 'company-creator', 'nobody-at-all').code, 0, 'an unknown user');
	});

	test('a new company with everything: GSTIN (state and PAN from it), first year, books, zone, valuation', async () => {
		const r = await admin.post(`${API}/companies`, {
			name: 'शर्मा Exports', gstin: G29.toLowerCase(), fy_start: '2025-04-01', books_from: '2025-06-15',
			timezone: 'Asia/Dubai', valuation: 'fifo', negative_stock: 'warn',
		});
		assert.equal(r.status, 201, r.text);
		assert.deepEqual(r.json, {
			id: r.json.id, name: 'शर्मा Exports', gstin: G29, pan: G29.slice(2, 12), state_code: '29', timezone: 'Asia/Dubai',
			valuation: 'fifo', negative_stock: 'warn', books_from: '2025-06-15', fy_start: '2025-04-01', lock_date: null,
			business_hours: [], version: 1,
		});
		const cid = r.json.id;
		assert.equal((await admin.get(co(cid, '/books'))).json.books_from, '2025-06-15');
		assert.equal((await admin.get(co(cid, '/books'))).json.timezone, 'Asia/Dubai');
		assert.deepEqual((await admin.get(co(cid, '/inventory-settings'))).json, { valuation: 'fifo', negative_stock: 'warn' });
		assert.deepEqual(records(cid, 'inventory_settings', cid, 'update').map((x) => x.after), [{ valuation: 'fifo', negative_stock: 'warn' }]);
		assert.ok((await admin.get(co(cid, '/ledgers?limit=500'))).json.items.length > 10, 'a chart of accounts');
		// the defaults: this financial year, its first day, India's zone, weighted average
		const d = await admin.post(`${API}/companies`, { name: 'Plain Co', state_code: '07' });
		assert.equal(d.status, 201, d.text);
		const t = todayIst();
		const fy = Number(t.slice(0, 4)) - (Number(t.slice(5, 7)) < 4 ? 1 : 0);
		assert.deepEqual([d.json.fy_start, d.json.books_from, d.json.timezone, d.json.valuation, d.json.negative_stock, d.json.gstin, d.json.pan],
			[`${fy}-04-01`, `${fy}-04-01`, 'Asia/Kolkata', 'weighted_average', 'refuse', null, null]);
		// books_from alone decides the year
		const b = await admin.post(`${API}/companies`, { name: 'Late Co', state_code: '07', books_from: '2026-02-10' });
		assert.deepEqual([b.json.fy_start, b.json.books_from], ['2025-04-01', '2026-02-10']);
		// the switcher's list has them, with the caller as admin
		const names = (await admin.get(`${API}/companies`)).json.items.filter((c) => c.role === 'admin').map((c) => c.name);
		for (const n of ['शर्मा Exports', 'Plain Co', 'Late Co']) assert.ok(names.includes(n), n);
	});

	test('a new company: every field is checked on the server, naming it; nothing is made', async () => {
		const n = companies();
		const bad = G27.slice(0, 14) + (G27[14] === 'A' ? 'B' : 'A');
		const cases = [
			[{}, 400, 'invalid', 'name'],
			[{ name: '' }, 400, 'invalid', 'name'],
			[{ name: 'Ring \u0007 Co', state_code: '27' }, 400, 'invalid', 'name'],
			[{ name: 'x'.repeat(201), state_code: '27' }, 400, 'invalid', 'name'],
			[{ name: 'X', gstin: bad }, 400, 'invalid', 'gstin'],
			[{ name: 'X', gstin: G27 + 'Z' }, 400, 'invalid', 'gstin'],
			[{ name: 'X', gstin: G27, state_code: '29' }, 422, 'unprocessable', 'state_code', 'gstin_state', { gstin_state: '27' }],
			[{ name: 'X' }, 422, 'unprocessable', 'state_code', 'state_required'],
			[{ name: 'X', state_code: '00' }, 400, 'invalid', 'state_code'],
			[{ name: 'X', state_code: 27 }, 400, 'invalid', 'state_code'],
			[{ name: 'X', state_code: '27', fy_start: '2025-05-01' }, 422, 'unprocessable', 'fy_start', 'fy_start_april'],
			[{ name: 'X', state_code: '27', fy_start: '2025-04-31' }, 400, 'invalid', 'fy_start'],
			[{ name: 'X', state_code: '27', books_from: '01-06-2025' }, 400, 'invalid', 'books_from'],
			[{ name: 'X', state_code: '27', fy_start: '2025-04-01', books_from: '2026-04-01' }, 422, 'unprocessable', 'books_from', 'books_outside_year',
				{ fy_start: '2025-04-01', fy_end: '2026-03-31' }],
			[{ name: 'X', state_code: '27', fy_start: '2025-04-01', books_from: '2025-03-31' }, 422, 'unprocessable', 'books_from', 'books_outside_year'],
			[{ name: 'X', state_code: '27', timezone: 'Mars/Olympus' }, 400, 'invalid', 'timezone'],
			[{ name: 'X', state_code: '27', valuation: 'lifo' }, 400, 'invalid', 'valuation'],
			[{ name: 'X', state_code: '27', negative_stock: 'maybe' }, 400, 'invalid', 'negative_stock'],
			[{ name: 'X', state_code: '27', colour: 'red' }, 400, 'invalid', 'colour'],
		];
		for (const [body, status, code, field, reason, figures] of cases) {
			const r = await admin.post(`${API}/companies`, body);
			assertError(assert, r, status, code, field);
			if (reason) assert.equal(r.json.error.reason, reason, JSON.stringify(body));
			for (const [k, v] of Object.entries(figures || {})) assert.equal(r.json.error[k], v, `${k} of ${JSON.stringify(body)}`);
		}
		assert.equal(companies(), n, 'nothing made');
	});

	test('settings: read by every member, kept by admins against the version read; audited; a change of nothing records nothing', async () => {
		const url = co(1, '/settings');
		const exec = s.as('exec');
		const r0 = await exec.get(url);
		assert.equal(r0.status, 200, r0.text);
		assert.deepEqual(Object.keys(r0.json), ['id', 'name', 'gstin', 'pan', 'state_code', 'timezone', 'valuation', 'negative_stock',
			'books_from', 'fy_start', 'lock_date', 'business_hours', 'version']);
		assertError(assert, await exec.put(url, { name: 'Mine' }, { 'If-Match': '"1"' }), 403, 'forbidden');
		assertError(assert, await admin.put(url, { name: 'No version' }), 400, 'invalid');
		let v = r0.json.version;

		const hours = [{ day: 'mon', opens: '09:30', closes: '18:30' }, { day: 'sat', opens: '10:00', closes: '14:00' }, { day: 'tue', opens: '09:30', closes: '18:30' }];
		const r1 = await admin.put(url, { name: 'Alpha Traders', gstin: G27, business_hours: hours, timezone: 'Asia/Kolkata' }, { 'If-Match': `"${v}"` });
		assert.equal(r1.status, 200, r1.text);
		assert.deepEqual([r1.json.name, r1.json.gstin, r1.json.pan, r1.json.state_code, r1.json.version], ['Alpha Traders', G27, G27.slice(2, 12), '27', v + 1]);
		assert.deepEqual(r1.json.business_hours.map((d) => d.day), ['mon', 'tue', 'sat'], 'Monday first');
		assert.deepEqual((await exec.get(url)).json, r1.json, 'read back');
		assert.equal((await exec.get(`${API}/companies`)).json.items.find((c) => c.id === 1).name, 'Alpha Traders', 'the switcher has the new name');
		const rec = records(1, 'company', 1, 'update');
		assert.equal(rec.length, 1);
		assert.deepEqual([rec[0].user, rec[0].before.name, rec[0].after.name, rec[0].before.gstin, rec[0].after.gstin, rec[0].after.version],
			[id('admin'), 'Alpha Test Co', 'Alpha Traders', null, G27, v + 1]);
		assert.deepEqual(rec[0].after.business_hours[0], { day: 'mon', opens: '09:30', closes: '18:30' });
		v += 1;

		// the same again: no new version, nothing recorded
		const same = await admin.put(url, { name: 'Alpha Traders', gstin: G27, business_hours: hours }, { 'If-Match': `"${v}"` });
		assert.equal(same.status, 200, same.text);
		assert.equal(same.json.version, v);
		assert.equal(records(1, 'company', 1, 'update').length, 1);

		// someone else's version: stale, with the settings as they stand
		const st = await admin.put(url, { name: 'Late' }, { 'If-Match': `"${v - 1}"` });
		assertError(assert, st, 409, 'stale', 'version');
		assert.equal(st.json.error.current.version, v);
		assert.equal(st.json.error.current.name, 'Alpha Traders');

		// stock settings through the same version, audited by their own module
		const r2 = await admin.put(url, { valuation: 'fifo', negative_stock: 'warn', timezone: 'Asia/Dubai' }, { 'If-Match': `"${v}"` });
		assert.equal(r2.status, 200, r2.text);
		assert.deepEqual([r2.json.valuation, r2.json.negative_stock, r2.json.timezone, r2.json.version], ['fifo', 'warn', 'Asia/Dubai', v + 1]);
		assert.deepEqual((await admin.get(co(1, '/inventory-settings'))).json, { valuation: 'fifo', negative_stock: 'warn' });
		assert.equal((await admin.get(co(1, '/books'))).json.timezone, 'Asia/Dubai', '"today" follows the zone');
		assert.equal(records(1, 'inventory_settings', 1, 'update').at(-1).after.valuation, 'fifo');
		v += 1;
		const r3 = await admin.put(url, { valuation: 'weighted_average', negative_stock: 'refuse', timezone: 'Asia/Kolkata' }, { 'If-Match': `"${v}"` });
		assert.equal(r3.json.version, v + 1);
		v += 1;

		// the GSTIN removed: the state stays; then a state of its own
		const r4 = await admin.put(url, { gstin: null }, { 'If-Match': `"${v}"` });
		assert.deepEqual([r4.json.gstin, r4.json.pan, r4.json.state_code], [null, null, '27']);
		v += 1;
		const r5 = await admin.put(url, { gstin: '', state_code: '07' }, { 'If-Match': `"${v}"` });
		assert.deepEqual([r5.json.gstin, r5.json.state_code, r5.json.version], [null, '07', v + 1]);
		v += 1;
		const r6 = await admin.put(url, { state_code: '27', business_hours: [] }, { 'If-Match': `"${v}"` });
		assert.deepEqual([r6.json.state_code, r6.json.business_hours], ['27', []]);
		v += 1;
		// read-only members sent back are ignored
		const r7 = await admin.put(url, { ...r6.json, name: 'Alpha Test Co' }, { 'If-Match': `"${v}"` });
		assert.equal(r7.status, 200, r7.text);
		assert.equal(r7.json.name, 'Alpha Test Co');
	});

	test('settings: every field is checked on the server, naming it (business hours by their place in the array)', async () => {
		const url = co(1, '/settings');
		const v = (await admin.get(url)).json.version;
		const m = { 'If-Match': `"${v}"` };
		const day = (x) => ({ day: 'mon', opens: '09:30', closes: '18:00', ...x });
		const cases = [
			[{ name: '' }, 400, 'invalid', 'name'],
			[{ name: null }, 400, 'invalid', 'name'],
			[{ name: 'Bell \u0007' }, 400, 'invalid', 'name'],
			[{ gstin: 'NOT-A-GSTIN' }, 400, 'invalid', 'gstin'],
			[{ gstin: G29, state_code: '27' }, 422, 'unprocessable', 'state_code', 'gstin_state'],
			[{ state_code: '00' }, 400, 'invalid', 'state_code'],
			[{ timezone: 'Asia/Nowhere' }, 400, 'invalid', 'timezone'],
			[{ timezone: null }, 400, 'invalid', 'timezone'],
			[{ valuation: 'lifo' }, 400, 'invalid', 'valuation'],
			[{ negative_stock: 'sometimes' }, 400, 'invalid', 'negative_stock'],
			[{ business_hours: [day({ opens: '9:30' })] }, 400, 'invalid', 'business_hours[0].opens'],
			[{ business_hours: [day(), day({ day: 'tue', closes: '24:00' })] }, 400, 'invalid', 'business_hours[1].closes'],
			[{ business_hours: [day({ opens: '10:00', closes: '09:59' })] }, 422, 'unprocessable', 'business_hours[0].closes', 'hours_order'],
			[{ business_hours: [day(), day()] }, 400, 'invalid', 'business_hours[1].day', 'day_repeated'],
			[{ business_hours: [day({ day: 'funday' })] }, 400, 'invalid', 'business_hours[0].day'],
			[{ business_hours: [{ day: 'mon', opens: '09:00' }] }, 400, 'invalid', 'business_hours[0].closes'],
			[{ business_hours: [day({ lunch: '13:00' })] }, 400, 'invalid', 'business_hours[0].lunch'],
			[{ business_hours: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'mon'].map((d) => day({ day: d })) }, 400, 'invalid', 'business_hours'],
			[{ colour: 'red' }, 400, 'invalid', 'colour'],
		];
		for (const [body, status, code, field, reason] of cases) {
			const r = await admin.put(url, body, m);
			assertError(assert, r, status, code, field);
			if (reason) assert.equal(r.json.error.reason, reason, JSON.stringify(body));
		}
		assert.equal((await admin.get(url)).json.version, v, 'nothing changed');
	});

	test('people: a new user with a password typed, or one made and shown once (never replayed or kept); refusals name the field', async () => {
		const url = co(1, '/users');
		assertError(assert, await admin.post(url, { username: 'newbie', role: 'executive', password: 'short' }), 400, 'invalid', 'password');
		assertError(assert, await admin.post(url, { username: 'Bad Name', role: 'executive', password: PASSWORD }), 400, 'invalid', 'username');
		assertError(assert, await admin.post(url, { username: 'newbie', role: 'boss', password: PASSWORD }), 400, 'invalid', 'role');
		assertError(assert, await admin.post(url, { username: 'newbie', password: PASSWORD }), 400, 'invalid', 'role');
		assertError(assert, await admin.post(url, { username: 'newbie', role: 'analyst', password: PASSWORD, generate_password: true }), 400, 'invalid', 'password');
		const none = await admin.post(url, { username: 'newbie', role: 'analyst' });
		assertError(assert, none, 422, 'unprocessable', 'password');
		assert.equal(none.json.error.reason, 'password_required');
		assert.equal(Number(s.sql("SELECT count(*) FROM users WHERE username = 'newbie'")), 0, 'nothing made');

		// typed: no password in the answer; they log in with it
		const r1 = await admin.post(url, { username: 'newbie', display_name: 'नया साथी', role: 'analyst', password: PASSWORD });
		assert.equal(r1.status, 201, r1.text);
		assert.deepEqual(r1.json, { id: id('newbie'), username: 'newbie', display_name: 'नया साथी', lang: 'en', role: 'analyst', disabled: false, created: true, password: null });
		const nb = await s.login('newbie', PASSWORD);
		assert.deepEqual(nb.session.companies.map((c) => [c.id, c.role]), [[1, 'analyst']]);
		assert.deepEqual(records(0, 'user', id('newbie'), 'create').map((x) => [x.user, x.after.display_name]), [[id('admin'), 'नया साथी']]);
		assert.deepEqual(records(1, 'membership', id('newbie'), 'set').map((x) => [x.user, x.after.role]), [[id('admin'), 'analyst']]);

		// made: shown once; a replay of the key answers the same without it, and the database never held it
		const key = { 'Idempotency-Key': 'add-made-1' };
		const r2 = await admin.post(url, { username: 'madeup', role: 'assistant', generate_password: true }, key);
		assert.equal(r2.status, 201, r2.text);
		assert.match(r2.json.password, /^[a-zA-Z2-9]{16}$/);
		assert.doesNotMatch(r2.json.password, /[01lIO]/);
		const pw = r2.json.password;
		assert.equal((await s.loginRaw('madeup', pw)).status, 200, 'the password made logs in');
		const again = await admin.post(url, { username: 'madeup', role: 'assistant', generate_password: true }, key);
		assert.equal(again.status, 201);
		assert.equal(again.headers.get('idempotent-replayed'), 'true');
		assert.deepEqual(again.json, { ...r2.json, password: null });
		assert.equal(Number(s.sql(`SELECT count(*) FROM idempotency WHERE body LIKE '%${pw}%'`)), 0, 'not kept for the replay');
		assert.equal(Number(s.sql(`SELECT count(*) FROM audit_log WHERE after_json LIKE '%${pw}%'`)), 0, 'not in the audit log');

		// already here
		const dup = await admin.post(url, { username: 'madeup', role: 'assistant', generate_password: true });
		assertError(assert, dup, 409, 'duplicate', 'username');
		assert.equal(dup.json.error.reason, 'already_member');
	});

	test('people: someone who works in another company is added without a password; their own stays theirs', async () => {
		const url = co(1, '/users');
		const typed = await admin.post(url, { username: 'elsewhere', role: 'analyst', password: 'a-new-password-123' });
		assertError(assert, typed, 422, 'unprocessable', 'password');
		assert.equal(typed.json.error.reason, 'existing_user');
		// one made for them is dropped, not shown
		const r = await admin.post(url, { username: 'elsewhere', display_name: 'Ignored', role: 'analyst', generate_password: true });
		assert.equal(r.status, 201, r.text);
		assert.deepEqual([r.json.created, r.json.password, r.json.display_name, r.json.role], [false, null, 'elsewhere', 'analyst']);
		const them = await s.login('elsewhere', PASSWORD);
		assert.deepEqual(them.session.companies.map((c) => [c.id, c.role]), [[1, 'analyst'], [2, 'admin']]);
		assert.equal(records(0, 'user', id('elsewhere'), 'create').at(-1).user, 0, 'made by the CLI, not again');
	});

	test('roles: changed by an admin, audited; the same role records nothing; the last admin is kept', async () => {
		const role = (uid) => co(1, `/users/${uid}/role`);
		const ex = id('exec');
		const r = await admin.put(role(ex), { role: 'coordinator' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.role, 'coordinator');
		assert.deepEqual(records(1, 'membership', ex, 'set').at(-1), { user: id('admin'), before: { user_id: ex, role: 'executive' }, after: { user_id: ex, role: 'coordinator' } });
		const n = records(1, 'membership', ex, 'set').length;
		assert.equal((await admin.put(role(ex), { role: 'coordinator' })).status, 200);
		assert.equal(records(1, 'membership', ex, 'set').length, n, 'the same role records nothing');
		assertError(assert, await admin.put(role(ex), { role: 'owner' }), 400, 'invalid', 'role');
		assertError(assert, await admin.put(role(ex), {}), 400, 'invalid', 'role');
		const unknown = await admin.put(role(999999), { role: 'analyst' });
		assertError(assert, unknown, 404, 'not_found');
		assert.equal(unknown.json.error.reason, 'unknown_user');
		assertError(assert, await admin.put(role(id('unmarked') + 1000), { role: 'analyst' }), 404, 'not_found');
		// the only enabled admin of company 1 cannot step down until someone else is one
		const self = await admin.put(role(id('admin')), { role: 'executive' });
		assertError(assert, self, 422, 'unprocessable');
		assert.deepEqual([self.json.error.reason, self.json.error.company], ['last_admin', 'Alpha Test Co']);
		assert.equal((await admin.put(role(ex), { role: 'admin' })).json.role, 'admin');
		assert.equal((await admin.put(role(id('admin')), { role: 'executive' })).json.role, 'executive');
		const back = await s.as('exec').put(role(id('admin')), { role: 'admin' });
		assert.equal(back.json.role, 'admin');
		assert.equal((await admin.put(role(ex), { role: 'executive' })).json.role, 'executive');
	});

	test('API tokens: issued with a name and an expiry, shown once and never kept; for a member only where the caller is admin of all their companies', async () => {
		const url = co(1, '/tokens');
		assertError(assert, await admin.post(url, {}), 400, 'invalid', 'name');
		assertError(assert, await admin.post(url, { name: '' }), 400, 'invalid', 'name');
		const past = await admin.post(url, { name: 'old', expires_on: '2000-01-01' });
		assertError(assert, past, 422, 'unprocessable', 'expires_on');
		assert.deepEqual([past.json.error.reason, past.json.error.today], ['expiry_past', todayIst()]);
		assertError(assert, await admin.post(url, { name: 'forever', expires_on: '2999-01-01' }), 400, 'invalid', 'expires_on');
		assertError(assert, await admin.post(url, { name: 'x', expires_on: '31-12-2030' }), 400, 'invalid', 'expires_on');
		const nm = await admin.post(url, { name: 'x', user_id: id('elsewhere') + 1000 });
		assertError(assert, nm, 404, 'not_found', 'user_id');
		assert.equal(nm.json.error.reason, 'unknown_user');
		// "shared" also works in company 2, where admin is not an admin: a token of theirs would work there too
		const other = await admin.post(url, { name: 'x', user_id: id('shared') });
		assertError(assert, other, 403, 'forbidden');
		assert.deepEqual([other.json.error.reason, other.json.error.company], ['other_company', 'Other Co']);

		// for oneself, expiring at the end of a day in India; replayed without the token
		const key = { 'Idempotency-Key': 'token-1' };
		const on = todayIst(30);
		const r = await admin.post(url, { name: 'Tally sync', expires_on: on }, key);
		assert.equal(r.status, 201, r.text);
		assert.match(r.json.token, /^dft_[0-9a-f]{64}$/);
		const endIst = new Date(Date.parse(`${on}T00:00:00Z`) + 86400e3 - 5.5 * 3600e3).toISOString().replace('.000', '');
		assert.deepEqual([r.json.name, r.json.username, r.json.status, r.json.expires_at, r.json.revoked_at], ['Tally sync', 'admin', 'active', endIst, null]);
		const tok = r.json.token;
		assert.equal((await s.tokenClient(tok).get(co(1, '/parties?limit=1'))).status, 200, 'it works at once');
		const again = await admin.post(url, { name: 'Tally sync', expires_on: on }, key);
		assert.equal(again.headers.get('idempotent-replayed'), 'true');
		assert.deepEqual(again.json, { ...r.json, token: null });
		assert.equal(Number(s.sql(`SELECT count(*) FROM idempotency WHERE body LIKE '%${tok.slice(4)}%'`)), 0, 'not kept for the replay');
		assert.equal(Number(s.sql(`SELECT count(*) FROM api_tokens WHERE token_hash = '${tok}'`)), 0, 'only its hash is kept');
		const listed = (await admin.get(url)).json.items.find((x) => x.id === r.json.id);
		const { token: _, ...shown } = r.json;
		assert.deepEqual(listed, { ...shown, last_used_at: listed.last_used_at }, 'listed as issued, without the token');

		// for a member: audited with the admin as actor, in the system chain and each of their companies'
		const ex = await admin.post(url, { name: 'exec script', user_id: id('exec') });
		assert.equal(ex.status, 201, ex.text);
		assert.deepEqual([ex.json.username, ex.json.expires_at], ['exec', null]);
		const ses = await s.tokenClient(ex.json.token).get(`${API}/session`);
		assert.equal(ses.json.user.username, 'exec');
		for (const cid of [0, 1]) {
			const rec = records(cid, 'api_token', ex.json.id, 'create');
			assert.equal(rec.length, 1, `chain ${cid}`);
			assert.deepEqual([rec[0].user, rec[0].after.name, rec[0].after.username], [id('admin'), 'exec script', 'exec']);
		}
		// revoked: refused at once
		assert.equal((await admin.del(`${url}/${ex.json.id}`)).json.status, 'revoked');
		assert.equal((await s.tokenClient(ex.json.token).get(`${API}/session`)).status, 401);
		// the admin of company 2 may issue one for "shared" from there? not: admin of 2 only
		const el = await s.login('elsewhere', PASSWORD);
		const sh = await el.post(co(2, '/tokens'), { name: 'x', user_id: id('shared') });
		assertError(assert, sh, 403, 'forbidden');
	});
});
