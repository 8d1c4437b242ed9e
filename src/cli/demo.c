/* demo.c - believable demo data so a newcomer sees an office at work (`init --demo`). */
#include <stdio.h>
#include <string.h>

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
