/* test_gstfile.c - the GST files' pieces: unit quantity codes (defaults, any case, a symbol that is
 * a code, the company's own mapping first, OTH for the rest), addresses split into lines, place and
 * PIN code (Devanagari, a PIN inside a longer number, none), the month of a return, the portals'
 * dates; and on both backends the seller's profile (refusals naming the member, the unit mapping
 * replaced whole, audited once per change) and a GSTR-1 of a company with no GSTIN refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gst/gst.h"
#include "gst/gst_int.h"
#include "lib/text.h"
#include "unit.h"

static void test_uqc_defaults(void **state)
{
	int known;
	struct gst_profile p;
	(void)state;
	assert_string_equal(gst_uqc_default("kg"), "KGS");
	assert_string_equal(gst_uqc_default("Kgs"), "KGS");
	assert_string_equal(gst_uqc_default("KILOGRAM"), "KGS");
	assert_string_equal(gst_uqc_default("pcs"), "PCS");
	assert_string_equal(gst_uqc_default("nos"), "NOS");
	assert_string_equal(gst_uqc_default("l"), "LTR");
	assert_string_equal(gst_uqc_default("m"), "MTR");
	assert_string_equal(gst_uqc_default("box"), "BOX");
	assert_string_equal(gst_uqc_default("set"), "SET");
	assert_string_equal(gst_uqc_default("roll"), "ROL");
	assert_string_equal(gst_uqc_default("bag"), "BAG");
	assert_string_equal(gst_uqc_default("doz"), "DOZ");
	assert_string_equal(gst_uqc_default("qtl"), "QTL");
	assert_null(gst_uqc_default("ream"));
	assert_null(gst_uqc_default("job"));
	assert_null(gst_uqc_default("oth"));      /* OTH is what is left, never a match */
	assert_null(gst_uqc_default("mg"));
	assert_null(gst_uqc_default(""));
	assert_null(gst_uqc_default(NULL));
	assert_null(gst_uqc_default("किलो"));
	assert_null(gst_uqc_default("a-very-long-unit-name"));
	assert_true(gst_uqc_valid("KGS"));
	assert_true(gst_uqc_valid("OTH"));
	assert_false(gst_uqc_valid("kgs"));
	assert_false(gst_uqc_valid("REM"));
	assert_false(gst_uqc_valid(NULL));
	for (size_t i = 0; gst_uqc_codes[i]; i++)
		assert_int_equal(strlen(gst_uqc_codes[i]), 3);

	memset(&p, 0, sizeof p);
	p.nunits = 2;
	text_copy(p.units[0].unit, sizeof p.units[0].unit, "kg"); /* the company's own mapping wins over the default */
	text_copy(p.units[0].uqc, sizeof p.units[0].uqc, "TON");
	text_copy(p.units[1].unit, sizeof p.units[1].unit, "ream");
	text_copy(p.units[1].uqc, sizeof p.units[1].uqc, "PAC");
	assert_string_equal(gst_uqc_for(&p, "kg", &known), "TON");
	assert_int_equal(known, 1);
	assert_string_equal(gst_uqc_for(&p, "ream", &known), "PAC");
	assert_string_equal(gst_uqc_for(&p, "Kgs", &known), "KGS");
	assert_string_equal(gst_uqc_for(&p, "job", &known), "OTH");
	assert_int_equal(known, 0);
	assert_string_equal(gst_uqc_for(NULL, "job", &known), "OTH");
}

