/* demo.c - believable demo data so a newcomer sees an office at work (`init --demo`). Every change
 * goes through the domain actions a user's would (parties, ledgers, items, vouchers, stock
 * journals, the books' first day, the office's people and hours, a bank statement imported), so
 * each is audited. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/bills.h"
#include "admin/company.h"
#include "auth/auth.h"
#include "books/books.h"
#include "cli/cli.h"
#include "gst/gst.h"
#include "lib/buf.h"
#include "lib/date.h"
#include "lib/india.h"
#include "lib/money.h"
#include "inventory/inventory.h"
#include "parties/parties.h"
#include "reports/reports.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_UNIT,
	SQL_HELD,
	SQL_HELD_BATCH,
	SQL_FIRST_B2B,
	SQL_MAX
};

/* Reads the inventory module has no function for yet: a unit by its symbol, and what a godown
 * (or one batch in it) holds now. */
static const char *const sql[SQL_MAX] = {
	[SQL_UNIT] = "SELECT id FROM units WHERE company_id = ? AND symbol = ?",
	[SQL_HELD] = "SELECT coalesce(sum(qty), 0) FROM stock_balance WHERE company_id = ? AND item_id = ? AND godown_id = ?",
	[SQL_HELD_BATCH] = "SELECT coalesce(sum(qty_left), 0) FROM stock_layers WHERE company_id = ? AND item_id = ? "
			   "AND godown_id = ? AND batch = ?",
	/* the first sale to a registered buyer: the demo's invoice registered on the IRP */
	[SQL_FIRST_B2B] = "SELECT id, date FROM vouchers WHERE company_id = ? AND type = 'sales' AND status = 'active' "
			  "AND party_gstin IS NOT NULL ORDER BY date, id LIMIT 1",
};

struct demo_party {
	const char *kind, *name, *state, *pan, *phone, *email, *city;
	const char *credit;  /* paise */
	int terms;
	const char *name_hi; /* the name in Hindi, where the party is known by one too */
};

static const struct demo_party demo_parties[] = {
	{"customer", "Sharma Traders", "27", "AAPFS1234K", "9820012345", "accounts@sharmatraders.in", "Andheri East, Mumbai 400069", "50000000", 30, "शर्मा ट्रेडर्स"},
	{"customer", "शर्मा एंड संस", "09", "ABCPS5678L", "9415023456", "sharmasons@gmail.com", "हज़रतगंज, लखनऊ 226001", "20000000", 15, NULL},
	{"customer", "Gupta Electricals Pvt Ltd", "07", "AACCG4321M", "9811034567", "purchase@guptaelectricals.co.in", "Lajpat Nagar, New Delhi 110024", "100000000", 45, "गुप्ता इलेक्ट्रिकल्स"},
	{"customer", "Patel Agro Industries", "24", "AADFP7788N", "9825045678", "info@patelagro.in", "GIDC Vatva, Ahmedabad 382445", "75000000", 30, "पटेल एग्रो इंडस्ट्रीज़"},
	{"customer", "Iyer & Iyer Associates", "33", "AAEFI2468P", "9840056789", "office@iyerassociates.in", "T. Nagar, Chennai 600017", "15000000", 30, NULL},
	{"customer", "Reddy Constructions", "36", "AAFCR1357Q", "9849067890", "accounts@reddyconstructions.com", "Banjara Hills, Hyderabad 500034", "250000000", 60, NULL},
	{"customer", "बंसल किराना स्टोर", "08", "ABGPB9753R", "9414078901", NULL, "जौहरी बाज़ार, जयपुर 302003", "5000000", 7, NULL},
	{"customer", "Kulkarni Pharma Distributors", "27", "AAHCK8642S", "9822089012", "orders@kulkarnipharma.in", "Shivajinagar, Pune 411005", "80000000", 30, "कुलकर्णी फ़ार्मा डिस्ट्रीब्यूटर्स"},
	{"customer", "Banerjee Textiles", "19", "AAIFB3579T", "9831090123", "banerjee.tex@yahoo.co.in", "Burrabazar, Kolkata 700007", "40000000", 45, NULL},
	{"customer", "Singh Auto Parts", "03", "ABJPS2460U", "9815001234", "singhautoparts@gmail.com", "Miller Ganj, Ludhiana 141003", "30000000", 30, "सिंह ऑटो पार्ट्स"},
	{"customer", "Menon Hospitality LLP", "32", "AAKFM1122V", "9847012345", "finance@menonhospitality.in", "MG Road, Kochi 682016", "60000000", 30, NULL},
	{"customer", "Agarwal Sweets & Namkeen", "23", "ABLPA3344W", "9826023456", NULL, "Sarafa Bazaar, Indore 452002", "10000000", 15, "अग्रवाल स्वीट्स एंड नमकीन"},
	{"customer", "Nair Software Solutions", "29", "AAMCN5566X", "9845034567", "ap@nairsoftware.com", "Koramangala, Bengaluru 560034", "120000000", 30, NULL},
	{"customer", "यादव डेयरी फ़ार्म", "10", "ABNPY7788Y", "9431045678", NULL, "बोरिंग रोड, पटना 800001", "8000000", 15, NULL},
	{"customer", "Chopra Furnishings", "06", "AAOFC9900Z", "9812056789", "chopra.furnishings@gmail.com", "Sector 14, Gurugram 122001", "45000000", 30, "चोपड़ा फ़र्निशिंग्स"},
	{"vendor", "Tata Steel Dealers - Mehta & Co", "27", "AAPFM2233A", "9820167890", "sales@mehtasteel.in", "Masjid Bunder, Mumbai 400009", "0", 30, NULL},
	{"vendor", "Jain Packaging Industries", "24", "AAQCJ4455B", "9825178901", "dispatch@jainpackaging.com", "Naroda, Ahmedabad 382330", "0", 45, "जैन पैकेजिंग इंडस्ट्रीज़"},
	{"vendor", "Krishna Transport Co", "07", "AARFK6677C", "9811189012", "bookings@krishnatransport.in", "Sanjay Gandhi Transport Nagar, Delhi 110042", "0", 15, "कृष्णा ट्रांसपोर्ट कंपनी"},
	{"vendor", "Sri Lakshmi Printers", "36", "AASPL8899D", "9849190123", "srilakshmiprinters@gmail.com", "Chikkadpally, Hyderabad 500020", "0", 30, NULL},
	{"vendor", "वर्मा स्टेशनरी मार्ट", "09", "ABTPV1010E", "9415101234", NULL, "अमीनाबाद, लखनऊ 226018", "0", 7, NULL},
	{"vendor", "Deshpande Office Supplies", "27", "AAUFD1212F", "9822112345", "orders@deshpandeoffice.in", "Sadashiv Peth, Pune 411030", "0", 30, NULL},
	{"vendor", "Kaveri Power Systems", "29", "AAVCK1414G", "9845123456", "service@kaveripower.in", "Peenya, Bengaluru 560058", "0", 30, NULL},
	{"vendor", "Bharat Chemicals", "24", "AAWFB1616H", "9825134567", "bharatchem@rediffmail.com", "Ankleshwar GIDC, Bharuch 393002", "0", 60, NULL},
	{"vendor", "Saxena IT Services", "09", "ABXPS1818J", "9415145678", "support@saxenait.in", "Sector 62, Noida 201301", "0", 15, "सक्सेना आईटी सर्विसेज़"},
	{"vendor", "Goyal Electric Works", "08", "ABYPG2020K", "9414156789", NULL, "Vishwakarma Industrial Area, Jaipur 302013", "0", 30, "गोयल इलेक्ट्रिक वर्क्स"},
};

