// The tenant wall: a member of company 1 cannot read or write company 2's parties, even knowing
// their ids; a party id of one company under another company's path is 404. And no row of one
// company can name a row of another: every reference a body or a query carries (a ledger's group,
// a voucher line's ledger, party, item or godown, a stock journal's lines, an item's unit and
// group, a unit's base unit, a bank statement's ledger, ...) given another company's id is
// refused naming the field, exactly as an id nobody has (so the answer never tells that the id
// exists), before any write; the composite foreign keys of migration 0010 are the backstop.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, BACKEND, assertError, parties, startServer } from './lib.mjs';

describe('cross-company access', () => {
	let s, admin, alice, carol;
	let p1, p2; // a party of company 1 and one of company 2

	before(async () => {
		s = await startServer({
			companies: ['Beta Two Co'],
			users: [{ name: 'alice', role: 'executive' }, { name: 'carol', role: 'auditor' }],
		});
		assert.deepEqual(s.companyIds, [1, 2]);
		admin = s.as('admin');
		alice = await s.login('alice');
		carol = s.as('carol');
		p1 = (await admin.post(parties(1), { name: 'Company One Party' })).json;
		p2 = (await admin.post(parties(2), { name: 'Company Two Secret', phone: '9811111111' })).json;
		assert.ok(p1.id && p2.id);
	});
	after(() => s && s.stop());

	test('company 2 is invisible and untouchable for a company 1 member', async () => {
		const partiesBefore = s.sql('SELECT count(*) FROM parties');
		const auditBefore = s.sql('SELECT count(*) FROM audit_log');
		const tries = [
			['GET', parties(2)],
			['GET', `${parties(2)}?q=secret`],
			['GET', `${parties(2)}/${p2.id}`],
			['POST', parties(2), { name: 'Intruder' }],
			['PATCH', `${parties(2)}/${p2.id}`, { name: 'Hacked' }, { 'If-Match': '"1"' }],
			['DELETE', `${parties(2)}/${p2.id}`, null, { 'If-Match': '"1"' }],
			['GET', `${API}/companies/2/audit`],
			['GET', parties(999)],
			['POST', parties(999), { name: 'Nowhere' }],
		];
		for (const c of [alice, carol]) {
			for (const [m, p, body, h] of tries) {
				const r = await c.request(m, p, body, h);
				assertError(assert, r, 403, 'forbidden');
				assert.ok(!r.text.includes('Secret'), `no data leaks in ${m} ${p}: ${r.text}`);
			}
		}
		assert.equal(s.sql('SELECT count(*) FROM parties'), partiesBefore);
		assert.equal(s.sql('SELECT count(*) FROM audit_log'), auditBefore);
		assert.equal(s.sql(`SELECT name || ':' || version || ':' || archived FROM parties WHERE id = ${p2.id}`), 'Company Two Secret:1:0');
	});

	test("a company 2 party id under company 1's path is 404", async () => {
		for (const c of [alice, admin]) {
			assertError(assert, await c.get(`${parties(1)}/${p2.id}`), 404, 'not_found');
			assertError(assert, await c.patch(`${parties(1)}/${p2.id}`, { name: 'Hacked' }, { 'If-Match': '"1"' }), 404, 'not_found');
			assertError(assert, await c.del(`${parties(1)}/${p2.id}`, null, { 'If-Match': '"1"' }), 404, 'not_found');
		}
		// and the other way round, for the admin who belongs to both
		assertError(assert, await admin.get(`${parties(2)}/${p1.id}`), 404, 'not_found');
		assertError(assert, await admin.patch(`${parties(2)}/${p1.id}`, { name: 'X' }, { 'If-Match': '"1"' }), 404, 'not_found');
		assert.equal(s.sql(`SELECT name || ':' || version || ':' || archived FROM parties WHERE id = ${p2.id}`), 'Company Two Secret:1:0');
		assert.equal(s.sql(`SELECT name || ':' || version FROM parties WHERE id = ${p1.id}`), 'Company One Party:1');
	});

	test("lists, search, cursors and duplicate checks stay inside the company", async () => {
		const list = await alice.get(`${parties(1)}?limit=500`);
		assert.equal(list.status, 200);
		assert.ok(!list.json.items.some((x) => x.id === p2.id), 'company 2 party not in company 1 list');
		const q = await alice.get(`${parties(1)}?q=secret`);
		assert.deepEqual(q.json.items, []);
		const byPhone = await alice.get(`${parties(1)}?q=9811111111`);
		assert.deepEqual(byPhone.json.items, []);
		// a company 2 id is no cursor in company 1
		assertError(assert, await alice.get(`${parties(1)}?after=${p2.id}`), 400, 'invalid', 'after');
		// the same phone in another company is no duplicate
		const dup = await alice.post(parties(1), { name: 'Same Phone Elsewhere', phone: '9811111111' });
		assert.equal(dup.status, 201, dup.text);
		assert.ok(!dup.text.includes('Secret'));
		const companies = await alice.get(`${API}/companies`);
		assert.deepEqual(companies.json.items.map((x) => x.id), [1]);
	});

	test('audit records stay in their own company chain', async () => {
		// every record of each chain, page by page (?limit=&after=, "next")
		const all = async (cid) => {
			const items = [];
			for (let after = ''; ;) {
				const r = await admin.get(`${API}/companies/${cid}/audit?limit=500${after && `&after=${after}`}`);
				assert.equal(r.status, 200, r.text);
				items.push(...r.json.items);
				if (r.json.next === null) return items;
				after = r.json.next;
			}
		};
		const a1 = await all(1);
		const a2 = await all(2);
		assert.ok(a2.some((x) => x.entity === 'party' && x.entity_id === p2.id));
		assert.ok(!a1.some((x) => x.entity === 'party' && x.entity_id === p2.id));
		assert.ok(!JSON.stringify(a1).includes('Company Two Secret'));
		assertError(assert, await carol.get(`${API}/companies/2/audit`), 403, 'forbidden');
	});

	test("another company's id in any reference is refused as an unknown one, naming the field, and writes nothing", async () => {
		const co = (p, cid = 1) => `${API}/companies/${cid}${p}`;
		const first = async (p, pick = () => true) => (await admin.get(p)).json.items.find(pick);
		// company 2's rows, and company 1's own ones to go with them
		const g2 = (await first(co('/groups?limit=500', 2), (g) => g.code === 'sundry_debtors')).id;
		const cash2 = (await first(co('/ledgers?limit=500', 2), (l) => l.kind === 'cash')).id;
		const sales2 = (await first(co('/ledgers?limit=500', 2), (l) => l.kind === 'sales')).id;
		const unit2 = (await first(co('/units', 2), (u) => u.symbol === 'pcs')).id;
		const godown2 = (await first(co('/godowns', 2))).id;
		const item2 = (await admin.post(co('/items', 2), { sku: 'C2-ITEM', name: 'Company two item', unit_id: unit2,
			opening: [{ godown_id: godown2, qty: '5', rate: '10' }] })).json.id;
		const igroup2 = (await admin.post(co('/item-groups', 2), { name: 'Company two group' })).json.id;
		const bank2 = (await admin.post(co('/ledgers', 2), { name: 'Bank Two', group_id: (await first(co('/groups?limit=500', 2),
			(g) => g.code === 'bank_accounts')).id })).json.id;
		const cash1 = (await first(co('/ledgers?limit=500'), (l) => l.kind === 'cash')).id;
		const capital1 = (await first(co('/ledgers?limit=500'), (l) => l.kind === 'capital')).id;
		const unit1 = (await first(co('/units'), (u) => u.symbol === 'pcs')).id;
		const godown1 = (await first(co('/godowns'))).id;
		const item1 = (await admin.post(co('/items'), { sku: 'C1-ITEM', name: 'Company one item', unit_id: unit1,
			opening: [{ godown_id: godown1, qty: '5', rate: '10' }] })).json;
		assert.ok(g2 && cash2 && sales2 && unit2 && godown2 && item2 && igroup2 && bank2 && item1.id);
		const v1 = (await admin.post(co('/vouchers'), { type: 'journal', date: '2024-05-01',
			lines: [{ ledger_id: cash1, debit: '1.00' }, { ledger_id: capital1, credit: '1.00' }] })).json;

		const tables = ['account_groups', 'ledgers', 'vouchers', 'voucher_lines', 'voucher_items', 'items', 'item_groups', 'units',
			'stock_moves', 'stock_journals', 'bank_statement_lines', 'audit_log'];
		const state = () => s.sql(`SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t})`).join(" || '/' || ")}`);
		const journal = (line) => ({ type: 'journal', date: '2024-05-02', lines: [line, { ledger_id: capital1, credit: '1.00' }] });
		const sale = (item) => ({ type: 'sales', date: '2024-05-02', items: [{ description: 'x', qty: '1', rate: '1', gst_rate: '0', ...item }] });
		const sj = (line, extra = {}) => ({ kind: 'transfer', date: '2024-05-03', ...extra,
			lines: [{ item_id: item1.id, godown_id: godown1, qty: '1', ...line }] });
		// [what, company 2's id, the request with an id in it (x), the field named]
		const cases = [
			['group parent', g2, (x) => ['POST', co('/groups'), { name: 'Intruder group', parent_id: x }], 'parent_id'],
			["ledger's group", g2, (x) => ['POST', co('/ledgers'), { name: 'Intruder ledger', group_id: x }], 'group_id'],
			["voucher line's ledger", cash2, (x) => ['POST', co('/vouchers'), journal({ ledger_id: x, debit: '1.00' })], 'lines[0].ledger_id'],
			["voucher line's ledger in a preview", cash2, (x) => ['POST', co('/vouchers/preview'), journal({ ledger_id: x, debit: '1.00' })],
				'lines[0].ledger_id'],
			["an alteration's ledger", cash2, (x) => ['PATCH', co(`/vouchers/${v1.id}`), journal({ ledger_id: x, debit: '1.00' }), { 'If-Match': '"1"' }],
				'lines[0].ledger_id'],
			["voucher's party", p2.id, (x) => ['POST', co('/vouchers'), { ...sale({}), party_id: x }], 'party_id'],
			["item line's ledger", sales2, (x) => ['POST', co('/vouchers'), sale({ ledger_id: x })], 'items[0].ledger_id'],
			["item line's item", item2, (x) => ['POST', co('/vouchers'), sale({ item_id: x })], 'items[0].item_id'],
			["item line's item in a preview", item2, (x) => ['POST', co('/vouchers/preview'), sale({ item_id: x })], 'items[0].item_id'],
			["item line's godown", godown2, (x) => ['POST', co('/vouchers'), sale({ godown_id: x })], 'items[0].godown_id'],
			["item line's godown in a preview", godown2, (x) => ['POST', co('/vouchers/preview'), sale({ godown_id: x })], 'items[0].godown_id'],
			["stock item line's godown", godown2, (x) => ['POST', co('/vouchers'), sale({ item_id: item1.id, godown_id: x })], 'items[0].godown_id'],
			['item group parent', igroup2, (x) => ['POST', co('/item-groups'), { name: 'Intruder', parent_id: x }], 'parent_id'],
			["item's unit", unit2, (x) => ['POST', co('/items'), { sku: 'X1', name: 'X1', unit_id: x }], 'unit_id'],
			["item's group", igroup2, (x) => ['POST', co('/items'), { sku: 'X2', name: 'X2', unit_id: unit1, group_id: x }], 'group_id'],
			["item's group changed", igroup2, (x) => ['PATCH', co(`/items/${item1.id}`), { group_id: x }, { 'If-Match': `"${item1.version}"` }],
				'group_id'],
			["opening stock's godown", godown2,
				(x) => ['POST', co('/items'), { sku: 'X3', name: 'X3', unit_id: unit1, opening: [{ godown_id: x, qty: '1' }] }], 'opening[0].godown_id'],
			["unit's base unit", unit2, (x) => ['POST', co('/units'), { symbol: 'crt', name: 'Crate', base_unit_id: x, factor: '10' }], 'base_unit_id'],
			["stock journal line's item", item2, (x) => ['POST', co('/stock-journals'), sj({ item_id: x })], 'lines[0].item_id'],
			["stock journal line's godown", godown2, (x) => ['POST', co('/stock-journals'), sj({ godown_id: x })], 'lines[0].godown_id'],
			["stock journal line's other godown", godown2, (x) => ['POST', co('/stock-journals'), sj({ to_godown_id: x })], 'lines[0].to_godown_id'],
			["stock journal's godown", godown2, (x) => ['POST', co('/stock-journals'), { kind: 'consumption', date: '2024-05-03', godown_id: x,
				lines: [{ item_id: item1.id, qty: '1' }] }], 'lines[0].godown_id'],
			["verification's godown", godown2,
				(x) => ['POST', co('/stock-verifications'), { date: '2024-05-03', godown_id: x, counts: [{ item_id: item1.id, qty: '1' }] }], 'godown_id'],
			["verification count's item", item2,
				(x) => ['POST', co('/stock-verifications'), { date: '2024-05-03', godown_id: godown1, counts: [{ item_id: x, qty: '1' }] }], 'counts[0].item_id'],
			["bank statement's ledger", bank2, (x) => ['POST', co(`/bank-statements?ledger_id=${x}`),
				'Date,Description,Reference,Withdrawal,Deposit\n01-05-2024,x,,,1.00\n', { 'Content-Type': 'text/csv' }], 'ledger_id'],
			["a ledger statement's ledger", cash2, (x) => ['GET', co(`/reports/ledger?ledger_id=${x}`)], 'ledger_id'],
			["stock movement's item", item2, (x) => ['GET', co(`/reports/stock-movement?item_id=${x}`)], 'item_id'],
		];
		for (const [what, theirs, req, field] of cases) {
			const before = state();
			const [m, p, body, h] = req(theirs);
			const r = await admin.request(m, p, body, h);
			assert.ok([400, 404, 422].includes(r.status), `${what}: ${r.status} ${r.text}`);
			assertError(assert, r, r.status, undefined, field);
			assert.ok(!/constraint|foreign key|FOREIGN/i.test(r.text), `${what}: no database error: ${r.text}`);
			assert.equal(state(), before, `${what}: nothing written`);
			// the same answer as for an id nobody has: it says nothing of the other company's row
			const [m2, p2_, body2, h2] = req(987654321);
			const r2 = await admin.request(m2, p2_, body2, h2);
			const shape = (x) => [x.status, x.json.error.code, x.json.error.field, x.json.error.reason];
			assert.deepEqual(shape(r), shape(r2), `${what}: as for an unknown id: ${r.text} / ${r2.text}`);
		}
		// and the rows that were there still point inside their own company
		assert.equal(s.sql(`SELECT count(*) FROM voucher_items vi JOIN godowns g ON g.id = vi.godown_id WHERE g.company_id <> vi.company_id`), '0');
	});

	test('the database refuses a reference into another company (the composite keys)', async () => {
		const co = (p, cid = 1) => `${API}/companies/${cid}${p}`;
		const mine = (await admin.post(co('/item-groups'), { name: 'Company one group' })).json.id;
		const one = (q) => s.sql(q);
		const cash1 = one("SELECT id FROM ledgers WHERE company_id = 1 AND kind = 'cash'");
		const cash2 = one("SELECT id FROM ledgers WHERE company_id = 2 AND kind = 'cash'");
		const g2 = one("SELECT id FROM account_groups WHERE company_id = 2 AND code = 'sundry_debtors'");
		const godown2 = one('SELECT min(id) FROM godowns WHERE company_id = 2');
		const v1 = one('SELECT min(id) FROM vouchers WHERE company_id = 1');
		const fk = BACKEND === 'sqlite' ? 'PRAGMA foreign_keys = ON; ' : '';
		const count = () => one("SELECT (SELECT count(*) FROM item_groups) || '/' || (SELECT count(*) FROM ledger_day) || '/' || "
			+ `(SELECT count(*) FROM voucher_items) || '/' || (SELECT count(*) FROM voucher_lines) || '/' || (SELECT group_id FROM ledgers WHERE id = ${cash1})`);
		for (const q of [
			`UPDATE ledgers SET group_id = ${g2} WHERE id = ${cash1}`,
			`INSERT INTO item_groups(company_id, name, parent_id) VALUES (2, 'Child of one', ${mine})`,
			`INSERT INTO ledger_day(company_id, ledger_id, date, debit, credit) VALUES (1, ${cash2}, '2030-01-01', 1, 0)`,
			`INSERT INTO voucher_items(voucher_id, line_no, company_id, description, qty, rate, taxable, gst_rate, ledger_id, godown_id)
				VALUES (${v1}, 9, 1, 'x', 1000, 1, 1, 0, ${cash1}, ${godown2})`,
			`INSERT INTO voucher_lines(voucher_id, line_no, company_id, ledger_id, date, amount) VALUES (${v1}, 9, 1, ${cash2}, '2024-05-01', 1)`,
		]) {
			const before = count();
			const r = s.sqlRaw(fk + q);
			assert.notEqual(r.code, 0, `refused: ${q}`);
			assert.match(r.stderr, /FOREIGN KEY|foreign key/, r.stderr);
			assert.equal(count(), before);
		}
	});
});