static void test_address_split(void **state)
{
	struct gst_place p;
	(void)state;
	assert_int_equal(gst_address_split("Gala 14, Rahnal Village, Bhiwandi 421302", &p), 0);
	assert_string_equal(p.addr1, "Gala 14");
	assert_string_equal(p.addr2, "Rahnal Village");
	assert_string_equal(p.loc, "Bhiwandi");
	assert_string_equal(p.pin, "421302");
	assert_int_equal(gst_address_split("Andheri East, Mumbai 400069", &p), 0);
	assert_string_equal(p.addr1, "Andheri East");
	assert_string_equal(p.addr2, "");
	assert_string_equal(p.loc, "Mumbai");
	assert_int_equal(gst_address_split("हज़रतगंज, लखनऊ 226001", &p), 0);
	assert_string_equal(p.addr1, "हज़रतगंज");
	assert_string_equal(p.loc, "लखनऊ");
	assert_string_equal(p.pin, "226001");
	/* lines on lines of their own, the PIN after a dash, a seven-digit phone number is no PIN */
	assert_int_equal(gst_address_split("Plot 7\nMIDC Phase 2\nPune - 411026\nPh 2712345", &p), 0);
	assert_string_equal(p.pin, "411026");
	assert_string_equal(p.addr1, "Plot 7");
	assert_string_equal(p.addr2, "MIDC Phase 2, Pune");
	assert_string_equal(p.loc, "Ph 2712345");
	/* the last PIN-like number wins; one starting with 0 is none */
	assert_int_equal(gst_address_split("Shop 110001, Delhi 110006", &p), 0);
	assert_string_equal(p.pin, "110006");
	assert_int_equal(gst_address_split("Sector 14, Gurugram", &p), -1);
	assert_string_equal(p.pin, "");
	assert_string_equal(p.loc, "Gurugram");
	assert_int_equal(gst_address_split("Lane 4, Town 012345", &p), -1);
	assert_int_equal(gst_address_split("", &p), -1);
	assert_int_equal(gst_address_split(NULL, &p), -1);
	assert_int_equal(gst_pin_number("400002"), 400002);
	assert_int_equal(gst_pin_number("40002"), 0);
	assert_int_equal(gst_pin_number("40000a"), 0);
}

static void test_period_and_dates(void **state)
{
	struct err e = ERR_INIT;
	char from[11], to[11], d[11];
	(void)state;
	assert_int_equal(gst_period_parse("2026-10", from, to, &e), 0);
	assert_string_equal(from, "2026-10-01");
	assert_string_equal(to, "2026-10-31");
	assert_int_equal(gst_period_parse("2028-02", from, to, &e), 0);
	assert_string_equal(to, "2028-02-29");
	assert_int_equal(gst_period_parse("2027-02", from, to, &e), 0);
	assert_string_equal(to, "2027-02-28");
	for (const char *bad[] = {"2026-13", "2026-00", "2026-1", "26-10", "2016-12", "2026/10", "+026-10", "2026-+1", "", NULL}, **b = bad; *b; b++) {
		err_clear(&e);
		assert_int_equal(gst_period_parse(*b, from, to, &e), ERR_INVALID);
		assert_string_equal(e.field, "period");
	}
	assert_int_equal(gst_period_parse(NULL, from, to, &e), ERR_INVALID);
	gst_date_dmy("2026-10-05", '/', d);
	assert_string_equal(d, "05/10/2026");
	gst_date_dmy("2026-10-05", '-', d);
	assert_string_equal(d, "05-10-2026");
	gst_date_dmy("", '-', d);
	assert_string_equal(d, "");
	assert_true(gst_is_service("9983"));
	assert_true(gst_is_service("998314"));
	assert_false(gst_is_service("7214"));
	assert_false(gst_is_service("9"));
	assert_false(gst_is_service(""));
}

/* ---- on a database ---- */

static const enum db_backend on_sqlite = DB_SQLITE;
static const enum db_backend on_pg = DB_POSTGRES;

static int setup(void **state)
{
	struct unit_fx *f = unit_fx_new(unit_backend(state), UNIT_MIGRATED);
	if (!f || unit_fx_company(f, "Saraswati Trading Company", "27", &f->cid) < 0) {
		unit_fx_free(f);
		return -1;
	}
	*state = f;
	return 0;
}

/* Sets p in its own transaction; the error code. */
static int put(struct unit_fx *f, const struct gst_profile *p, struct gst_profile *out, struct err *e)
{
	int rc;
	if (db_begin_write(f->db, e) < 0)
		return -100;
	rc = gst_profile_set(f->db, f->cid, 0, p, out, e);
	if (rc < 0)
		db_rollback(f->db);
	else if (db_commit(f->db, e) < 0)
		return -101;
	return rc;
}

