/* demo.c - believable demo data so a newcomer sees an office at work (`init --demo`). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "auth.h"
#include "cli.h"
#include "india.h"
#include "parties.h"
#include "text.h"

struct demo_party {
	const char *kind, *name, *state, *pan, *phone, *email, *city;
	const char *credit;  /* paise */
	int terms;
};

static const struct demo_party demo_parties[] = {
	{"customer", "Sharma Traders", "27", "AAPFS1234K", "9820012345", "accounts@sharmatraders.in", "Andheri East, Mumbai 400069", "50000000", 30},
	{"customer", "शर्मा एंड संस", "09", "ABCPS5678L", "9415023456", "sharmasons@gmail.com", "हज़रतगंज, लखनऊ 226001", "20000000", 15},
	{"customer", "Gupta Electricals Pvt Ltd", "07", "AACCG4321M", "9811034567", "purchase@guptaelectricals.co.in", "Lajpat Nagar, New Delhi 110024", "100000000", 45},
	{"customer", "Patel Agro Industries", "24", "AADFP7788N", "9825045678", "info@patelagro.in", "GIDC Vatva, Ahmedabad 382445", "75000000", 30},
	{"customer", "Iyer & Iyer Associates", "33", "AAEFI2468P", "9840056789", "office@iyerassociates.in", "T. Nagar, Chennai 600017", "15000000", 30},
	{"customer", "Reddy Constructions", "36", "AAFCR1357Q", "9849067890", "accounts@reddyconstructions.com", "Banjara Hills, Hyderabad 500034", "250000000", 60},
	{"customer", "बंसल किराना स्टोर", "08", "ABGPB9753R", "9414078901", NULL, "जौहरी बाज़ार, जयपुर 302003", "5000000", 7},
	{"customer", "Kulkarni Pharma Distributors", "27", "AAHCK8642S", "9822089012", "orders@kulkarnipharma.in", "Shivajinagar, Pune 411005", "80000000", 30},
	{"customer", "Banerjee Textiles", "19", "AAIFB3579T", "9831090123", "banerjee.tex@yahoo.co.in", "Burrabazar, Kolkata 700007", "40000000", 45},
	{"customer", "Singh Auto Parts", "03", "ABJPS2460U", "9815001234", "singhautoparts@gmail.com", "Miller Ganj, Ludhiana 141003", "30000000", 30},
	{"customer", "Menon Hospitality LLP", "32", "AAKFM1122V", "9847012345", "finance@menonhospitality.in", "MG Road, Kochi 682016", "60000000", 30},
	{"customer", "Agarwal Sweets & Namkeen", "23", "ABLPA3344W", "9826023456", NULL, "Sarafa Bazaar, Indore 452002", "10000000", 15},
	{"customer", "Nair Software Solutions", "29", "AAMCN5566X", "9845034567", "ap@nairsoftware.com", "Koramangala, Bengaluru 560034", "120000000", 30},
	{"customer", "यादव डेयरी फ़ार्म", "10", "ABNPY7788Y", "9431045678", NULL, "बोरिंग रोड, पटना 800001", "8000000", 15},
	{"customer", "Chopra Furnishings", "06", "AAOFC9900Z", "9812056789", "chopra.furnishings@gmail.com", "Sector 14, Gurugram 122001", "45000000", 30},
	{"vendor", "Tata Steel Dealers - Mehta & Co", "27", "AAPFM2233A", "9820167890", "sales@mehtasteel.in", "Masjid Bunder, Mumbai 400009", "0", 30},
	{"vendor", "Jain Packaging Industries", "24", "AAQCJ4455B", "9825178901", "dispatch@jainpackaging.com", "Naroda, Ahmedabad 382330", "0", 45},
	{"vendor", "Krishna Transport Co", "07", "AARFK6677C", "9811189012", "bookings@krishnatransport.in", "Sanjay Gandhi Transport Nagar, Delhi 110042", "0", 15},
	{"vendor", "Sri Lakshmi Printers", "36", "AASPL8899D", "9849190123", "srilakshmiprinters@gmail.com", "Chikkadpally, Hyderabad 500020", "0", 30},
	{"vendor", "वर्मा स्टेशनरी मार्ट", "09", "ABTPV1010E", "9415101234", NULL, "अमीनाबाद, लखनऊ 226018", "0", 7},
	{"vendor", "Deshpande Office Supplies", "27", "AAUFD1212F", "9822112345", "orders@deshpandeoffice.in", "Sadashiv Peth, Pune 411030", "0", 30},
	{"vendor", "Kaveri Power Systems", "29", "AAVCK1414G", "9845123456", "service@kaveripower.in", "Peenya, Bengaluru 560058", "0", 30},
	{"vendor", "Bharat Chemicals", "24", "AAWFB1616H", "9825134567", "bharatchem@rediffmail.com", "Ankleshwar GIDC, Bharuch 393002", "0", 60},
	{"vendor", "Saxena IT Services", "09", "ABXPS1818J", "9415145678", "support@saxenait.in", "Sector 62, Noida 201301", "0", 15},
	{"vendor", "Goyal Electric Works", "08", "ABYPG2020K", "9414156789", NULL, "Vishwakarma Industrial Area, Jaipur 302013", "0", 30},
};

