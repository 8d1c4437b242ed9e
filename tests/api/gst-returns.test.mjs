// The GST returns against figures worked out by hand, on a Maharashtra company's August 2026:
// dated rates (12 % refused after 22 September 2025, 40 % refused before it); GSTR-1 with a credit
// note against a B2CL invoice in CDNUR (the note's own value is small), B2CS netted, B2B with cess,
// exports with and without payment of IGST, supplies to an SEZ unit, nil-rated, exempt and
// non-GST supplies told apart (table 8) and the documents issued (table 13); GSTR-3B with 3.1(a)
// to (e), 3.2 by place of supply, reverse charge in 3.1(d) and 4(A)(3) paid in cash, table 5 and
// table 6.1 with the credit set off in the legal order (surplus CGST and SGST credit paying IGST,
// where the head-by-head figure overstated the cash by 1,900); then August marked filed, an
// invoice of it altered in September (B2BA of September, August unchanged), an invoice entered late
// into August (September's B2B; one entered at 01:30 in India on 1 October is October's), an export
// cancelled (EXPA at zero), September filed, and a second
// alteration in October landing in October's amendments while September stays as filed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { API, assertError, makeGstin, makePan, startServer } from './lib.mjs';

const co = (p) => `${API}/companies/1${p}`;
const rep = (name, q) => co(`/reports/${name}?${q}`);
const AUG = 'from=2026-08-01&to=2026-08-31';
const SEP = 'from=2026-09-01&to=2026-09-30';
const OCT = 'from=2026-10-01&to=2026-10-31';
const rows = (r, name) => r.json.tables.find((t) => t.name === name).rows.map((x) => x.cells);
const at = (y, m, d) => Date.UTC(y, m - 1, d, 6, 0, 0) / 1000;

function pin(file, t) {
	fs.writeFileSync(`${file}.tmp`, `@${t}\n`);
	fs.renameSync(`${file}.tmp`, file);
}