static void test_profile(void **state)
{
	struct unit_fx *f = *state;
	static struct gst_profile p, out;
	struct err e = ERR_INIT;
	int64_t audits;

	assert_int_equal(gst_profile_get(f->db, f->cid, &out, &e), 0);
	assert_string_equal(out.updated_at, "");
	assert_int_equal(out.nunits, 0);
	memset(&p, 0, sizeof p);
	text_copy(p.address1, sizeof p.address1, "14, Kalbadevi Road");
	text_copy(p.location, sizeof p.location, "मुंबई");
	text_copy(p.pincode, sizeof p.pincode, "400002");
	text_copy(p.phone, sizeof p.phone, "02222012345");
	p.nunits = 2;
	text_copy(p.units[0].unit, sizeof p.units[0].unit, "ream");
	text_copy(p.units[0].uqc, sizeof p.units[0].uqc, "PAC");
	text_copy(p.units[1].unit, sizeof p.units[1].unit, "बोरी");
	text_copy(p.units[1].uqc, sizeof p.units[1].uqc, "BAG");
	audits = unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'gst_profile'");
	assert_int_equal(put(f, &p, &out, &e), 0);
	assert_string_equal(out.location, "मुंबई");
	assert_int_equal(out.nunits, 2);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'gst_profile' AND action = 'create'"), 1);
	/* the mapping is replaced whole */
	p.nunits = 1;
	text_copy(p.units[0].unit, sizeof p.units[0].unit, "job");
	text_copy(p.units[0].uqc, sizeof p.units[0].uqc, "OTH");
	assert_int_equal(put(f, &p, &out, &e), 0);
	assert_int_equal(out.nunits, 1);
	assert_string_equal(out.units[0].unit, "job");
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM gst_unit_codes"), 1);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'gst_profile'"), audits + 2);

	/* refusals name the member and change nothing */
	text_copy(p.units[0].uqc, sizeof p.units[0].uqc, "KG");
	err_clear(&e);
	assert_int_equal(put(f, &p, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "units[0].uqc");
	text_copy(p.units[0].uqc, sizeof p.units[0].uqc, "OTH");
	text_copy(p.pincode, sizeof p.pincode, "40002");
	err_clear(&e);
	assert_int_equal(put(f, &p, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "pincode");
	text_copy(p.pincode, sizeof p.pincode, "400002");
	text_copy(p.phone, sizeof p.phone, "12345");
	err_clear(&e);
	assert_int_equal(put(f, &p, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "phone");
	text_copy(p.phone, sizeof p.phone, "");
	text_copy(p.email, sizeof p.email, "no-at-sign");
	err_clear(&e);
	assert_int_equal(put(f, &p, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "email");
	text_copy(p.email, sizeof p.email, "");
	text_copy(p.location, sizeof p.location, "MB");
	err_clear(&e);
	assert_int_equal(put(f, &p, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "location");
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'gst_profile'"), audits + 2);
	assert_int_equal(gst_profile_get(f->db, f->cid, &out, &e), 0);
	assert_string_equal(out.location, "मुंबई");
}

static void test_return_needs_gstin(void **state)
{
	struct unit_fx *f = *state;
	struct buf out = BUF_INIT;
	struct err e = ERR_INIT;
	assert_int_equal(gst_gstr1_file(f->db, f->cid, "2026-10", &out, NULL, &e), ERR_UNPROCESSABLE);
	assert_string_equal(e.reason, "no_gstin");
	assert_int_equal(out.len, 0);
	err_clear(&e);
	unit_exec(f->db, "UPDATE companies SET gstin = '27AAPFU0939F1ZV'");
	assert_int_equal(gst_gstr3b_file(f->db, f->cid, "2026-10", &out, &e), 0);
	assert_non_null(strstr(buf_str(&out), "\"osup_det\":{\"txval\":0.00,\"iamt\":0.00,\"camt\":0.00,\"samt\":0.00,\"csamt\":0.00}"));
	buf_reset(&out);
	assert_int_equal(gst_gstr1_file(f->db, f->cid, "2026-10", &out, NULL, &e), 0);
	assert_string_equal(buf_str(&out), "{\"gstin\":\"27AAPFU0939F1ZV\",\"fp\":\"102026\"}");
	buf_free(&out);
}

#define DB_TESTS(pre)                                                                               \
	cmocka_unit_test_prestate_setup_teardown(test_profile, setup, unit_fx_teardown, pre),          \
	cmocka_unit_test_prestate_setup_teardown(test_return_needs_gstin, setup, unit_fx_teardown, pre)

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_uqc_defaults),
		cmocka_unit_test(test_address_split),
		cmocka_unit_test(test_period_and_dates),
	};
	const struct CMUnitTest sqlite_tests[] = {DB_TESTS((void *)&on_sqlite)};
	const struct CMUnitTest pg_tests[] = {DB_TESTS((void *)&on_pg)};
	unit_quiet_logs();
	return cmocka_run_group_tests_name("gst files", pure, NULL, NULL) + UNIT_RUN_BOTH("gst files", sqlite_tests, pg_tests);
}