static int demo_books(struct db *db, int64_t cid, struct err *e);

int demo_load(struct db *db, int64_t cid, struct err *e)
{
	for (size_t i = 0; i < sizeof demo_parties / sizeof demo_parties[0]; i++) {
		const struct demo_party *d = &demo_parties[i];
		struct party_input in;
		struct party out;
		char gstin[16], terms[8];
		int rc;

		snprintf(gstin, sizeof gstin, "%s%s1Z", d->state, d->pan);
		gstin[14] = india_gstin_check_char(gstin);
		gstin[15] = '\0';
		memset(&in, 0, sizeof in);
		in.set = (1u << PF_KIND) | (1u << PF_NAME) | (1u << PF_GSTIN) | (1u << PF_PHONE) | (1u << PF_EMAIL) |
			 (1u << PF_BILLING) | (1u << PF_SHIPPING) | (1u << PF_CREDIT) | (1u << PF_TERMS);
		in.text[PF_KIND] = d->kind;
		in.text[PF_NAME] = d->name;
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
		(void)terms;
		if ((rc = party_create(db, cid, 0, &in, &out, e)) < 0)
			return rc;
	}
	return demo_books(db, cid, e);
}

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
} demo_goods[] = {
	{"MS Steel Rod 12mm", "7214", "kg", 6850, 1800},
	{"Copper Wire 2.5 sq mm (90 m)", "8544", "roll", 245000, 1800},
	{"LED Panel 18W", "9405", "pcs", 42000, 1200},
	{"PVC Conduit Pipe 25mm", "3917", "pcs", 8900, 1800},
	{"Cement OPC 53 (50 kg)", "2523", "bag", 39000, 2800},
	{"Basmati Rice (25 kg)", "1006", "bag", 215000, 500},
	{"A4 Copier Paper (500 sheets)", "4802", "ream", 28500, 1200},
	{"Installation service", "9954", "job", 150000, 1800},
};

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

/* Four months of an office at work: sales and purchases with GST, receipts against bills,
 * payments, rent, salaries, electricity and cash deposits. */
