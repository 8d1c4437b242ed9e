// The GST files: GSTR-1 and GSTR-3B as the portal's JSON, a voucher's e-invoice (IRP schema 1.1)
// and e-way bill (NIC bulk format), the IRN entered back. Each file is validated against its JSON
// Schema in tests/schemas (Ajv), and its figures are checked against a month of vouchers worked out
// by hand: a B2B invoice within the state at two rates with a discount and a round-off, an
// inter-state one shipped elsewhere, a large sale to an unregistered person in another state
// (B2CL), a small one within the state (B2CS) in a unit the defaults do not know, a service, a
// credit note against the first invoice, a cancelled invoice, purchases with input tax and an
// exempt one. Then the demo office: every file of every month and voucher that takes one is valid.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import Ajv from 'ajv';

import { API, assertError, makeGstin, makePan, startServer } from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCHEMAS = path.join(HERE, '..', 'schemas');
const ajv = new Ajv({ allErrors: true, strict: true, multipleOfPrecision: 6 });
const schema = (name) => ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMAS, `${name}.schema.json`), 'utf8')));
const validators = { gstr1: schema('gstr1'), gstr3b: schema('gstr3b'), einvoice: schema('einvoice'), ewaybill: schema('ewaybill') };

/** Parses a file's text and validates it against its schema, naming what fails. */
function valid(kind, text, what) {
	const json = JSON.parse(text);
	const ok = validators[kind](json);
	assert.ok(ok, `${what}: ${JSON.stringify(validators[kind].errors, null, 1)}\n${text.slice(0, 2000)}`);
	// amounts are numbers written with their two decimals, never strings or floats' digits
	assert.doesNotMatch(text, /"(txval|iamt|camt|samt|csamt|val|AssAmt|TotInvVal|totalValue|totInvValue)":"/, `${what}: an amount as a string`);
	return json;
}

const co = (p) => `${API}/companies/1${p}`;
const TODAY = Date.UTC(2026, 9, 31, 6, 0, 0) / 1000; // 31 October 2026, midday in India

function pin(file, t) {
	fs.writeFileSync(`${file}.tmp`, `@${t}\n`);
	fs.renameSync(`${file}.tmp`, file);
}

const GSTIN = makeGstin('27', makePan(901));
const PROFILE = { address1: '14, Kalbadevi Road', address2: 'Near Crawford Market', location: 'Mumbai', pincode: '400002', phone: '02222012345',
	email: 'accounts@example.in' };

describe('GST files', () => {
	let s, admin, dir;
	const id = {};
	const num = {};
	const post = async (body) => {
		const r = await admin.post(co('/vouchers'), body);
		assert.equal(r.status, 201, `${body.type}: ${r.text}`);
		return r.json;
	};
	const party = async (body) => {
		const r = await admin.post(co('/parties'), body);
		assert.equal(r.status, 201, r.text);
		return r.json.id;
	};

	before(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-gst-'));
		const clock = path.join(dir, 'clock');
		pin(clock, TODAY);
		s = await startServer({ env: { DAFTAR_TEST_CLOCK_FILE: clock } });
		s.sql("UPDATE companies SET state_code = '27' WHERE id = 1");
		admin = s.as('admin');
		id.a = await party({ kind: 'customer', name: 'Sharma Traders', gstin: makeGstin('27', makePan(11)), billing_address: 'Andheri East, Mumbai 400069',
			phone: '98200 12345', email: 'accounts@sharmatraders.in' });
		id.b = await party({ kind: 'customer', name: 'Nair Software Solutions', gstin: makeGstin('29', makePan(12)),
			billing_address: 'Koramangala, Bengaluru 560034', shipping_address: 'Plot 7, Peenya Industrial Area, Bengaluru 560058' });
		id.c = await party({ kind: 'customer', name: 'बंसल किराना स्टोर', state_code: '09', billing_address: 'हज़रतगंज, लखनऊ 226001' });
		id.d = await party({ kind: 'customer', name: 'Walk-in Customer', state_code: '27', billing_address: 'Fort, Mumbai 400001' });
		id.v = await party({ kind: 'vendor', name: 'Mehta Steel', gstin: makeGstin('27', makePan(13)), billing_address: 'Masjid Bunder, Mumbai 400009' });
		const sale = (party_id, date, items, extra = {}) => post({ type: 'sales', date, party_id, items, ...extra });
		const v1 = await sale(id.a, '2026-10-05', [
			{ description: 'MS Steel Rod 12mm', hsn: '7214', qty: '10', unit: 'kg', rate: '68.50', gst_rate: '18' },
			{ description: 'Packing boxes', hsn: '4819', qty: '2', unit: 'box', rate: '1250.00', discount: '100.00', gst_rate: '5' },
		]);
		id.s1 = v1.id; num.s1 = v1.number;
		const v2 = await sale(id.b, '2026-10-08', [{ description: 'MS Steel Rod 16mm', hsn: '7214', qty: '100', unit: 'Kgs', rate: '600.00', gst_rate: '18' }]);
		id.s2 = v2.id; num.s2 = v2.number;
		const v3 = await sale(id.c, '2026-10-12', [{ description: 'Laptop', hsn: '8471', qty: '5', unit: 'pcs', rate: '25000.00', gst_rate: '18' }]);
		id.s3 = v3.id; num.s3 = v3.number;
		const v4 = await sale(id.d, '2026-10-15', [{ description: 'A4 Copier Paper', hsn: '4802', qty: '3', unit: 'ream', rate: '300.00', gst_rate: '18' }]);
		id.s4 = v4.id; num.s4 = v4.number;
		const v5 = await sale(id.a, '2026-10-18', [{ description: 'Installation service', hsn: '9983', qty: '1', unit: 'job', rate: '5000.00', gst_rate: '18' }]);
		id.s5 = v5.id; num.s5 = v5.number;
		const v6 = await sale(id.a, '2026-10-20', [{ description: 'Cancelled order', hsn: '7214', qty: '1', unit: 'kg', rate: '100.00', gst_rate: '18' }]);
		id.s6 = v6.id; num.s6 = v6.number;
		const cancel = await admin.del(co(`/vouchers/${v6.id}`), undefined, { 'If-Match': `"${v6.version}"` });
		assert.equal(cancel.status, 200, cancel.text);
		const cn = await post({ type: 'credit_note', date: '2026-10-22', party_id: id.a, reference: num.s1,
			items: [{ description: 'Packing boxes returned', hsn: '4819', qty: '1', unit: 'box', rate: '1250.00', gst_rate: '5' }] });
		id.cn = cn.id; num.cn = cn.number;
		const p1 = await post({ type: 'purchase', date: '2026-10-10', party_id: id.v, reference: 'MS-4471', items: [
			{ description: 'MS Steel Rod 12mm', hsn: '7214', qty: '200', unit: 'kg', rate: '60.00', gst_rate: '18' },
			{ description: 'Fresh vegetables (canteen)', hsn: '0709', qty: '1', unit: 'nos', rate: '1000.00', gst_rate: '0', gst_reason: 'exempt' },
		] });
		id.p1 = p1.id;
	});
	after(async () => {
		await s.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	test('without a GSTIN or an address the files are refused with a reason', async () => {
		assertError(assert, await admin.get(co('/reports/gstr1.json?period=2026-10')), 422, 'unprocessable', 'gstin');
		assert.equal((await admin.get(co('/reports/gstr1.json?period=2026-10'))).json.error.reason, 'no_gstin');
		s.sql(`UPDATE companies SET gstin = '${GSTIN}' WHERE id = 1`);
		const r = await admin.get(co(`/vouchers/${id.s1}/e-invoice`));
		assert.equal(r.status, 422, r.text);
		assert.equal(r.json.error.reason, 'seller_address');
		const p = await admin.put(co('/gst-profile'), PROFILE);
		assert.equal(p.status, 200, p.text);
		assert.equal(p.json.pincode, '400002');
		assert.deepEqual(p.json.units, []);
	});

	test('the period is a month', async () => {
		for (const q of ['', '?period=2026-13', '?period=2026-1', '?period=26-10', '?period=2016-04', '?period=2026-10-01'])
			assertError(assert, await admin.get(co(`/reports/gstr1.json${q}`)), 400, 'invalid', 'period');
		assertError(assert, await admin.get(co('/reports/gstr3b.json?period=x')), 400, 'invalid', 'period');
	});

	test('GSTR-1: valid, with the hand-worked figures, and a unit with no code filed as OTH with a warning', async () => {
		const r = await admin.get(co('/reports/gstr1.json?period=2026-10'));
		assert.equal(r.status, 200, r.text);
		assert.match(r.headers.get('content-disposition'), /attachment; filename="GSTR1_2026-10\.json"/);
		const g = valid('gstr1', r.text, 'GSTR-1');
		assert.equal(g.gstin, GSTIN);
		assert.equal(g.fp, '102026');
		// the numbers are written from paise, with their two decimals
		assert.match(r.text, /"txval":2400\.00,"camt":60\.00,"samt":60\.00,"csamt":0\.00/);
		assert.match(r.text, /"rt":18\.00/);
		// b2b: recipients in GSTIN order, an invoice's lines by rate
		assert.deepEqual(g.b2b.map((x) => x.ctin), [makeGstin('27', makePan(11)), makeGstin('29', makePan(12))]);
		const a = g.b2b[0].inv;
		assert.deepEqual(a.map((i) => i.inum), [num.s1, num.s5]); // the cancelled invoice is not filed
		assert.deepEqual(a[0], { inum: num.s1, idt: '05-10-2026', val: 3328, pos: '27', rchrg: 'N', inv_typ: 'R', itms: [
			{ num: 1, itm_det: { rt: 5, txval: 2400, camt: 60, samt: 60, csamt: 0 } },
			{ num: 2, itm_det: { rt: 18, txval: 685, camt: 61.65, samt: 61.65, csamt: 0 } },
		] });
		assert.deepEqual(a[1].itms, [{ num: 1, itm_det: { rt: 18, txval: 5000, camt: 450, samt: 450, csamt: 0 } }]);
		assert.deepEqual(g.b2b[1].inv, [{ inum: num.s2, idt: '08-10-2026', val: 70800, pos: '29', rchrg: 'N', inv_typ: 'R',
			itms: [{ num: 1, itm_det: { rt: 18, txval: 60000, iamt: 10800, csamt: 0 } }] }]);
		// b2cl: over ₹1,00,000 to an unregistered person in another state
		assert.deepEqual(g.b2cl, [{ pos: '09', inv: [{ inum: num.s3, idt: '12-10-2026', val: 147500,
			itms: [{ num: 1, itm_det: { rt: 18, txval: 125000, iamt: 22500, csamt: 0 } }] }] }]);
		assert.deepEqual(g.b2cs, [{ sply_ty: 'INTRA', pos: '27', typ: 'OE', rt: 18, txval: 900, camt: 81, samt: 81, csamt: 0 }]);
		assert.deepEqual(g.cdnr, [{ ctin: makeGstin('27', makePan(11)), nt: [{ ntty: 'C', nt_num: num.cn, nt_dt: '22-10-2026', val: 1313, pos: '27',
			rchrg: 'N', inv_typ: 'R', itms: [{ num: 1, itm_det: { rt: 5, txval: 1250, camt: 31.25, samt: 31.25, csamt: 0 } }] }] }]);
		assert.equal(g.cdnur, undefined);
		// table 12: kg and Kgs are one code; the box returned is netted; a service has no quantity
		const hsn = Object.fromEntries(g.hsn.data.map((h) => [`${h.hsn_sc}/${h.uqc}/${h.rt}`, h]));
		assert.deepEqual(Object.keys(hsn).sort(), ['4802/OTH/18', '4819/BOX/5', '7214/KGS/18', '8471/PCS/18', '9983/NA/18']);
		assert.deepEqual({ ...hsn['7214/KGS/18'], num: 0 }, { num: 0, hsn_sc: '7214', uqc: 'KGS', qty: 110, rt: 18, txval: 60685, iamt: 10800,
			camt: 61.65, samt: 61.65, csamt: 0 });
		assert.equal(hsn['4819/BOX/5'].qty, 1);
		assert.equal(hsn['4819/BOX/5'].txval, 1150);
		assert.equal(hsn['4819/BOX/5'].camt, 28.75);
		assert.equal(hsn['9983/NA/18'].qty, 0);
		// table 13: six invoices numbered, one cancelled; one credit note
		assert.deepEqual(g.doc_issue.doc_det, [
			{ doc_num: 1, doc_typ: 'Invoices for outward supply', docs: [{ num: 1, from: num.s1, to: num.s6, totnum: 6, cancel: 1, net_issue: 5 }] },
			{ doc_num: 5, doc_typ: 'Credit Note', docs: [{ num: 1, from: num.cn, to: num.cn, totnum: 1, cancel: 0, net_issue: 1 }] },
		]);
		const w = await admin.get(co('/reports/gstr1.json?period=2026-10&warnings=1'));
		assert.equal(w.status, 200, w.text);
		assert.deepEqual(w.json.warnings, [{ reason: 'uqc_unmapped', unit: 'ream', uqc: 'OTH' }]);
		assert.deepEqual(w.json.file, g);
	});

	test('a unit mapped in the profile files under its code; a code not on the portal\'s list is refused', async () => {
		const bad = await admin.put(co('/gst-profile'), { ...PROFILE, units: [{ unit: 'ream', uqc: 'REM' }] });
		assertError(assert, bad, 400, 'invalid', 'units[0].uqc');
		assert.equal(bad.json.error.reason, 'unknown_uqc');
		assertError(assert, await admin.put(co('/gst-profile'), { ...PROFILE, pincode: '040002' }), 400, 'invalid', 'pincode');
		assertError(assert, await admin.put(co('/gst-profile'), { ...PROFILE, units: [{ unit: 'ream', uqc: 'PAC' }, { unit: 'ream', uqc: 'BOX' }] }),
			400, 'invalid', 'units[1].unit');
		const before = Number(s.sql("SELECT count(*) FROM audit_log WHERE entity = 'gst_profile'"));
		const ok = await admin.put(co('/gst-profile'), { ...PROFILE, units: [{ unit: 'ream', uqc: 'PAC' }] });
		assert.equal(ok.status, 200, ok.text);
		assert.deepEqual(ok.json.units, [{ unit: 'ream', uqc: 'PAC' }]);
		assert.equal(Number(s.sql("SELECT count(*) FROM audit_log WHERE entity = 'gst_profile'")), before + 1);
		assert.match(s.sql("SELECT after_json FROM audit_log WHERE entity = 'gst_profile' ORDER BY seq DESC LIMIT 1"), /"units":\[\{"unit":"ream","uqc":"PAC"\}\]/);
		const w = await admin.get(co('/reports/gstr1.json?period=2026-10&warnings=1'));
		assert.deepEqual(w.json.warnings, []);
		assert.ok(w.json.file.hsn.data.some((h) => h.hsn_sc === '4802' && h.uqc === 'PAC' && h.qty === 3));
		const p = await admin.get(co('/gst-profile'));
		assert.deepEqual(p.json.units, [{ unit: 'ream', uqc: 'PAC' }]);
	});

	test('GSTR-3B: valid, with the hand-worked figures', async () => {
		const r = await admin.get(co('/reports/gstr3b.json?period=2026-10'));
		assert.equal(r.status, 200, r.text);
		const g = valid('gstr3b', r.text, 'GSTR-3B');
		assert.equal(g.ret_period, '102026');
		// 3.1(a): 3085 + 60000 + 125000 + 900 + 5000 - 1250; IGST 10800 + 22500; CGST 121.65 + 81 + 450 - 31.25
		assert.deepEqual(g.sup_details.osup_det, { txval: 192735, iamt: 33300, camt: 621.4, samt: 621.4, csamt: 0 });
		assert.deepEqual(g.inter_sup.unreg_details, [{ pos: '09', txval: 125000, iamt: 22500 }]);
		assert.deepEqual(g.itc_elg.itc_avl.map((x) => x.ty), ['IMPG', 'IMPS', 'ISRC', 'ISD', 'OTH']);
		assert.deepEqual(g.itc_elg.itc_avl[4], { ty: 'OTH', iamt: 0, camt: 1080, samt: 1080, csamt: 0 });
		assert.deepEqual(g.itc_elg.itc_net, { iamt: 0, camt: 1080, samt: 1080, csamt: 0 });
		// table 5: the exempt purchase within the state
		assert.deepEqual(g.inward_sup.isup_details, [{ ty: 'GST', inter: 0, intra: 1000 }, { ty: 'NONGST', inter: 0, intra: 0 }]);
		assert.match(r.text, /"osup_det":\{"txval":192735\.00,"iamt":33300\.00,"camt":621\.40,"samt":621\.40,"csamt":0\.00\}/);
	});

	test('e-invoice: an invoice within the state, with its seller, buyer, lines and values', async () => {
		const r = await admin.get(co(`/vouchers/${id.s1}/e-invoice`));
		assert.equal(r.status, 200, r.text);
		assert.match(r.headers.get('content-disposition'), new RegExp(`einvoice_${id.s1}\\.json`));
		const e = valid('einvoice', r.text, 'e-invoice');
		assert.deepEqual(e.TranDtls, { TaxSch: 'GST', SupTyp: 'B2B', RegRev: 'N', IgstOnIntra: 'N' });
		assert.deepEqual(e.DocDtls, { Typ: 'INV', No: num.s1, Dt: '05/10/2026' });
		assert.deepEqual(e.SellerDtls, { Gstin: GSTIN, LglNm: 'Alpha Test Co', TrdNm: 'Alpha Test Co', Addr1: '14, Kalbadevi Road',
			Addr2: 'Near Crawford Market', Loc: 'Mumbai', Pin: 400002, Stcd: '27', Ph: '02222012345', Em: 'accounts@example.in' });
		assert.deepEqual(e.BuyerDtls, { Gstin: makeGstin('27', makePan(11)), LglNm: 'Sharma Traders', TrdNm: 'Sharma Traders', Pos: '27',
			Addr1: 'Andheri East', Loc: 'Mumbai', Pin: 400069, Stcd: '27', Ph: '9820012345', Em: 'accounts@sharmatraders.in' });
		assert.equal(e.DispDtls, undefined);
		assert.equal(e.ShipDtls, undefined);
		assert.equal(e.ItemList.length, 2);
		const [steel, boxes] = e.ItemList;
		assert.deepEqual([steel.SlNo, steel.IsServc, steel.HsnCd, steel.Qty, steel.Unit, steel.UnitPrice, steel.TotAmt, steel.Discount, steel.AssAmt,
			steel.GstRt, steel.CgstAmt, steel.SgstAmt, steel.IgstAmt, steel.TotItemVal], ['1', 'N', '7214', 10, 'KGS', 68.5, 685, 0, 685, 18, 61.65, 61.65, 0, 808.3]);
		assert.deepEqual([boxes.Unit, boxes.TotAmt, boxes.Discount, boxes.AssAmt, boxes.GstRt, boxes.CgstAmt, boxes.TotItemVal], ['BOX', 2500, 100, 2400, 5, 60, 2520]);
		assert.deepEqual(e.ValDtls, { AssVal: 3085, CgstVal: 121.65, SgstVal: 121.65, IgstVal: 0, CesVal: 0, StCesVal: 0, Discount: 0, OthChrg: 0,
			RndOffAmt: -0.3, TotInvVal: 3328 });
		assert.match(r.text, /"RndOffAmt":-0\.30,"TotInvVal":3328\.00/);
		// the values add up as the IRP checks them
		const items = e.ItemList.reduce((t, i) => t + Math.round(i.TotItemVal * 100), 0);
		assert.equal(items + Math.round(e.ValDtls.RndOffAmt * 100), Math.round(e.ValDtls.TotInvVal * 100));
	});

	test('e-invoice: shipped elsewhere, a service, a credit note naming its invoice', async () => {
		const b = valid('einvoice', (await admin.get(co(`/vouchers/${id.s2}/e-invoice`))).text, 'inter-state');
		assert.deepEqual(b.ShipDtls, { Gstin: makeGstin('29', makePan(12)), LglNm: 'Nair Software Solutions', TrdNm: 'Nair Software Solutions',
			Addr1: 'Plot 7', Addr2: 'Peenya Industrial Area', Loc: 'Bengaluru', Pin: 560058, Stcd: '29' });
		assert.equal(b.BuyerDtls.Pin, 560034);
		assert.equal(b.BuyerDtls.Pos, '29');
		assert.deepEqual([b.ItemList[0].IgstAmt, b.ItemList[0].CgstAmt, b.ValDtls.IgstVal, b.ValDtls.TotInvVal], [10800, 0, 10800, 70800]);
		const sv = valid('einvoice', (await admin.get(co(`/vouchers/${id.s5}/e-invoice`))).text, 'service');
		assert.equal(sv.ItemList[0].IsServc, 'Y');
		assert.equal(sv.ItemList[0].Unit, undefined);
		const cn = valid('einvoice', (await admin.get(co(`/vouchers/${id.cn}/e-invoice`))).text, 'credit note');
		assert.deepEqual(cn.DocDtls, { Typ: 'CRN', No: num.cn, Dt: '22/10/2026' });
		assert.deepEqual(cn.RefDtls, { PrecDocDtls: [{ InvNo: num.s1, InvDt: '05/10/2026' }] });
		assert.deepEqual([cn.ValDtls.AssVal, cn.ValDtls.CgstVal, cn.ValDtls.RndOffAmt, cn.ValDtls.TotInvVal], [1250, 31.25, 0.5, 1313]);
	});

	test('e-invoice refusals: a B2C sale, a purchase, a cancelled invoice, another company\'s voucher', async () => {
		const reason = async (vid, status, want) => {
			const r = await admin.get(co(`/vouchers/${vid}/e-invoice`));
			assert.equal(r.status, status, r.text);
			if (want) assert.equal(r.json.error.reason, want);
		};
		await reason(id.s3, 422, 'einvoice_unregistered');
		await reason(id.p1, 422, 'einvoice_type');
		await reason(id.s6, 422, 'cancelled_voucher');
		await reason(999999, 404);
	});

	test('e-way bill: an inter-state consignment over ₹50,000 shipped to another place', async () => {
		const r = await admin.get(co(`/vouchers/${id.s2}/e-way-bill?vehicle_no=ka%2001%20ab%201234&distance=12`));
		assert.equal(r.status, 200, r.text);
		const w = valid('ewaybill', r.text, 'e-way bill');
		assert.equal(w.version, '1.0.0621');
		const b = w.billLists[0];
		assert.deepEqual([b.userGstin, b.supplyType, b.subSupplyType, b.docType, b.docNo, b.docDate], [GSTIN, 'O', '1', 'INV', num.s2, '08/10/2026']);
		assert.deepEqual([b.fromGstin, b.fromPlace, b.fromPincode, b.fromStateCode], [GSTIN, 'Mumbai', 400002, 27]);
		assert.deepEqual([b.toGstin, b.toPlace, b.toPincode, b.toStateCode, b.actToStateCode], [makeGstin('29', makePan(12)), 'Bengaluru', 560058, 29, 29]);
		assert.equal(b.transactionType, 2); // bill to - ship to
		assert.deepEqual([b.totalValue, b.igstValue, b.cgstValue, b.otherValue, b.totInvValue], [60000, 10800, 0, 0, 70800]);
		assert.deepEqual([b.transMode, b.transDistance, b.vehicleNo, b.vehicleType], ['1', '12', 'KA01AB1234', 'R']);
		assert.deepEqual(b.itemList, [{ itemNo: 1, productName: 'MS Steel Rod 16mm', productDesc: 'MS Steel Rod 16mm', hsnCode: 7214, quantity: 100,
			qtyUnit: 'KGS', taxableAmount: 60000, sgstRate: 0, cgstRate: 0, igstRate: 18, cessRate: 0, cessNonAdvol: 0 }]);
	});

	test('e-way bill refusals: at or under ₹50,000 (with the figures), services only, no goods type, a bad vehicle', async () => {
		const small = await admin.get(co(`/vouchers/${id.s1}/e-way-bill`));
		assert.equal(small.status, 422, small.text);
		assert.equal(small.json.error.reason, 'ewb_below_threshold');
		assert.equal(small.json.error.value, '3328.30');
		assert.equal(small.json.error.threshold, '50000.00');
		const svc = await admin.get(co(`/vouchers/${id.s5}/e-way-bill`));
		assert.equal(svc.json.error.reason, 'ewb_services');
		const cancelled = await admin.get(co(`/vouchers/${id.s6}/e-way-bill`));
		assert.equal(cancelled.json.error.reason, 'cancelled_voucher');
		assertError(assert, await admin.get(co(`/vouchers/${id.s2}/e-way-bill?vehicle_no=MH%2312`)), 400, 'invalid', 'vehicle_no');
		assertError(assert, await admin.get(co(`/vouchers/${id.s2}/e-way-bill?distance=5000`)), 400, 'invalid', 'distance');
		assertError(assert, await admin.get(co(`/vouchers/${id.s2}/e-way-bill?mode=camel`)), 400, 'invalid', 'mode');
		// the large unregistered sale goes to an unregistered person: URP
		const b2c = valid('ewaybill', (await admin.get(co(`/vouchers/${id.s3}/e-way-bill?mode=rail&doc_no=RR1234&doc_date=2026-10-12`))).text, 'b2c');
		assert.deepEqual([b2c.billLists[0].toGstin, b2c.billLists[0].toStateCode, b2c.billLists[0].transMode, b2c.billLists[0].transDocDate],
			['URP', 9, '2', '12/10/2026']);
	});

	test('the IRN entered back: checked, stored, audited, shown; entered twice changes nothing, another is refused', async () => {
		const irn = 'A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90';
		const body = { irn, ack_no: '112610000012345', ack_date: '2026-10-05 14:22:10', signed_qr: 'eyJhbGciOiJSUzI1NiJ9.eyJkYXRhIjoiMSJ9.c2ln' };
		assertError(assert, await admin.get(co(`/vouchers/${id.s1}/irn`)), 404, 'not_found', 'irn');
		assertError(assert, await admin.post(co(`/vouchers/${id.s1}/irn`), { ...body, irn: irn.slice(1) }), 400, 'invalid', 'irn');
		assertError(assert, await admin.post(co(`/vouchers/${id.s1}/irn`), { ...body, irn: `${irn.slice(1)}G` }), 400, 'invalid', 'irn');
		assertError(assert, await admin.post(co(`/vouchers/${id.s1}/irn`), { ...body, ack_no: '11-26' }), 400, 'invalid', 'ack_no');
		assertError(assert, await admin.post(co(`/vouchers/${id.s1}/irn`), { ...body, ack_date: '2026-10-05' }), 400, 'invalid', 'ack_date');
		assertError(assert, await admin.post(co(`/vouchers/${id.s1}/irn`), { ...body, signed_qr: 'not a jwt' }), 400, 'invalid', 'signed_qr');
		assertError(assert, await admin.post(co(`/vouchers/${id.s1}/irn`), { ack_no: '1', ack_date: body.ack_date }), 400, 'invalid', 'irn');
		const b2c = await admin.post(co(`/vouchers/${id.s3}/irn`), body);
		assert.equal(b2c.status, 422, b2c.text);
		assert.equal(b2c.json.error.reason, 'einvoice_unregistered');
		assert.equal(Number(s.sql("SELECT count(*) FROM voucher_irns")), 0);

		const r = await admin.post(co(`/vouchers/${id.s1}/irn`), body);
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.irn, irn.toLowerCase());
		assert.equal(r.json.ack_no, '112610000012345');
		assert.equal(r.json.voucher_id, id.s1);
		const rec = s.sql(`SELECT action || '|' || after_json FROM audit_log WHERE entity = 'voucher_irn' AND entity_id = ${id.s1}`);
		assert.match(rec, new RegExp(`^create\\|\\{"voucher_id":${id.s1},"irn":"${irn.toLowerCase()}","ack_no":"112610000012345"`));
		const got = await admin.get(co(`/vouchers/${id.s1}/irn`));
		assert.equal(got.status, 200);
		assert.equal(got.json.signed_qr, body.signed_qr);
		assert.equal(got.json.ack_date, '2026-10-05 14:22:10');
		const again = await admin.post(co(`/vouchers/${id.s1}/irn`), { ...body, irn: irn.toLowerCase() });
		assert.equal(again.status, 200, again.text);
		assert.equal(Number(s.sql("SELECT count(*) FROM audit_log WHERE entity = 'voucher_irn'")), 1);
		const other = await admin.post(co(`/vouchers/${id.s1}/irn`), { ...body, irn: 'f'.repeat(64) });
		assert.equal(other.status, 409, other.text);
		assert.equal(other.json.error.reason, 'irn_exists');
		const taken = await admin.post(co(`/vouchers/${id.s2}/irn`), body);
		assert.equal(taken.status, 409, taken.text);
		assert.equal(taken.json.error.reason, 'irn_taken');
	});

	test('the CLI writes the same files', async () => {
		const api1 = (await admin.get(co('/reports/gstr1.json?period=2026-10'))).text;
		const c1 = s.cli(['export', 'gstr1', '--data', s.dir, '--period', '2026-10']);
		assert.equal(c1.code, 0, c1.stderr);
		assert.equal(c1.stdout, `${api1}\n`);
		const c3 = s.cli(['export', 'gstr3b', '--data', s.dir, '--period', '2026-10']);
		assert.equal(c3.code, 0, c3.stderr);
		assert.equal(c3.stdout, `${(await admin.get(co('/reports/gstr3b.json?period=2026-10'))).text}\n`);
		const ce = s.cli(['export', 'e-invoice', '--data', s.dir, '--voucher', String(id.s1)]);
		assert.equal(ce.code, 0, ce.stderr);
		assert.equal(ce.stdout, `${(await admin.get(co(`/vouchers/${id.s1}/e-invoice`))).text}\n`);
		const cw = s.cli(['export', 'e-way-bill', '--data', s.dir, '--voucher', String(id.s2), '--vehicle', 'KA01AB1234', '--distance', '12']);
		assert.equal(cw.code, 0, cw.stderr);
		valid('ewaybill', cw.stdout, 'CLI e-way bill');
		const refused = s.cli(['export', 'e-way-bill', '--data', s.dir, '--voucher', String(id.s1)]);
		assert.equal(refused.code, 6, refused.stderr);
		assert.match(refused.stderr, /not more than ₹50,000/);
		assert.equal(s.cli(['export', 'gstr1', '--data', s.dir]).code, 2);
	});
});

describe('GST files of the demo office', () => {
	let s, admin;
	before(async () => {
		s = await startServer({ company: 'Saraswati Trading Company' });
		s.sql(`UPDATE companies SET state_code = '27', gstin = '${GSTIN}' WHERE id = 1`);
		const d = s.cli(['demo', '--data', s.dir, '--company', '1']);
		assert.equal(d.code, 0, d.stderr);
		admin = s.as('admin');
	});
	after(async () => { await s.stop(); });

	test('every month\'s GSTR-1 and GSTR-3B are valid, and agree with the returns\' reports', async () => {
		for (const m of ['2026-08', '2026-09', '2026-10', '2026-11']) {
			const r1 = await admin.get(co(`/reports/gstr1.json?period=${m}&warnings=1`));
			assert.equal(r1.status, 200, r1.text);
			const g1 = valid('gstr1', JSON.stringify(r1.json.file), `GSTR-1 ${m}`);
			assert.ok(g1.b2b.length > 0 && g1.hsn.data.length > 0 && g1.doc_issue.doc_det.length > 0, m);
			assert.deepEqual(r1.json.warnings, [], `${m}: the demo maps its reams`);
			const r3 = await admin.get(co(`/reports/gstr3b.json?period=${m}`));
			const g3 = valid('gstr3b', r3.text, `GSTR-3B ${m}`);
			const last = new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5)), 0)).toISOString().slice(0, 10);
			const rep = (await admin.get(co(`/reports/gstr3b?from=${m}-01&to=${last}`))).json;
			const row = rep.tables[0].rows.find((x) => x.cells.section === '3.1(a)');
			assert.equal(Math.round(g3.sup_details.osup_det.txval * 100), Math.round(Number(row.cells.taxable) * 100), m);
			assert.equal(Math.round(g3.sup_details.osup_det.iamt * 100), Math.round(Number(row.cells.igst) * 100), m);
		}
	});

	test('every invoice to a registered buyer has a valid e-invoice; every consignment over ₹50,000 a valid e-way bill', async () => {
		const sales = s.sql("SELECT id || ':' || CASE WHEN party_gstin IS NULL AND coalesce(supply_type, '') NOT LIKE 'export%' THEN 0 ELSE 1 END FROM vouchers WHERE type IN ('sales', 'credit_note') AND status = 'active' ORDER BY id")
			.split('\n').filter(Boolean).map((x) => x.split(':').map(Number));
		let einv = 0, ewb = 0, small = 0;
		for (const [vid, registered] of sales) {
			const e = await admin.get(co(`/vouchers/${vid}/e-invoice`));
			if (registered) {
				assert.equal(e.status, 200, e.text);
				valid('einvoice', e.text, `e-invoice ${vid}`);
				einv++;
			} else {
				assert.equal(e.json.error.reason, 'einvoice_unregistered');
			}
			const w = await admin.get(co(`/vouchers/${vid}/e-way-bill?vehicle_no=MH04AB1234`));
			if (w.status === 200) {
				const b = valid('ewaybill', w.text, `e-way bill ${vid}`).billLists[0];
				assert.ok(Math.round((b.totalValue + b.cgstValue + b.sgstValue + b.igstValue) * 100) > 5000000, `${vid} is over the threshold`);
				ewb++;
			} else {
				assert.ok(['ewb_below_threshold', 'ewb_services'].includes(w.json.error.reason), w.text);
				small++;
			}
		}
		assert.ok(einv > 20 && ewb > 5 && small > 5, `${einv} e-invoices, ${ewb} e-way bills, ${small} refused`);
		// the demo's registered invoice shows its IRN
		const irn = s.sql('SELECT voucher_id FROM voucher_irns');
		assert.ok(Number(irn) > 0);
		const got = await admin.get(co(`/vouchers/${Number(irn)}/irn`));
		assert.match(got.json.irn, /^[0-9a-f]{64}$/);
	});
});