/* A small deterministic generator, so every demo office looks the same. */
static uint32_t demo_rand(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

static const struct {
	const char *name, *hsn, *unit;
	int64_t rate;      /* paise */
	int64_t gst;       /* basis points */
	const char *sku, *name_hi, *group;  /* stock items; sku NULL for a service */
	int64_t opening, reorder;           /* whole units in the main godown; reorder level */
} demo_goods[] = {
	{"MS Steel Rod 12mm", "7214", "kg", 6850, 1800, "ST-ROD-12", "एमएस स्टील रॉड 12mm", "Building Material", 900, 400},
	{"Copper Wire 2.5 sq mm (90 m)", "8544", "roll", 245000, 1800, "EL-CW-25", "कॉपर वायर 2.5 sq mm", "Electricals", 60, 40},
	{"LED Panel 18W", "9405", "pcs", 42000, 1800, "EL-LED-18", "एलईडी पैनल 18W", "Electricals", 120, 150},
	{"PVC Conduit Pipe 25mm", "3917", "pcs", 8900, 1800, "EL-PVC-25", "पीवीसी कंड्यूट पाइप 25mm", "Electricals", 300, 100},
	{"Cement OPC 53 (50 kg)", "2523", "bag", 39000, 1800, "BM-CEM-53", "सीमेंट ओपीसी 53 (50 किलो)", "Building Material", 250, 200},
	{"Basmati Rice (25 kg)", "1006", "bag", 215000, 500, "GR-RICE-25", "बासमती चावल (25 किलो)", "Groceries", 80, 30},
	{"A4 Copier Paper (500 sheets)", "4802", "ream", 28500, 1800, "ST-A4-500", "ए4 कॉपियर पेपर (500 शीट)", "Stationery", 150, 60},
	{"Installation service", "9954", "job", 150000, 1800, NULL, NULL, NULL, 0, 0},
};
#define DEMO_GOODS (sizeof demo_goods / sizeof demo_goods[0])

/* The stock side of the demo office: items for the goods above, a second warehouse, a batch-tracked
 * medicine and pens kept by the piece but bought by the box. */
struct demo_stock {
	int64_t item[DEMO_GOODS];  /* 0 for a service */
	int64_t main, bhiwandi;    /* godowns */
	int64_t pcm, pen;          /* Paracetamol (batches), ball pens (pcs, bought in boxes) */
	int pcm_lots;
	char pcm_sale[40], pcm_batch[41]; /* the last sale of Paracetamol: its number and batch */
	int returned, late_bill;   /* what the office found out later is entered */
};

static int demo_items(struct db *db, int64_t cid, struct demo_stock *ds, struct err *e)
{
	static const char *const groups[] = {"Electricals", "Building Material", "Groceries", "Stationery", "Pharma"};
	int64_t group_id[5];
	int rc;

	memset(ds, 0, sizeof *ds);
	for (size_t i = 0; i < 5; i++)
		if ((rc = item_group_create(db, cid, 0, groups[i], 0, &group_id[i], e)) < 0)
			return rc;
	if ((rc = godown_create(db, cid, 0, "Bhiwandi Warehouse", "Gala 14, Rahnal Village, Bhiwandi 421302", &ds->bhiwandi, e)) < 0)
		return rc;
	if ((rc = report_pick_godown(db, cid, "Main Godown", &ds->main, e)) < 0)
		return rc;
	for (size_t g = 0; g < DEMO_GOODS + 2; g++) {
		struct item_input in;
		int64_t *out;
		const char *unit, *group;
		memset(&in, 0, sizeof in);
		if (g < DEMO_GOODS) {
			if (!demo_goods[g].sku)
				continue;
			in.sku = demo_goods[g].sku;
			in.name = demo_goods[g].name;
			in.name_hi = demo_goods[g].name_hi;
			in.hsn = demo_goods[g].hsn;
			in.gst_rate = demo_goods[g].gst;
			in.reorder_level = demo_goods[g].reorder * 1000;
			in.reorder_qty = demo_goods[g].reorder * 2000;
			in.nopening = 1;
			in.opening[0].godown_id = ds->main;
			in.opening[0].qty = demo_goods[g].opening * 1000;
			in.opening[0].rate = demo_goods[g].rate * 95 / 100;
			unit = demo_goods[g].unit;
			group = demo_goods[g].group;
			out = &ds->item[g];
		} else if (g == DEMO_GOODS) {
			in.sku = "PH-PCM-500";
			in.name = "Paracetamol 500 mg (strip of 10)";
			in.name_hi = "पैरासिटामोल 500 mg (10 गोली)";
			in.hsn = "3004";
			in.gst_rate = 500; /* medicines: 12 % until 21 September 2025 */
			in.reorder_level = 200000;
			in.reorder_qty = 500000;
			in.tracks_batches = 1;
			in.nopening = 1;
			in.opening[0].godown_id = ds->main;
			in.opening[0].qty = 300000;
			in.opening[0].rate = 1800;
			snprintf(in.opening[0].batch, sizeof in.opening[0].batch, "PCM-2603");
			snprintf(in.opening[0].expiry, sizeof in.opening[0].expiry, "2027-02-28");
			unit = "pcs";
			group = "Pharma";
			out = &ds->pcm;
		} else {
			in.sku = "ST-PEN-BLU";
			in.name = "Ball Pen Blue";
			in.name_hi = "बॉल पेन नीला";
			in.hsn = "9608";
			in.gst_rate = 1800;
			in.reorder_level = 60000;
			unit = "pcs";
			group = "Stationery";
			out = &ds->pen;
		}
		if ((rc = db_i64(db, sql[SQL_UNIT], DB_ARGS(DB_I64(cid), DB_TEXT(unit)), &in.unit_id, e)) < 0)
			return rc;
		for (size_t k = 0; k < 5; k++)
			if (strcmp(groups[k], group) == 0)
				in.group_id = group_id[k];
		if ((rc = item_create(db, cid, 0, &in, out, e)) < 0)
			return rc;
	}
	return 0;
}

/* What godown holds of item now (thousandths); of one batch when batch is not NULL. */
static int64_t demo_held(struct db *db, int64_t cid, int64_t item, int64_t godown, const char *batch)
{
	struct err e = ERR_INIT;
	int64_t q = 0;
	int rc = batch ? db_i64(db, sql[SQL_HELD_BATCH], DB_ARGS(DB_I64(cid), DB_I64(item), DB_I64(godown), DB_TEXT(batch)), &q, &e)
		       : db_i64(db, sql[SQL_HELD], DB_ARGS(DB_I64(cid), DB_I64(item), DB_I64(godown)), &q, &e);
	return rc == DB_ROW ? q : 0;
}

static int demo_ledger(struct db *db, int64_t cid, const char *name, const char *group, int64_t opening,
		       int64_t *ret, struct err *e)
{
	struct ledger_input in;
	struct ledger *l = malloc(sizeof *l);
	int rc;
	if (!l)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	memset(&in, 0, sizeof in);
	in.name = name;
	in.opening_balance = opening;
	rc = group_by_code(db, cid, group, &in.group_id, e);
	if (rc >= 0)
		rc = ledger_create(db, cid, 0, &in, l, e);
	if (rc >= 0)
		*ret = l->id;
	free(l);
	return rc;
}

static int demo_post(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	int rc = voucher_post(db, cid, 0, v, e);
	voucher_free(v);
	return rc;
}

static struct voucher *demo_voucher(enum voucher_type type, const char *date, int64_t party, const char *ref)
{
	struct voucher *v = voucher_new();
	if (!v)
		return NULL;
	v->type = type;
	v->party_id = party;
	snprintf(v->date, sizeof v->date, "%s", date);
	snprintf(v->reference, sizeof v->reference, "%s", ref ? ref : "");
	return v;
}

static int demo_line(struct voucher *v, int64_t item, const char *desc, const char *hsn, int64_t qty, const char *unit, int64_t rate,
		     int64_t gst, const char *batch, const char *expiry, struct err *e)
{
	struct voucher_item *it = voucher_add_item(v);
	if (!it)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	it->item_id = item;
	snprintf(it->description, sizeof it->description, "%s", desc);
	snprintf(it->hsn, sizeof it->hsn, "%s", hsn);
	snprintf(it->unit, sizeof it->unit, "%s", unit);
	snprintf(it->batch, sizeof it->batch, "%s", batch ? batch : "");
	snprintf(it->expiry, sizeof it->expiry, "%s", expiry ? expiry : "");
	it->qty = qty;
	it->rate = rate;
	it->gst_rate = gst;
	return 0;
}

/* The stock-keeper's days: medicine bought in batches and sold to the pharma distributor by batch,
 * pens bought by the box and sold by the piece, the warehouse sending rods and cement to the main
 * godown each fortnight, paper used in the office, and a count of the main godown last week. */
static int demo_stock_day(struct db *db, int64_t cid, struct demo_stock *ds, const int64_t *customers, const int64_t *vendors,
			  const char *date, int day, struct err *e)
{
	static const struct { const char *batch, *expiry; } lots[] = {
		{"PCM-2607", "2028-06-30"}, {"PCM-2609", "2028-08-31"}, {"PCM-2610", "2028-09-30"},
	};
	struct voucher *v = NULL;
	int rc = 0;

	if (day % 37 == 3 && ds->pcm_lots < 3) { /* a lot of Paracetamol from Bharat Chemicals */
		int k = ds->pcm_lots++;
		char ref[24];
		snprintf(ref, sizeof ref, "BC/%d/%03d", 26, 140 + day);
		if (!(v = demo_voucher(VT_PURCHASE, date, vendors[8], ref)))
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		rc = demo_line(v, ds->pcm, "Paracetamol 500 mg (strip of 10)", "3004", 500000, "pcs", 1750, 500, lots[k].batch, lots[k].expiry, e);
	} else if (day % 9 == 5) { /* Kulkarni Pharma buys strips, from the oldest batch that has them */
		static const char *const order[] = {"PCM-2603", "PCM-2607", "PCM-2609", "PCM-2610"};
		int64_t want = (int64_t)(40 + day % 5 * 20) * 1000;
		for (size_t k = 0; k < 4; k++) {
			int64_t held = demo_held(db, cid, ds->pcm, ds->main, order[k]);
			if (held <= 0)
				continue;
			if (!(v = demo_voucher(VT_SALES, date, customers[7], NULL)))
				return err_set(e, ERR_INTERNAL, NULL, "out of memory");
			rc = demo_line(v, ds->pcm, "Paracetamol 500 mg (strip of 10)", "3004", want < held ? want : held, "pcs", 2400, 500, order[k], NULL, e);
			break;
		}
	} else if (day % 29 == 2) { /* ten boxes of pens */
		if (!(v = demo_voucher(VT_PURCHASE, date, vendors[5], "DOS/7781")))
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		rc = demo_line(v, ds->pen, "Ball Pen Blue", "9608", 10000, "box", 9600, 1800, NULL, NULL, e);
	} else if (day % 11 == 7 && demo_held(db, cid, ds->pen, ds->main, NULL) >= 36000) { /* pens by the piece or the box */
		if (!(v = demo_voucher(VT_SALES, date, customers[day % 15], NULL)))
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		rc = day % 2 ? demo_line(v, ds->pen, "Ball Pen Blue", "9608", 24000, "pcs", 1000, 1800, NULL, NULL, e)
			     : demo_line(v, ds->pen, "Ball Pen Blue", "9608", 2000, "box", 11500, 1800, NULL, NULL, e);
	}
	if (v) {
		if (rc >= 0)
			rc = voucher_post(db, cid, 0, v, e);
		if (rc >= 0 && v->type == VT_SALES && v->items[0].item_id == ds->pcm) {
			snprintf(ds->pcm_sale, sizeof ds->pcm_sale, "%s", v->number);
			snprintf(ds->pcm_batch, sizeof ds->pcm_batch, "%s", v->items[0].batch);
		}
		voucher_free(v);
		if (rc < 0)
			return rc;
	}
	if (day % 14 == 6) { /* the warehouse sends what it holds of rods and cement */
		struct stock_line l[2];
		int n = 0;
		int64_t jid;
		memset(l, 0, sizeof l);
		for (int g = 0; g < 5; g += 4) {
			int64_t held = demo_held(db, cid, ds->item[g], ds->bhiwandi, NULL);
			if (held < 1000)
				continue;
			l[n].item_id = ds->item[g];
			l[n].godown_id = ds->bhiwandi;
			l[n].to_godown_id = ds->main;
			l[n].qty = held / 1000 * 1000;
			n++;
		}
		if (n && (rc = stock_journal_post(db, cid, 0, "transfer", date, "Truck MH-04-GF-2231 to the main godown", l, n, &jid, e)) < 0)
			return rc;
	}
	if (day % 30 == 10 && demo_held(db, cid, ds->item[6], ds->main, NULL) >= 10000) { /* paper used in the office */
		struct stock_line l;
		int64_t jid;
		memset(&l, 0, sizeof l);
		l.item_id = ds->item[6];
		l.godown_id = ds->main;
		l.qty = 6000;
		if ((rc = stock_journal_post(db, cid, 0, "consumption", date, "Office printing", &l, 1, &jid, e)) < 0)
			return rc;
	}
	if (day == 110) { /* last week's count: two reams short, one LED panel more than the books */
		struct stock_line c[2];
		int64_t jid;
		memset(c, 0, sizeof c);
		c[0].item_id = ds->item[6];
		c[0].qty = demo_held(db, cid, ds->item[6], ds->main, NULL) - 2000;
		c[1].item_id = ds->item[2];
		c[1].qty = demo_held(db, cid, ds->item[2], ds->main, NULL) + 1000;
		if (c[0].qty < 0)
			c[0].qty = 0;
		if ((rc = stock_verify(db, cid, 0, date, ds->main, c, 2, &jid, e)) < 0)
			return rc;
	}
	return 0;
}

/* What the office finds out later: Kulkarni Pharma sends back ten strips of its last order,
 * damaged in transit (a credit note naming the sale, so they come back into stock at the cost they
 * went out at, not at the price), and a bill of pens from Deshpande Office Supplies that was
 * mislaid is entered three weeks after its date (every pen sale since is costed again). */
static int demo_late(struct db *db, int64_t cid, struct demo_stock *ds, const int64_t *customers, const int64_t *vendors,
		     const char *date, const char *weeks_ago, int day, struct err *e)
{
	struct voucher *v;
	int rc;
	if (day >= 64 && !ds->returned && ds->pcm_sale[0]) {
		ds->returned = 1;
		if (!(v = demo_voucher(VT_CREDIT_NOTE, date, customers[7], ds->pcm_sale)))
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		rc = demo_line(v, ds->pcm, "Paracetamol 500 mg (strip of 10), damaged in transit", "3004", 10000, "pcs", 2400, 500, ds->pcm_batch,
			       NULL, e);
	} else if (day >= 100 && !ds->late_bill) {
		ds->late_bill = 1;
		if (!(v = demo_voucher(VT_PURCHASE, weeks_ago, vendors[5], "DOS/7815")))
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		rc = demo_line(v, ds->pen, "Ball Pen Blue", "9608", 5000, "box", 9400, 1800, NULL, NULL, e);
	} else {
		return 0;
	}
	if (rc < 0) {
		voucher_free(v);
		return rc;
	}
	return demo_post(db, cid, v, e);
}

/* An entry of the HDFC account in the month its statement covers. */
struct demo_bank {
	char date[DATE_ISO_SIZE];
	int64_t amount;       /* debit (a deposit) above zero */
	char what[64];
};

#define DEMO_BANK_MAX 160

/* The demo office being built. */
struct demo {
	struct db *db;
	int64_t cid;
	int64_t customers[15], vendors[10];
	int ncust, nvend;
	int64_t hdfc, sbi, rent, salary, power, capital, cash;   /* ledgers */
	struct demo_stock ds;
	uint32_t seed;
	struct demo_bank bank[DEMO_BANK_MAX];
	int nbank;
	int advances;            /* numbers the advance receipts */
	int64_t abroad, advocate; /* the export customer in Dubai; the advocate billed under reverse charge */
	char bank_from[DATE_ISO_SIZE], bank_to[DATE_ISO_SIZE]; /* the days the HDFC statement covers */
};

/* The two lines of a receipt or payment in *a and *b; -1 when out of memory. */
static int demo_two_lines(struct voucher *v, struct voucher_line **a, struct voucher_line **b)
{
	if (!voucher_add_line(v) || !voucher_add_line(v))
		return -1;
	/* the second add may move the array */
	*a = &v->lines[0];
	*b = &v->lines[1];
	return 0;
}

/* A sale of one to three goods out of the main godown, never more than it holds (nor one item
 * twice in a bill): else the line is a service. */
/* The advance a customer paid and no invoice has taken yet, if any. */
static int demo_advance(void *ctx, const struct bill_row *b)
{
	if (!b->advance || b->pending >= 0)
		return 0;
	*(struct bill_row *)ctx = *b;
	return 1;
}

/* A sale to a customer who paid in advance takes the advance (Agst Ref) and raises a bill for
 * the rest (New Ref, the invoice's number): the allocations of the invoice's party line. */
static int demo_sale_advance(struct demo *d, struct voucher *v, struct err *e)
{
	struct bill_row adv;
	struct voucher *p;
	struct bill_alloc *a;
	int64_t ledger, left;
	int rc;
	memset(&adv, 0, sizeof adv);
	if ((rc = ledger_of_party(d->db, d->cid, v->party_id, &ledger, e)) < 0 ||
	    (rc = bills_of_ledger(d->db, d->cid, ledger, 1, demo_advance, &adv, e)) < 0 || !adv.ref[0])
		return rc < 0 ? rc : 0;
	if (!(p = voucher_new()))
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	*p = *v; /* the invoice's total, without a second copy of its items */
	p->items = NULL;
	p->lines = NULL;
	p->allocs = NULL;
	p->nitems = p->nlines = p->nallocs = 0;
	for (int i = 0; i < v->nitems && rc >= 0; i++) {
		struct voucher_item *it = voucher_add_item(p);
		if (!it)
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		else
			*it = v->items[i];
	}
	if (rc >= 0)
		rc = voucher_prepare(d->db, d->cid, p, e);
	left = p->total + adv.pending; /* the advance is a credit */
	voucher_free(p);
	if (rc < 0)
		return rc;
	if (!(a = voucher_add_alloc(v)))
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	a->line = BILL_PARTY_LINE;
	a->kind = BILL_AGST;
	snprintf(a->ref, sizeof a->ref, "%s", adv.ref);
	a->amount = left > 0 ? -adv.pending : -adv.pending + left;
	if (left > 0) {
		if (!(a = voucher_add_alloc(v)))
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		a->line = BILL_PARTY_LINE;
		a->kind = BILL_NEW; /* no ref: the invoice's number */
		a->amount = left;
	}
	return 0;
}

static int demo_sale(struct demo *d, struct voucher *v, struct err *e)
{
	int n = 1 + (int)(demo_rand(&d->seed) % 3);
	v->type = VT_SALES;
	v->party_id = d->customers[demo_rand(&d->seed) % (uint32_t)d->ncust];
	for (int i = 0; i < n; i++) {
		struct voucher_item *it = voucher_add_item(v);
		int g = (int)(demo_rand(&d->seed) % DEMO_GOODS);
		int64_t held;
		if (!it)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		it->qty = (int64_t)(1 + demo_rand(&d->seed) % 40) * 1000;
		held = d->ds.item[g] ? demo_held(d->db, d->cid, d->ds.item[g], d->ds.main, NULL) : 0;
		for (int j = 0; j < i && held; j++)
			if (v->items[j].item_id == d->ds.item[g])
				held = 0;
		if (d->ds.item[g] && held >= 1000) {
			it->item_id = d->ds.item[g];
			if (it->qty > held)
				it->qty = held / 1000 * 1000;
		} else {
			g = DEMO_GOODS - 1;
			it->qty = (int64_t)(1 + demo_rand(&d->seed) % 3) * 1000;
		}
		snprintf(it->description, sizeof it->description, "%s", demo_goods[g].name);
		snprintf(it->hsn, sizeof it->hsn, "%s", demo_goods[g].hsn);
		snprintf(it->unit, sizeof it->unit, "%s", demo_goods[g].unit);
		it->rate = demo_goods[g].rate * 115 / 100;
		it->gst_rate = demo_goods[g].gst;
		it->discount = (demo_rand(&d->seed) % 4 == 0) ? it->rate * it->qty / 1000 / 20 : 0;
	}
	return demo_sale_advance(d, v, e);
}

/* A purchase of goods (not the service); heavy goods are unloaded at the warehouse. */
static int demo_purchase(struct demo *d, struct voucher *v, struct err *e)
{
	struct voucher_item *it = voucher_add_item(v);
	int g = (int)(demo_rand(&d->seed) % (DEMO_GOODS - 1));
	v->type = VT_PURCHASE;
	v->party_id = d->vendors[demo_rand(&d->seed) % (uint32_t)d->nvend];
	if (!it)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	snprintf(it->description, sizeof it->description, "%s", demo_goods[g].name);
	snprintf(it->hsn, sizeof it->hsn, "%s", demo_goods[g].hsn);
	snprintf(it->unit, sizeof it->unit, "%s", demo_goods[g].unit);
	it->qty = (int64_t)(10 + demo_rand(&d->seed) % 90) * 1000;
	it->item_id = d->ds.item[g];
	if (g == 0 || g == 4)
		it->godown_id = d->ds.bhiwandi;
	it->rate = demo_goods[g].rate;
	it->gst_rate = demo_goods[g].gst;
	snprintf(v->reference, sizeof v->reference, "BILL-%u", 4000 + demo_rand(&d->seed) % 5000);
	return 0;
}

/* The bills of a party a receipt or payment settles: pending ones at least `days` old on `date`,
 * oldest first, at most four. */
struct demo_bills {
	const char *date;
	int days, n;
	struct bill_row b[4];
};

static int demo_bill(void *ctx, const struct bill_row *b)
{
	struct demo_bills *p = ctx;
	if (date_iso_diff(b->date, p->date) < p->days || b->advance)
		return 0;
	p->b[p->n++] = *b;
	return p->n == 4;
}

/* Line `line` of v (on the party's ledger) settles the party's bills old enough: its amount (the
 * sign the line takes) is what they have pending, the last one now and then paid in part; 0 when
 * nothing is due. */
static int demo_settle(struct demo *d, struct voucher *v, int line, const char *date, int days, int64_t *ret_amount,
		       struct err *e)
{
	struct demo_bills p;
	int64_t total = 0;
	int rc;
	memset(&p, 0, sizeof p);
	p.date = date;
	p.days = days;
	*ret_amount = 0;
	if ((rc = bills_of_ledger(d->db, d->cid, v->lines[line].ledger_id, 1, demo_bill, &p, e)) < 0)
		return rc;
	for (int i = 0; i < p.n; i++) {
		struct bill_alloc *a = voucher_add_alloc(v);
		int64_t due = p.b[i].pending < 0 ? -p.b[i].pending : p.b[i].pending;
		if (!a)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		if (i == p.n - 1 && p.n > 1 && demo_rand(&d->seed) % 4 == 0)
			due = due / 200 * 100; /* half of the last one, in whole rupees */
		a->line = line;
		a->kind = BILL_AGST;
		snprintf(a->ref, sizeof a->ref, "%s", p.b[i].ref);
		a->amount = due;
		if (__builtin_add_overflow(total, due, &total))
			return err_set(e, ERR_UNPROCESSABLE, NULL, "amounts are too large");
	}
	*ret_amount = total;
	return 0;
}

/* A receipt from a customer into a bank, against the customer's bills that are due (else an
 * advance, now and then, or on account). */
static int demo_receipt(struct demo *d, struct voucher *v, struct err *e)
{
	struct voucher_line *a, *b;
	int64_t amount = 0;
	uint32_t first = demo_rand(&d->seed) % (uint32_t)d->ncust;
	int rc;
	if (demo_two_lines(v, &a, &b) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	v->type = VT_RECEIPT;
	a->ledger_id = (demo_rand(&d->seed) % 3) ? d->hdfc : d->sbi;
	snprintf(v->narration, sizeof v->narration, "NEFT received");
	for (int k = 0; k < 2 * d->ncust && !amount; k++) { /* bills due first, else any bill */
		int64_t cust = d->customers[(first + (uint32_t)k) % (uint32_t)d->ncust];
		if ((rc = ledger_of_party(d->db, d->cid, cust, &v->lines[1].ledger_id, e)) < 0 ||
		    (rc = demo_settle(d, v, 1, v->date, k < d->ncust ? 12 : 0, &amount, e)) < 0)
			return rc;
	}
	a = &v->lines[0];
	b = &v->lines[1];
	if (!amount) { /* nothing due anywhere: an advance against an order */
		struct bill_alloc *adv = voucher_add_alloc(v);
		if (!adv)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		amount = (int64_t)(5000 + demo_rand(&d->seed) % 60000) * 100;
		adv->line = 1;
		adv->kind = BILL_ADVANCE;
		adv->amount = amount;
		snprintf(adv->ref, sizeof adv->ref, "ADV/%d", ++d->advances);
		snprintf(v->narration, sizeof v->narration, "Advance against order, NEFT");
	}
	a->amount = amount;
	b->amount = -amount;
	return 0;
}

/* Payments from the bank: rent and salaries early in the month, electricity, the cash box, vendors. */
static int demo_payment(struct demo *d, struct voucher *v, int mday, int day, struct err *e)
{
	struct voucher_line *a, *b;
	uint32_t w;
	int rc;
	if (demo_two_lines(v, &a, &b) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	w = mday ? demo_rand(&d->seed) % 5 : 4; /* mday 0: a vendor's bills */
	v->type = VT_PAYMENT;
	b->ledger_id = d->hdfc;
	if (w == 0 && mday <= 6) {
		a->ledger_id = d->rent;
		a->amount = 6500000;
		snprintf(v->narration, sizeof v->narration, "Office rent for the month");
	} else if (w == 1 && mday <= 6) {
		a->ledger_id = d->salary;
		a->amount = 18500000;
		snprintf(v->narration, sizeof v->narration, "Salaries paid");
	} else if (w == 2) {
		a->ledger_id = d->power;
		a->amount = (int64_t)(800 + demo_rand(&d->seed) % 1500) * 100;
		snprintf(v->narration, sizeof v->narration, "MSEDCL electricity bill");
	} else if (w == 3) {
		/* the cash box: withdrawn for petty expenses twice as often as deposited */
		v->type = VT_CONTRA;
		a->ledger_id = day % 3 ? d->cash : d->hdfc;
		b->ledger_id = day % 3 ? d->hdfc : d->cash;
		a->amount = (int64_t)(day % 3 ? 15000 + demo_rand(&d->seed) % 10000 : 10000 + demo_rand(&d->seed) % 20000) * 100;
		snprintf(v->narration, sizeof v->narration, "%s", day % 3 ? "Cash withdrawn for petty expenses" : "Cash deposited in bank");
	} else {
		int64_t amount = 0;
		uint32_t first = demo_rand(&d->seed) % (uint32_t)d->nvend;
		for (int k = 0; k < 2 * d->nvend && !amount; k++) /* bills due first, else any bill */
			if ((rc = ledger_of_party(d->db, d->cid, d->vendors[(first + (uint32_t)k) % (uint32_t)d->nvend], &v->lines[0].ledger_id,
						  e)) < 0 ||
			    (rc = demo_settle(d, v, 0, v->date, k < d->nvend ? 20 : 0, &amount, e)) < 0)
				return rc;
		a = &v->lines[0];
		b = &v->lines[1];
		a->amount = amount ? amount : (int64_t)(5000 + demo_rand(&d->seed) % 40000) * 100;
		snprintf(v->narration, sizeof v->narration, amount ? "RTGS to vendor against bills" : "RTGS to vendor on account");
	}
	b->amount = -a->amount;
	return 0;
}

/* A receipt from a customer, or a payment to a vendor, against bills that are due. */
static int demo_collection(struct demo *d, const char *date, enum voucher_type type, struct err *e)
{
	struct voucher *v = voucher_new();
	int rc;
	if (!v)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	snprintf(v->date, sizeof v->date, "%s", date);
	if ((rc = type == VT_RECEIPT ? demo_receipt(d, v, e) : demo_payment(d, v, 0, 4, e)) < 0) {
		voucher_free(v);
		return rc;
	}
	return demo_post(d->db, d->cid, v, e);
}

/* The two parties of the GST side of the demo: a buyer abroad, an advocate not registered. */
static int demo_gst_parties(struct demo *d, struct err *e)
{
	struct party_input in;
	struct party out;
	int rc;
	memset(&in, 0, sizeof in);
	in.set = (1u << PF_KIND) | (1u << PF_NAME) | (1u << PF_STATE) | (1u << PF_BILLING) | (1u << PF_TERMS);
	in.text[PF_KIND] = "customer";
	in.text[PF_NAME] = "Al Noor Electricals LLC";
	in.text[PF_STATE] = "96";
	in.text[PF_BILLING] = "Deira, Dubai, UAE";
	in.payment_terms_days = 60;
	if ((rc = party_create(d->db, d->cid, 0, &in, &out, e)) < 0)
		return rc;
	d->abroad = out.id;
	in.text[PF_KIND] = "vendor";
	in.text[PF_NAME] = "Adv. Sunil Kulkarni";
	in.text[PF_STATE] = "27";
	in.text[PF_BILLING] = "Fort, Mumbai";
	in.payment_terms_days = 15;
	if ((rc = party_create(d->db, d->cid, 0, &in, &out, e)) < 0)
		return rc;
	d->advocate = out.id;
	return 0;
}

/* What the GST returns need to show beyond the daily trade: each month the advocate's fees,
 * taxed under reverse charge (the office pays the GST in cash and takes the credit), and an export
 * of copper wire to Dubai under a letter of undertaking (zero-rated, no IGST). */
static int demo_gst_day(struct demo *d, const char *date, int day, struct err *e)
{
	struct voucher *v = NULL;
	int rc;
	if (day % 30 == 12) {
		if (!(v = demo_voucher(VT_PURCHASE, date, d->advocate, NULL)))
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		snprintf(v->reference, sizeof v->reference, "SK/%d", 40 + day / 30);
		v->reverse_charge = 1;
		rc = demo_line(v, 0, "Legal retainer: recovery suits", "9982", 1000, "job", 1500000, 1800, NULL, NULL, e);
	} else if (day % 30 == 19) {
		if (!(v = demo_voucher(VT_SALES, date, d->abroad, NULL)))
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		snprintf(v->supply_type, sizeof v->supply_type, "export_wopay");
		snprintf(v->port_code, sizeof v->port_code, "INNSA1");
		snprintf(v->shipping_bill_no, sizeof v->shipping_bill_no, "%d", 7410220 + day);
		snprintf(v->shipping_bill_date, sizeof v->shipping_bill_date, "%s", date);
		rc = demo_line(v, 0, "Copper Wire 2.5 sq mm (90 m), export cartons", "8544", 40000, "roll", 255000, 1800, NULL, NULL, e);
	} else {
		return 0;
	}
	if (rc >= 0)
		rc = voucher_post(d->db, d->cid, 0, v, e);
	voucher_free(v);
	return rc;
}

/* One entry of the day: a sale, a purchase, a receipt or a payment. */
static int demo_entry(struct demo *d, const char *date, int mday, int day, struct err *e)
{
	uint32_t r = demo_rand(&d->seed) % 100;
	struct voucher *v = voucher_new();
	int rc;
	if (!v)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	snprintf(v->date, sizeof v->date, "%s", date);
	if (r < 45 || r >= 90)
		rc = demo_sale(d, v, e);
	else if (r < 65)
		rc = demo_purchase(d, v, e);
	else if (r < 80)
		rc = demo_receipt(d, v, e);
	else
		rc = demo_payment(d, v, mday, day, e);
	if (rc < 0) {
		voucher_free(v);
		return rc;
	}
	for (int i = 0; i < v->nlines && strcmp(v->date, d->bank_from) >= 0; i++)
		if (v->lines[i].ledger_id == d->hdfc && d->nbank < DEMO_BANK_MAX) {
			struct demo_bank *b = &d->bank[d->nbank++];
			memcpy(b->date, v->date, sizeof b->date);
			b->amount = v->lines[i].amount;
			text_copy(b->what, sizeof b->what, v->narration);
		}
	return demo_post(d->db, d->cid, v, e);
}

/* One line of the demo's HDFC statement: Date,Narration,Chq./Ref.No.,Value Dt,Withdrawal Amt.,
 * Deposit Amt.,Closing Balance (dates DD/MM/YY, amounts grouped the Indian way). */
static int demo_bank_line(struct buf *csv, const char *iso, const char *narration, const char *ref, int64_t amount)
{
	char amt[48], day[9];
	money_format_indian(amount < 0 ? -amount : amount, amt, sizeof amt);
	snprintf(day, sizeof day, "%.2s/%.2s/%.2s", iso + 8, iso + 5, iso + 2);
	return buf_addf(csv, "%s,\"%s\",%s,%s,%s%s%s,%s%s%s,\r\n", day, narration, ref, day, amount < 0 ? "\"" : "",
			amount < 0 ? amt : "", amount < 0 ? "\"" : "", amount > 0 ? "\"" : "", amount > 0 ? amt : "",
			amount > 0 ? "\"" : "");
}

/* The HDFC account's statement of the last six weeks as the bank gives it, imported and matched: most entries cleared a day or two after the books have them, a few a week later
 * (offered to be matched by hand), a cheque or two not yet cleared, and the bank's own charges
 * and a UPI credit the books do not have yet. */
static int demo_statement(struct demo *d, struct err *e)
{
	struct buf csv = BUF_INIT;
	struct bank_import_result res;
	char upi[DATE_ISO_SIZE], sms[DATE_ISO_SIZE];
	const char *f = d->bank_from, *t = d->bank_to;
	int rc = 0;

	if (date_iso_add(t, -20, upi) < 0 || date_iso_add(t, -10, sms) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "today is out of range");
	if (buf_addf(&csv, "HDFC BANK Ltd.,,,,,,\r\nStatement From : %.2s/%.2s/%.2s To : %.2s/%.2s/%.2s,,,,,,\r\n"
			   "Date,Narration,Chq./Ref.No.,Value Dt,Withdrawal Amt.,Deposit Amt.,Closing Balance\r\n",
		     f + 8, f + 5, f + 2, t + 8, t + 5, t + 2) < 0)
		rc = -1;
	for (int i = 0; i < d->nbank && rc == 0; i++) {
		const struct demo_bank *b = &d->bank[i];
		char when[DATE_ISO_SIZE], text[128], ref[24];
		if (i % 11 == 10)
			continue; /* not cleared yet */
		date_iso_add(b->date, i % 9 == 4 ? 8 : i % 3, when);
		if (strcmp(when, t) > 0)
			continue;
		snprintf(ref, sizeof ref, "%s%012d", b->amount > 0 ? "N" : "0000", 3152600 + i * 37);
		snprintf(text, sizeof text, "%s-%s-%.40s", b->amount > 0 ? "NEFT CR" : "NEFT DR", b->amount > 0 ? "HDFC0000240" : "UTIB0000145",
			 b->what);
		rc = demo_bank_line(&csv, when, text, ref, b->amount);
	}
	if (rc == 0)
		rc = demo_bank_line(&csv, upi, "UPI-RAVI KIRANA STORE-ravikirana@okaxis-UTIB0000553-631912345678-ADVANCE", "0000631912345678",
				    1180000);
	if (rc == 0)
		rc = demo_bank_line(&csv, sms, "SMS ALERT CHGS INCL GST FOR THE QUARTER", "", -5310);
	if (rc == 0 && buf_adds(&csv, ",,,,,,\r\nSTATEMENT SUMMARY  :-,,,,,,\r\n") < 0)
		rc = -1;
	if (rc < 0) {
		buf_free(&csv);
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	rc = bank_statement_import(d->db, d->cid, 0, d->hdfc, buf_str(&csv), csv.len, &res, e);
	buf_free(&csv);
	return rc;
}

/* The ledgers the entries use. The opening: capital brought in, held in the banks and the cash
 * box. The company's own Capital and Cash ledgers stay as they were made: there is no action yet
 * that sets an existing ledger's opening balance, so the demo's capital and cash ledgers are its
 * own, made with theirs. */
static int demo_chart(struct demo *d, struct err *e)
{
	int rc;
	if ((rc = demo_ledger(d->db, d->cid, "HDFC Bank Current A/c", "bank_accounts", 85000000, &d->hdfc, e)) < 0 ||
	    (rc = demo_ledger(d->db, d->cid, "SBI Current A/c", "bank_accounts", 25000000, &d->sbi, e)) < 0 ||
	    (rc = demo_ledger(d->db, d->cid, "Office Rent", "indirect_expenses", 0, &d->rent, e)) < 0 ||
	    (rc = demo_ledger(d->db, d->cid, "Salaries", "indirect_expenses", 0, &d->salary, e)) < 0 ||
	    (rc = demo_ledger(d->db, d->cid, "Electricity Charges", "indirect_expenses", 0, &d->power, e)) < 0 ||
	    (rc = demo_ledger(d->db, d->cid, "Proprietor's Capital A/c", "capital_account", -115000000, &d->capital, e)) < 0 ||
	    (rc = demo_ledger(d->db, d->cid, "Office Cash", "cash_in_hand", 5000000, &d->cash, e)) < 0)
		return rc;
	return 0;
}

/* The GST side of the office: its address as the e-invoices and e-way bills print it, the one unit
 * the defaults do not know (reams go to the portal as packs), and the IRN of its first invoice to a
 * registered buyer as the registration portal gave it back. */
static int demo_gst(struct demo *d, struct err *e)
{
	struct gst_profile *p = calloc(1, sizeof *p), *out = malloc(sizeof *out);
	struct gst_irn *irn = calloc(1, sizeof *irn), *got = malloc(sizeof *got);
	struct db_stmt *st;
	int rc, created;

	if (!p || !out || !irn || !got) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	text_copy(p->address1, sizeof p->address1, "14, Kalbadevi Road");
	text_copy(p->address2, sizeof p->address2, "Near Crawford Market");
	text_copy(p->location, sizeof p->location, "Mumbai");
	text_copy(p->pincode, sizeof p->pincode, "400002");
	text_copy(p->phone, sizeof p->phone, "02222012345");
	p->nunits = 1;
	text_copy(p->units[0].unit, sizeof p->units[0].unit, "ream");
	text_copy(p->units[0].uqc, sizeof p->units[0].uqc, "PAC");
	if ((rc = gst_profile_set(d->db, d->cid, 0, p, out, e)) < 0 ||
	    (rc = db_one(d->db, sql[SQL_FIRST_B2B], DB_ARGS(DB_I64(d->cid)), &st, e)) <= 0)
		goto out;
	{
		int64_t id = db_col_i64(st, 0);
		static const char hex[] = "0123456789abcdef";
		snprintf(irn->ack_date, sizeof irn->ack_date, "%.10s 11:42:07", db_col_text(st, 1));
		db_done(st);
		for (int i = 0; i < 64; i++)
			irn->irn[i] = hex[demo_rand(&d->seed) % 16];
		text_copy(irn->ack_no, sizeof irn->ack_no, "112610048213307");
		text_copy(irn->signed_qr, sizeof irn->signed_qr,
			  "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJkYXRhIjoiZGVtbyJ9.ZGVtby1zaWduYXR1cmU");
		rc = gst_irn_set(d->db, d->cid, 0, id, irn, got, &created, e);
	}
out:
	free(p);
	free(out);
	free(irn);
	free(got);
	return rc < 0 ? rc : 0;
}

#define DEMO_DAYS 118

/* Four months of an office at work up to today, so that the home screen has this month's sales,
 * bills falling due this week and others overdue: sales and purchases with GST, receipts and
 * vendor payments against bills, rent, salaries, electricity and cash deposits; Sundays off;
 * the HDFC statement of the last six weeks. */
static int demo_books(struct demo *d, struct err *e)
{
	char date[DATE_ISO_SIZE], today[DATE_ISO_SIZE], from[DATE_ISO_SIZE], books_from[DATE_ISO_SIZE];
	struct date start;
	int rc;

	d->seed = 20261126;
	if ((rc = demo_chart(d, e)) < 0 || (rc = books_today_of(d->db, d->cid, today, e)) < 0)
		return rc;
	if (date_iso_add(today, -(DEMO_DAYS - 1), from) < 0 || date_parse(from, 10, DATE_ISO, &start) < 0 ||
	    date_iso_fy_start(from, books_from) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "today is out of range");
	/* The HDFC statement: the six weeks up to the day before today (the bank's download of this
	 * morning). */
	if (date_iso_add(today, -42, d->bank_from) < 0 || date_iso_add(today, -1, d->bank_to) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "today is out of range");
	/* The books begin with the financial year of the first entry, so opening stock is as old as
	 * the year. */
	if ((rc = books_set_from(d->db, d->cid, 0, books_from, e)) < 0)
		return rc;
	if (!d->ncust || !d->nvend)
		return 0;
	if ((rc = demo_items(d->db, d->cid, &d->ds, e)) < 0 || (rc = demo_gst_parties(d, e)) < 0)
		return rc;
	for (int day = 0; day < DEMO_DAYS; day++) {
		struct date x = date_add_days(start, day);
		char weeks_ago[DATE_ISO_SIZE];
		if ((date_days(x) % 7 + 7 + 4) % 7 == 0) /* 1970-01-01 was a Thursday */
			continue;
		date_iso(x, date);
		date_iso(date_add_days(start, day - 21), weeks_ago);
		for (int k = 0; k < 2; k++)
			if ((rc = demo_entry(d, date, x.day, day, e)) < 0)
				return rc;
		if (day % 2 == 1 && (rc = demo_collection(d, date, VT_RECEIPT, e)) < 0) /* the accountant's rounds */
			return rc;
		if (day % 6 == 5 && (rc = demo_collection(d, date, VT_PAYMENT, e)) < 0)
			return rc;
		if ((rc = demo_stock_day(d->db, d->cid, &d->ds, d->customers, d->vendors, date, day, e)) < 0 ||
		    (rc = demo_gst_day(d, date, day, e)) < 0 ||
		    (rc = demo_late(d->db, d->cid, &d->ds, d->customers, d->vendors, date, weeks_ago, day, e)) < 0)
			return rc;
	}
	if ((rc = demo_statement(d, e)) < 0)
		return rc;
	return demo_gst(d, e);
}

/* One party of the table. */
static int demo_party_add(struct db *db, int64_t cid, size_t i, int64_t *ret_id, struct err *e)
{
	const struct demo_party *d = &demo_parties[i];
	struct party_input in;
	struct party out;
	char gstin[16];
	int rc;

	snprintf(gstin, sizeof gstin, "%s%s1Z", d->state, d->pan);
	gstin[14] = india_gstin_check_char(gstin);
	gstin[15] = '\0';
	memset(&in, 0, sizeof in);
	in.set = (1u << PF_KIND) | (1u << PF_NAME) | (1u << PF_GSTIN) | (1u << PF_PHONE) | (1u << PF_EMAIL) |
		 (1u << PF_BILLING) | (1u << PF_SHIPPING) | (1u << PF_CREDIT) | (1u << PF_TERMS);
	in.text[PF_KIND] = d->kind;
	in.text[PF_NAME] = d->name;
	if (d->name_hi) {
		in.set |= 1u << PF_NAME_HI;
		in.text[PF_NAME_HI] = d->name_hi;
	}
	/* Small shops are often unregistered: every seventh party has no GSTIN. */
	in.text[PF_GSTIN] = (i % 7 == 6) ? NULL : gstin;
	in.text[PF_PHONE] = d->phone;
	in.text[PF_EMAIL] = d->email;
	in.text[PF_BILLING] = d->city;
	in.text[PF_SHIPPING] = d->city;
	if (i % 7 == 6) {
		in.set |= 1u << PF_STATE;
		in.text[PF_STATE] = d->state;
	}
	in.credit_limit = 0;
	for (const char *p = d->credit; *p; p++)
		in.credit_limit = in.credit_limit * 10 + (*p - '0');
	in.payment_terms_days = d->terms;
	if ((rc = party_create(db, cid, 0, &in, &out, e)) < 0)
		return rc;
	*ret_id = out.id;
	return 0;
}

/* The office's people (an accountant, a clerk, the auditor from outside; their passwords made and
 * not shown: an admin sets them with `daftar user passwd`) and its hours, Monday to Saturday. */
static int demo_office(struct db *db, int64_t cid, struct err *e)
{
	static const struct {
		const char *username, *name;
		enum role role;
	} people[] = {
		{"priya.sharma", "Priya Sharma", ROLE_EXECUTIVE},
		{"rakesh.verma", "राकेश वर्मा", ROLE_ASSISTANT},
		{"ca.mehta", "CA Anil Mehta", ROLE_AUDITOR},
	};
	struct company_hours week;
	struct company_change ch;
	struct company c;
	char pw[AUTH_PASSWORD_GEN + 1], hash[256];
	int rc;

	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
		struct auth_member_new n = {people[i].username, people[i].name, hash, 1, people[i].role};
		auth_password_generate(pw);
		if ((rc = auth_password_hash(pw, hash, sizeof hash, e)) < 0 || (rc = auth_member_add(db, cid, &n, 0, NULL, NULL, e)) < 0)
			return rc;
	}
	memset(&week, 0, sizeof week);
	for (int d = 0; d < 6; d++)
		if ((rc = company_hours_add(&week, company_weekday_names[d], d == 5 ? "10:00" : "09:30", d == 5 ? "14:00" : "18:30",
					    "business_hours", e)) < 0)
			return rc;
	memset(&ch, 0, sizeof ch);
	ch.hours = &week;
	if ((rc = company_get(db, cid, &c, e)) < 0)
		return rc;
	rc = company_settings_set(db, cid, c.version, &ch, 0, NULL, e);
	return rc < 0 ? rc : 0;
}

int demo_load(struct db *db, int64_t cid, struct err *e)
{
	struct demo *d = calloc(1, sizeof *d);
	int rc = 0;
	if (!d)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	d->db = db;
	d->cid = cid;
	for (size_t i = 0; i < sizeof demo_parties / sizeof demo_parties[0] && rc >= 0; i++) {
		int64_t id = 0;
		if ((rc = demo_party_add(db, cid, i, &id, e)) < 0)
			break;
		if (!strcmp(demo_parties[i].kind, "customer") && d->ncust < 15)
			d->customers[d->ncust++] = id;
		else if (!strcmp(demo_parties[i].kind, "vendor") && d->nvend < 10)
			d->vendors[d->nvend++] = id;
	}
	if (rc >= 0)
		rc = demo_books(d, e);
	if (rc >= 0)
		rc = demo_office(db, cid, e);
	free(d);
	return rc;
}

struct demo_ctx {
	int64_t cid;
};

static int demo_work(struct db *db, void *p, struct err *e)
{
	struct demo_ctx *d = p;
	return demo_load(db, d->cid, e);
}

int cmd_demo(int argc, char **argv)
{
	struct cli_opts o;
	struct demo_ctx d = {1};
	struct db *db = NULL;
	struct err e = ERR_INIT;
	int rc;

	if (cli_parse(argc, argv, 2, NULL, &o) < 0)
		return 2;
	if (cli_get(&o, "company") && text_parse_i64(cli_get(&o, "company"), 1, INT64_MAX, &d.cid) < 0) {
		fprintf(stderr, "daftar: --company must be a company id\n");
		return 2;
	}
	if ((rc = cli_open(&o, &db)) != 0)
		return rc;
	rc = db_tx(db, demo_work, &d, &e);
	db_close(db);
	if (rc < 0)
		return cli_fail(&e);
	printf("Demo data added to company %lld.\n", (long long)d.cid);
	return 0;
}