static int demo_books(struct db *db, int64_t cid, struct err *e)
{
	int64_t hdfc, sbi, rent, salary, power, capital, cash;
	int64_t customers[15], vendors[10];
	int ncust = 0, nvend = 0;
	uint32_t seed = 20261126;
	struct db_stmt *st;
	char date[11];
	int rc;

	if ((rc = demo_ledger(db, cid, "HDFC Bank Current A/c", "bank_accounts", 85000000, &hdfc, e)) < 0 ||
	    (rc = demo_ledger(db, cid, "SBI Current A/c", "bank_accounts", 25000000, &sbi, e)) < 0 ||
	    (rc = demo_ledger(db, cid, "Office Rent", "indirect_expenses", 0, &rent, e)) < 0 ||
	    (rc = demo_ledger(db, cid, "Salaries", "indirect_expenses", 0, &salary, e)) < 0 ||
	    (rc = demo_ledger(db, cid, "Electricity Charges", "indirect_expenses", 0, &power, e)) < 0 ||
	    (rc = ledger_of_kind(db, cid, "capital", &capital, e)) < 0 || (rc = ledger_of_kind(db, cid, "cash", &cash, e)) < 0)
		return rc;
	/* Opening: capital brought in, held in the banks and the cash box. */
	st = db_prepare(db, "UPDATE ledgers SET opening_balance = ? WHERE company_id = ? AND id = ?", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, -115000000);
	db_bind_i64(st, 2, cid);
	db_bind_i64(st, 3, capital);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, "UPDATE ledgers SET opening_balance = ? WHERE company_id = ? AND id = ?", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, 5000000);
	db_bind_i64(st, 2, cid);
	db_bind_i64(st, 3, cash);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, "SELECT id, kind FROM parties WHERE company_id = ? AND archived = 0 ORDER BY id", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (strcmp(db_col_text(st, 1), "customer") == 0 && ncust < 15)
			customers[ncust++] = db_col_i64(st, 0);
		else if (strcmp(db_col_text(st, 1), "vendor") == 0 && nvend < 10)
			vendors[nvend++] = db_col_i64(st, 0);
	}
	db_done(st);
	if (rc < 0 || !ncust || !nvend)
		return rc < 0 ? rc : 0;

	for (int day = 0; day < 118; day++) {
		struct tm tm = {0};
		time_t t;
		memset(&tm, 0, sizeof tm);
		tm.tm_year = 2026 - 1900;
		tm.tm_mon = 7; /* from 1 August 2026 */
		tm.tm_mday = 1 + day;
		tm.tm_hour = 12;
		t = timegm(&tm);
		gmtime_r(&t, &tm);
		if (tm.tm_wday == 0)
			continue; /* Sundays off */
		strftime(date, sizeof date, "%Y-%m-%d", &tm);
		for (int k = 0; k < 2; k++) {
			uint32_t r = demo_rand(&seed) % 100;
			struct voucher *v = voucher_new();
			if (!v)
				return err_set(e, ERR_INTERNAL, NULL, "out of memory");
			snprintf(v->date, sizeof v->date, "%s", date);
			if (r < 45 || r >= 90) { /* sale */
				int n = 1 + (int)(demo_rand(&seed) % 3);
				v->type = VT_SALES;
				v->party_id = customers[demo_rand(&seed) % (uint32_t)ncust];
				for (int i = 0; i < n; i++) {
					struct voucher_item *it = voucher_add_item(v);
					int g = (int)(demo_rand(&seed) % (sizeof demo_goods / sizeof demo_goods[0]));
					if (!it) {
						voucher_free(v);
						return err_set(e, ERR_INTERNAL, NULL, "out of memory");
					}
					snprintf(it->description, sizeof it->description, "%s", demo_goods[g].name);
					snprintf(it->hsn, sizeof it->hsn, "%s", demo_goods[g].hsn);
					snprintf(it->unit, sizeof it->unit, "%s", demo_goods[g].unit);
					it->qty = (int64_t)(1 + demo_rand(&seed) % 40) * 1000;
					it->rate = demo_goods[g].rate * 115 / 100;
					it->gst_rate = demo_goods[g].gst;
					it->discount = (demo_rand(&seed) % 4 == 0) ? it->rate * it->qty / 1000 / 20 : 0;
				}
			} else if (r < 65) { /* purchase */
				struct voucher_item *it = voucher_add_item(v);
				int g = (int)(demo_rand(&seed) % (sizeof demo_goods / sizeof demo_goods[0]));
				v->type = VT_PURCHASE;
				v->party_id = vendors[demo_rand(&seed) % (uint32_t)nvend];
				if (!it) {
					voucher_free(v);
					return err_set(e, ERR_INTERNAL, NULL, "out of memory");
				}
				snprintf(it->description, sizeof it->description, "%s", demo_goods[g].name);
				snprintf(it->hsn, sizeof it->hsn, "%s", demo_goods[g].hsn);
				snprintf(it->unit, sizeof it->unit, "%s", demo_goods[g].unit);
				it->qty = (int64_t)(10 + demo_rand(&seed) % 90) * 1000;
				it->rate = demo_goods[g].rate;
				it->gst_rate = demo_goods[g].gst;
				snprintf(v->reference, sizeof v->reference, "BILL-%u", 4000 + demo_rand(&seed) % 5000);
			} else if (r < 80) { /* receipt from a customer into a bank */
				struct voucher_line *a = voucher_add_line(v) ? voucher_add_line(v) : NULL, *b = NULL;
				if (a) { /* the second add may move the array */
					a = &v->lines[0];
					b = &v->lines[1];
				}
				int64_t party_ledger;
				if (!a || !b) {
					voucher_free(v);
					return err_set(e, ERR_INTERNAL, NULL, "out of memory");
				}
				v->type = VT_RECEIPT;
				if ((rc = ledger_of_party(db, cid, customers[demo_rand(&seed) % (uint32_t)ncust], &party_ledger, e)) < 0) {
					voucher_free(v);
					return rc;
				}
				a->ledger_id = (demo_rand(&seed) % 3) ? hdfc : sbi;
				a->amount = (int64_t)(5000 + demo_rand(&seed) % 60000) * 100;
				b->ledger_id = party_ledger;
				b->amount = -a->amount;
				snprintf(v->narration, sizeof v->narration, "NEFT received");
			} else { /* payments: vendors, rent, salaries, electricity, cash deposit */
				struct voucher_line *a = voucher_add_line(v) ? voucher_add_line(v) : NULL, *b = NULL;
				if (a) { /* the second add may move the array */
					a = &v->lines[0];
					b = &v->lines[1];
				}
				uint32_t w = demo_rand(&seed) % 5;
				if (!a || !b) {
					voucher_free(v);
					return err_set(e, ERR_INTERNAL, NULL, "out of memory");
				}
				v->type = VT_PAYMENT;
				b->ledger_id = hdfc;
				if (w == 0 && tm.tm_mday <= 6) {
					a->ledger_id = rent;
					a->amount = 6500000;
					snprintf(v->narration, sizeof v->narration, "Office rent for the month");
				} else if (w == 1 && tm.tm_mday <= 6) {
					a->ledger_id = salary;
					a->amount = 18500000;
					snprintf(v->narration, sizeof v->narration, "Salaries paid");
				} else if (w == 2) {
					a->ledger_id = power;
					a->amount = (int64_t)(800 + demo_rand(&seed) % 1500) * 100;
					snprintf(v->narration, sizeof v->narration, "MSEDCL electricity bill");
				} else if (w == 3) {
					v->type = VT_CONTRA;
					a->ledger_id = hdfc;
					b->ledger_id = cash;
					a->amount = (int64_t)(10000 + demo_rand(&seed) % 20000) * 100;
					snprintf(v->narration, sizeof v->narration, "Cash deposited in bank");
				} else {
					if ((rc = ledger_of_party(db, cid, vendors[demo_rand(&seed) % (uint32_t)nvend], &a->ledger_id, e)) < 0) {
						voucher_free(v);
						return rc;
					}
					a->amount = (int64_t)(5000 + demo_rand(&seed) % 40000) * 100;
					snprintf(v->narration, sizeof v->narration, "RTGS to vendor");
				}
				b->amount = -a->amount;
			}
			if ((rc = demo_post(db, cid, v, e)) < 0)
				return rc;
		}
	}
	return 0;
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