describe('GST returns worked by hand', () => {
	let s, admin, clockFile;
	const id = {};
	const v = {};

	const post = async (body) => {
		const r = await admin.post(co('/vouchers'), body);
		assert.equal(r.status, 201, `${body.type} ${body.date}: ${r.text}`);
		return r.json;
	};
	const item = (description, qty, rate, gst, extra = {}) => ({ description, hsn: '8544', qty, rate, gst_rate: gst, ...extra });

	before(async () => {
		clockFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-gst-')), 'clock');
		pin(clockFile, at(2026, 8, 31));
		s = await startServer({ env: { DAFTAR_TEST_CLOCK_FILE: clockFile } });
		admin = s.as('admin');
		s.sql(`UPDATE companies SET state_code = '27', gstin = '${makeGstin('27', makePan(4711))}' WHERE id = 1`);
		const party = async (body) => {
			const r = await admin.post(co('/parties'), body);
			assert.equal(r.status, 201, r.text);
			return r.json.id;
		};
		id.r27 = await party({ kind: 'customer', name: 'Sharma Traders', gstin: makeGstin('27', makePan(101)) });
		id.r29 = await party({ kind: 'customer', name: 'Rao Agencies', gstin: makeGstin('29', makePan(102)) });
		id.u29 = await party({ kind: 'customer', name: 'बंसल किराना स्टोर', state_code: '29' });
		id.u27 = await party({ kind: 'customer', name: 'Walk-in Pune', state_code: '27' });
		id.sez = await party({ kind: 'customer', name: 'Kandla SEZ Unit', gstin: makeGstin('24', makePan(103)) });
		id.gulf = await party({ kind: 'customer', name: 'Gulf Traders LLC', state_code: '96' });
		id.v07 = await party({ kind: 'vendor', name: 'Delhi Cables', gstin: makeGstin('07', makePan(201)) });
		id.v27 = await party({ kind: 'vendor', name: 'Mehta Steel', gstin: makeGstin('27', makePan(202)) });
		id.adv = await party({ kind: 'vendor', name: 'Adv. Kulkarni', state_code: '27' });

		// Posted in this order, so that the numbers are SAL/26-27/0001 ... and CRN/26-27/0001 ...
		v.s1 = await post({ type: 'sales', date: '2026-08-05', party_id: id.u29, items: [item('Copper wire', '1', '150000', '18')] });
		v.s2 = await post({ type: 'sales', date: '2026-08-06', party_id: id.u29, items: [item('Switches', '1', '20000', '18')] });
		v.s3 = await post({ type: 'sales', date: '2026-08-07', party_id: id.r27, items: [
			item('Cable', '2', '5000', '18'), item('Pan masala', '1', '2000', '40', { hsn: '2106', cess_rate: '12' })] });
		v.s4 = await post({ type: 'sales', date: '2026-08-12', party_id: id.gulf, supply_type: 'export_wpay', port_code: 'INNSA1',
			shipping_bill_no: '1234567', shipping_bill_date: '2026-08-14', items: [item('Cable drums', '1', '50000', '18')] });
		v.s5 = await post({ type: 'sales', date: '2026-08-13', party_id: id.gulf, supply_type: 'export_wopay',
			items: [item('Cable drums', '1', '30000', '18')] });
		v.s6 = await post({ type: 'sales', date: '2026-08-14', party_id: id.sez, supply_type: 'sez_wpay', items: [item('Panels', '1', '40000', '18')] });
		v.s7 = await post({ type: 'sales', date: '2026-08-15', party_id: id.sez, supply_type: 'sez_wopay', items: [item('Panels', '1', '10000', '18')] });
		v.s8 = await post({ type: 'sales', date: '2026-08-16', party_id: id.u27, items: [
			item('Printed books', '1', '5000', '0', { gst_reason: 'exempt' }), item('Fresh vegetables', '1', '3000', '0', { gst_reason: 'nil_rated' }),
			item('Petrol', '1', '2000', '0', { gst_reason: 'non_gst' })] });
		v.s9 = await post({ type: 'sales', date: '2026-08-17', party_id: id.r29, items: [item('Fresh fruit', '1', '4000', '0', { gst_reason: 'nil_rated' })] });
		v.s10 = await post({ type: 'sales', date: '2026-08-18', party_id: id.r27, items: [item('Cable', '1', '100', '18')] });
		const c = await admin.del(co(`/vouchers/${v.s10.id}`), undefined, { 'If-Match': '"1"' });
		assert.equal(c.status, 200, c.text);
		v.cn1 = await post({ type: 'credit_note', date: '2026-08-20', party_id: id.u29, reference: v.s1.number, items: [item('Copper wire', '1', '10000', '18')] });
		v.cn2 = await post({ type: 'credit_note', date: '2026-08-21', party_id: id.u29, reference: v.s2.number, items: [item('Switches', '1', '2000', '18')] });
		// a note against the export with payment: an export's note (CDNUR EXPWP, 3.1(b)) without saying so itself
		v.cn3 = await post({ type: 'credit_note', date: '2026-08-26', party_id: id.gulf, reference: v.s4.number, items: [item('Cable drums', '1', '5000', '18')] });

		v.p1 = await post({ type: 'purchase', date: '2026-08-03', party_id: id.v07, items: [item('Copper rod', '1', '100000', '18')] });
		v.p2 = await post({ type: 'purchase', date: '2026-08-04', party_id: id.v27, items: [item('Steel', '1', '20000', '18')] });
		v.p3 = await post({ type: 'purchase', date: '2026-08-08', party_id: id.adv, reverse_charge: true,
			items: [{ description: 'Legal services', hsn: '9982', qty: '1', rate: '10000', gst_rate: '18' }] });
		v.dn1 = await post({ type: 'debit_note', date: '2026-08-22', party_id: id.v27, reference: v.p2.number,
			items: [item('Steel returned', '1', '5000', '18')] });
		v.p4 = await post({ type: 'purchase', date: '2026-08-23', party_id: id.v07, items: [item('Books', '1', '6000', '0', { gst_reason: 'exempt' })] });
		v.p5 = await post({ type: 'purchase', date: '2026-08-24', party_id: id.v27, items: [item('Diesel', '1', '1500', '0', { gst_reason: 'non_gst' })] });
	});
	after(async () => { await s?.stop(); });

	test('GST rates are dated: 12 % refused from 22 September 2025, 40 % before it', async () => {
		const sale = (date, gst) => admin.post(co('/vouchers'), { type: 'sales', date, party_id: id.r27, items: [item('X', '1', '1000', gst)] });
		let r = await sale('2026-01-10', '12');
		assertError(assert, r, 422, 'unprocessable', 'items[0].gst_rate');
		assert.equal(r.json.error.reason, 'gst_rate_not_in_force');
		assert.deepEqual([r.json.error.rate, r.json.error.date, r.json.error.effective_from, r.json.error.allowed],
			['12', '2026-01-10', '2025-09-22', '0, 0.1, 0.25, 1.5, 3, 5, 18, 40']);
		r = await sale('2025-09-21', '40');
		assertError(assert, r, 422, 'unprocessable', 'items[0].gst_rate');
		assert.deepEqual([r.json.error.effective_from, r.json.error.allowed], ['2017-07-01', '0, 0.1, 0.25, 1.5, 3, 5, 12, 18, 28']);
		// the same rates on the days they were in force; 40 % of 1,000 within the state: 200 + 200
		r = await sale('2025-09-22', '40');
		assert.equal(r.status, 201, r.text);
		assert.deepEqual([r.json.cgst, r.json.sgst, r.json.total], ['200.00', '200.00', '1400.00']);
		r = await sale('2025-09-21', '12');
		assert.equal(r.status, 201, r.text);
		assert.deepEqual([r.json.cgst, r.json.total], ['60.00', '1120.00']);
		r = await sale('2026-01-10', '1.5');
		assert.equal(r.status, 201, r.text); // cut diamonds: 0.75 % each way of 1,000 = 7.50
		assert.deepEqual([r.json.cgst, r.json.total], ['7.50', '1015.00']);
		const rates = await admin.get(co('/gst-rates?date=2026-01-10'));
		assert.equal(rates.status, 200, rates.text);
		assert.deepEqual(rates.json, { date: '2026-01-10', effective_from: '2025-09-22', rates: ['0', '0.1', '0.25', '1.5', '3', '5', '18', '40'] });
		assert.equal((await admin.get(co('/gst-rates?date=2024-01-01'))).json.rates.includes('28'), true);
		assertError(assert, await admin.get(co('/gst-rates?date=2026-02-30')), 400, 'invalid', 'date');
	});

	test('vouchers carry cess, reverse charge and the kind of a zero-rated supply', async () => {
		// cess 12 % of 2,000 = 240; 18 % of 10,000 = 900 + 900; 40 % of 2,000 = 400 + 400
		assert.deepEqual([v.s3.taxable, v.s3.cgst, v.s3.sgst, v.s3.cess, v.s3.total], ['12000.00', '1300.00', '1300.00', '240.00', '14840.00']);
		assert.deepEqual([v.s3.items[1].cess_rate, v.s3.items[1].cess], ['12', '240.00']);
		assert.equal(v.s3.lines.find((l) => l.ledger === 'Output Cess').credit, '240.00');
		// export with payment: IGST 9,000 to place 96; without: no tax, the rate kept
		assert.deepEqual([v.s4.place_of_supply, v.s4.igst, v.s4.total, v.s4.supply_type, v.s4.port_code], ['96', '9000.00', '59000.00', 'export_wpay', 'INNSA1']);
		assert.deepEqual([v.s5.igst, v.s5.total, v.s5.items[0].gst_rate], ['0.00', '30000.00', '18']);
		// SEZ is inter-state wherever the unit is
		assert.deepEqual([v.s6.igst, v.s6.cgst, v.s7.igst], ['7200.00', '0.00', '0.00']);
		// reverse charge: the advocate's bill is 10,000; our 1,800 of tax is credit and liability
		assert.deepEqual([v.p3.total, v.p3.cgst, v.p3.reverse_charge, v.p3.items[0].cgst, v.p3.items[0].reverse_charge],
			['10000.00', '0.00', true, '900.00', true]);
		const dr = (name) => v.p3.lines.find((l) => l.ledger === name);
		assert.deepEqual([dr('Input CGST').debit, dr('Output CGST').credit, dr('Input SGST').debit, dr('Output SGST').credit],
			['900.00', '900.00', '900.00', '900.00']);
		// refusals name the field
		const bad = (body) => admin.post(co('/vouchers'), { date: '2026-08-25', items: [item('X', '1', '100', '18')], ...body });
		assertError(assert, await bad({ type: 'purchase', party_id: id.v27, supply_type: 'export_wpay' }), 400, 'invalid', 'supply_type');
		assertError(assert, await bad({ type: 'sales', party_id: id.r27, supply_type: 'export' }), 400, 'invalid', 'supply_type');
		assertError(assert, await bad({ type: 'sales', party_id: id.r27, reverse_charge: true }), 400, 'invalid', 'reverse_charge');
		assertError(assert, await bad({ type: 'sales', party_id: id.u27, supply_type: 'sez_wpay' }), 422, 'unprocessable', 'party_id');
		assertError(assert, await bad({ type: 'sales', party_id: id.r27, port_code: 'INNSA1' }), 400, 'invalid', 'port_code');
		assertError(assert, await bad({ type: 'sales', party_id: id.r27, items: [item('X', '1', '100', '18', { cess_rate: '-1' })] }), 400, 'invalid');
	});

	test('GSTR-1 of August', async () => {
		const g = await admin.get(rep('gstr1', AUG));
		assert.equal(g.status, 200, g.text);
		// B2B by recipient: the SEZ unit (24...) with and without payment, then Sharma's invoice at two rates
		assert.deepEqual(rows(g, 'b2b').map((x) => [x.number, x.rate, x.taxable, x.igst, x.cgst, x.cess, x.invoice_type]), [
			[v.s6.number, '18', '40000.00', '7200.00', '0.00', '0.00', 'SEZ supplies with payment'],
			[v.s7.number, '18', '10000.00', '0.00', '0.00', '0.00', 'SEZ supplies without payment'],
			[v.s3.number, '18', '10000.00', '0.00', '900.00', '0.00', 'Regular B2B'],
			[v.s3.number, '40', '2000.00', '0.00', '400.00', '240.00', 'Regular B2B'],
		]);
		// B2CL: 1,50,000 to Karnataka, over the 1,00,000 line
		assert.deepEqual(rows(g, 'b2cl').map((x) => [x.number, x.value, x.igst, x.place_of_supply]),
			[[v.s1.number, '177000.00', '27000.00', '29-Karnataka']]);
		// the note against it is CDNUR, though its own 11,800 is under the line
		assert.deepEqual(rows(g, 'cdnur').map((x) => [x.ur_type, x.number, x.against, x.value, x.taxable, x.igst]), [
			['B2CL', v.cn1.number, v.s1.number, '11800.00', '10000.00', '1800.00'],
			['EXPWP', v.cn3.number, v.s4.number, '5900.00', '5000.00', '900.00'],
		]);
		// B2CS: 20,000 less its note of 2,000
		assert.deepEqual(rows(g, 'b2cs').map((x) => [x.place_of_supply, x.rate, x.taxable, x.igst]), [['29-Karnataka', '18', '18000.00', '3240.00']]);
		// exports
		assert.deepEqual(rows(g, 'exp').map((x) => [x.export_type, x.number, x.value, x.port_code, x.shipping_bill_no, x.shipping_bill_date, x.taxable, x.igst]), [
			['WPAY', v.s4.number, '59000.00', 'INNSA1', '1234567', '2026-08-14', '50000.00', '9000.00'],
			['WOPAY', v.s5.number, '30000.00', '', '', '', '30000.00', '0.00'],
		]);
		// table 8
		const nil = Object.fromEntries(rows(g, 'nil').map((x) => [x.description, [x.nil_rated, x.exempted, x.non_gst]]));
		assert.deepEqual(nil['Inter-State supplies to registered persons'], ['4000.00', '0.00', '0.00']);
		assert.deepEqual(nil['Intra-State supplies to unregistered persons'], ['3000.00', '5000.00', '2000.00']);
		assert.deepEqual(nil['Intra-State supplies to registered persons'], ['0.00', '0.00', '0.00']);
		// table 13: ten invoices, one cancelled; three credit notes
		assert.deepEqual(rows(g, 'docs').map((x) => [x.nature, x.from, x.to, x.total, x.cancelled, x.net_issued]), [
			['Invoices for outward supply', v.s1.number, v.s10.number, 10, 1, 9],
			['Credit Note', v.cn1.number, v.cn3.number, 3, 0, 3],
		]);
		const sm = g.json.summary;
		assert.deepEqual([sm.nil_rated, sm.exempted, sm.non_gst, sm.exports, sm.cess, sm.filed], ['7000.00', '5000.00', '2000.00', '80000.00', '240.00', false]);
		// the return's JSON: cess and the note's type
		assert.equal(g.json.gstr1.cdnur[0].typ, 'B2CL');
		assert.equal(g.json.gstr1.nil.inv.find((x) => x.sply_ty === 'INTRAB2C').expt_amt, '5000.00');
		const csv = await admin.get(rep('gstr1', `${AUG}&format=csv&section=exp`));
		assert.equal(csv.status, 200);
		assert.ok(csv.text.startsWith('Export Type,Invoice Number,Invoice Date,Invoice Value,Port Code,'), csv.text);
	});

	test('GSTR-3B of August: reverse charge in cash, credit set off in the legal order', async () => {
		const g = await admin.get(rep('gstr3b', AUG));
		assert.equal(g.status, 200, g.text);
		const main = Object.fromEntries(rows(g, 'main').map((x) => [x.section, [x.taxable, x.igst, x.cgst, x.sgst, x.cess]]));
		// 1,50,000 + 20,000 - 10,000 - 2,000 + 12,000; IGST 27,000 + 3,600 - 1,800 - 360
		assert.deepEqual(main['3.1(a)'], ['170000.00', '28440.00', '1300.00', '1300.00', '240.00']);
		// 50,000 + 30,000 + 40,000 + 10,000 - the export's note of 5,000; IGST 9,000 + 7,200 - 900
		assert.deepEqual(main['3.1(b)'], ['125000.00', '15300.00', '0.00', '0.00', '0.00']);
		assert.deepEqual(main['3.1(c)'], ['12000.00', '0.00', '0.00', '0.00', '0.00']);
		assert.deepEqual(main['3.1(d)'], ['10000.00', '0.00', '900.00', '900.00', '0.00']);
		assert.deepEqual(main['3.1(e)'], ['2000.00', '0.00', '0.00', '0.00', '0.00']);
		assert.deepEqual(main['4(A)(3)'].slice(1), ['0.00', '900.00', '900.00', '0.00']);
		assert.deepEqual(main['4(A)(5)'].slice(1), ['18000.00', '1800.00', '1800.00', '0.00']);
		assert.deepEqual(main['4(B)(2)'].slice(1), ['0.00', '450.00', '450.00', '0.00']);
		assert.deepEqual(main['4(C)'].slice(1), ['18000.00', '2250.00', '2250.00', '0.00']);
		assert.deepEqual(rows(g, 'inter_state').map((x) => [x.place_of_supply, x.unreg_taxable, x.unreg_igst]), [['29-Karnataka', '158000.00', '28440.00']]);
		assert.deepEqual(rows(g, 'exempt_inward').map((x) => [x.inter, x.intra]), [['6000.00', '0.00'], ['0.00', '1500.00']]);
		// 6.1: IGST 43,740 payable (28,440 + 15,300 on the exports and SEZ with payment)
		//   IGST credit 18,000 -> IGST; CGST credit 2,250: 1,300 -> CGST, 950 -> IGST; SGST the same
		//   cash: IGST 43,740 - 18,000 - 950 - 950 = 23,840; cess 240; reverse charge 900 + 900
		const pay = Object.fromEntries(rows(g, 'payment').map((x) => [x.description, [x.payable, x.itc_igst, x.itc_cgst, x.itc_sgst, x.itc_cess, x.cash]]));
		assert.deepEqual(pay['Integrated Tax'], ['43740.00', '18000.00', '950.00', '950.00', '0.00', '23840.00']);
		assert.deepEqual(pay['Central Tax'], ['1300.00', '0.00', '1300.00', '0.00', '0.00', '0.00']);
		assert.deepEqual(pay['State/UT Tax'], ['1300.00', '0.00', '0.00', '1300.00', '0.00', '0.00']);
		assert.deepEqual(pay.Cess, ['240.00', '0.00', '0.00', '0.00', '0.00', '240.00']);
		assert.deepEqual(pay['Central Tax (reverse charge)'], ['900.00', '0.00', '0.00', '0.00', '0.00', '900.00']);
		// 43,740 + 1,300 + 1,300 + 240 + 900 + 900
		assert.deepEqual(pay.Total, ['48380.00', '18000.00', '2250.00', '2250.00', '0.00', '25880.00']);
		const sm = g.json.summary;
		// head by head it was IGST 43,740 - 18,000 = 25,740 in cash, with 950 + 950 of credit idle
		assert.deepEqual([sm.payable_igst, sm.payable_cgst, sm.payable_sgst, sm.payable_cess, sm.cash_payable, sm.reverse_charge_tax],
			['23840.00', '900.00', '900.00', '240.00', '25880.00', '1800.00']);
		assert.equal(g.json.gstr3b.inter_sup.unreg_details[0].pos, '29');
		assert.equal(g.json.gstr3b.itc_elg.itc_avl.find((x) => x.ty === 'ISRC').camt, '900.00');
	});

	test('a filed month keeps its return; a later change is an amendment of the month it is made in', async () => {
		pin(clockFile, at(2026, 9, 5));
		assertError(assert, await admin.post(co('/gst-filings'), { return: 'gstr1', period: '2026-13' }), 400, 'invalid', 'period');
		assertError(assert, await admin.post(co('/gst-filings'), { return: 'gstr9', period: '2026-08' }), 400, 'invalid', 'return');
		const f = await admin.post(co('/gst-filings'), { return: 'gstr1', period: '2026-08' });
		assert.equal(f.status, 201, f.text);
		assert.deepEqual([f.json.return, f.json.period, f.json.filed_at], ['gstr1', '2026-08', '2026-09-05T06:00:00Z']);
		const again = await admin.post(co('/gst-filings'), { return: 'gstr1', period: '2026-08' });
		assertError(assert, again, 409, 'conflict', 'period');
		assert.equal(again.json.error.reason, 'already_filed');
		assert.deepEqual((await admin.get(co('/gst-filings'))).json.items.map((x) => x.period), ['2026-08']);

		// 10 September: Sharma's invoice altered (3 cables instead of 2); an invoice entered late into August
		pin(clockFile, at(2026, 9, 10));
		const body = { type: 'sales', date: '2026-08-07', party_id: id.r27, items: [
			item('Cable', '3', '5000', '18'), item('Pan masala', '1', '2000', '40', { hsn: '2106', cess_rate: '12' })] };
		const alt = await admin.patch(co(`/vouchers/${v.s3.id}`), body, { 'If-Match': '"1"' });
		assert.equal(alt.status, 200, alt.text);
		const late = await post({ type: 'sales', date: '2026-08-28', party_id: id.r27, items: [item('Cable', '1', '1000', '18')] });
		pin(clockFile, at(2026, 9, 15));
		const cx = await admin.del(co(`/vouchers/${v.s5.id}`), undefined, { 'If-Match': '"1"' });
		assert.equal(cx.status, 200, cx.text);
		// 20:00 UTC on 30 September is 1 October in India: that invoice is October's
		pin(clockFile, Date.UTC(2026, 8, 30, 20, 0, 0) / 1000);
		const late2 = await post({ type: 'sales', date: '2026-08-29', party_id: id.r27, items: [item('Cable', '1', '500', '18')] });

		// August reads as filed: two cables, no late invoice, the export still there
		const aug = await admin.get(rep('gstr1', AUG));
		assert.equal(aug.json.summary.filed, true);
		assert.deepEqual(rows(aug, 'b2b').filter((x) => x.number === v.s3.number).map((x) => x.taxable), ['10000.00', '2000.00']);
		assert.equal(rows(aug, 'b2b').some((x) => x.number === late.number), false);
		assert.equal(rows(aug, 'exp').length, 2);
		assert.equal(rows(aug, 'b2ba').length, 0);

		// September: the alteration in B2BA (original number and date), the late invoice in B2B, the cancelled export at zero
		const sep = await admin.get(rep('gstr1', SEP));
		assert.equal(sep.status, 200, sep.text);
		assert.deepEqual(rows(sep, 'b2ba').map((x) => [x.original_number, x.original_date, x.number, x.rate, x.taxable, x.cgst, x.cess]), [
			[v.s3.number, '2026-08-07', v.s3.number, '18', '15000.00', '1350.00', '0.00'],
			[v.s3.number, '2026-08-07', v.s3.number, '40', '2000.00', '400.00', '240.00'],
		]);
		assert.deepEqual(rows(sep, 'b2b').map((x) => [x.number, x.date, x.taxable]), [[late.number, '2026-08-28', '1000.00']]);
		assert.deepEqual(rows(sep, 'expa').map((x) => [x.original_number, x.value, x.taxable]), [[v.s5.number, '0.00', '0.00']]);
		assert.deepEqual([sep.json.summary.amendments, sep.json.summary.taxable], [3, '1000.00']);

		// September filed on 3 October; a second alteration on 5 October is October's
		pin(clockFile, at(2026, 10, 3));
		assert.equal((await admin.post(co('/gst-filings'), { return: 'gstr1', period: '2026-09' })).status, 201);
		pin(clockFile, at(2026, 10, 5));
		const alt2 = await admin.patch(co(`/vouchers/${v.s3.id}`), { ...body, items: [item('Cable', '4', '5000', '18')] }, { 'If-Match': '"2"' });
		assert.equal(alt2.status, 200, alt2.text);
		const sep2 = await admin.get(rep('gstr1', SEP));
		assert.deepEqual(rows(sep2, 'b2ba').map((x) => x.taxable), ['15000.00', '2000.00']);
		assert.deepEqual(rows(sep2, 'b2b').map((x) => x.number), [late.number]);
		const oct = await admin.get(rep('gstr1', OCT));
		assert.deepEqual(rows(oct, 'b2ba').map((x) => [x.original_date, x.rate, x.taxable, x.cgst]), [['2026-08-07', '18', '20000.00', '1800.00']]);
		assert.deepEqual(rows(oct, 'b2b').map((x) => [x.number, x.date, x.taxable]), [[late2.number, '2026-08-29', '500.00']]);
	});
});
