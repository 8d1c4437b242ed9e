# Daftar - build, test and run. `make run` and `make test` install what they need (Debian 12, root).
PKGS      := libmicrohttpd jansson libsodium sqlite3 libpq
CC        ?= cc
CSTD      := -std=c17 -D_GNU_SOURCE
WARN      := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wno-format-nonliteral
MODULES   := lib audit jobs books auth admin parties accounts inventory reports search trust server api cli gst
INCLUDES  := -Isrc
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
OPT       ?= -O2 -g
BUILD     ?= build
SAN       ?=
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) $(SAN) $(INCLUDES) -I$(BUILD)/gen $(PKG_CFLAGS) -MMD -MP
LDFLAGS_ALL = $(SAN)

SRC       := $(wildcard $(addsuffix /*.c,$(addprefix src/,$(MODULES))))
OBJ       := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRC)) $(BUILD)/obj/gen/embedded.o
MAIN_OBJ  := $(BUILD)/obj/main.o
WEB_FILES := $(sort $(shell find web -type f 2>/dev/null))
EMBEDDED  := $(sort $(wildcard migrations/*.sql) $(WEB_FILES))
# Each web file's gzip copy (gzip -9 -n: the same bytes on every build), embedded beside it.
WEB_GZ    := $(patsubst %,$(BUILD)/gen/gz/%.gz,$(WEB_FILES))

# The test build: the same objects, but those with test hooks (a clock moved through a file) are
# compiled again with -DDAFTAR_TEST_HOOKS. build/daftar (make run, make all) is the release binary
# and has no hooks; the unit and API tests run with them ($(BUILD)/daftar-test).
HOOKS_SRC := src/lib/clock.c
HOOKS_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(HOOKS_SRC))
TEST_OBJ  := $(filter-out $(HOOKS_OBJ),$(OBJ)) $(HOOKS_OBJ:.o=.hooks.o)

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

FUZZ_CC   ?= clang
FUZZ_FLAGS = $(CSTD) $(WARN) -g -O1 -Isrc -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_LIB   = src/lib/buf.c src/lib/text.c src/lib/err.c src/lib/date.c src/lib/money.c src/lib/qty.c src/lib/india.c
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build-fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECS ?= 60
FUZZ_CI_SECS ?= 30
CRASH_CI_KILLS ?= 20
N ?= 200

.PHONY: crash fuzz fuzz-build all run test test-unit test-api test-browser test-asan deps test-deps clean bench check

all: daftar

daftar: $(BUILD)/daftar
	@if [ "$(BUILD)" = build ]; then cp $(BUILD)/daftar daftar.tmp && mv -f daftar.tmp daftar; fi

$(BUILD)/daftar: $(OBJ) $(MAIN_OBJ)
	@echo "  LD $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

$(BUILD)/daftar-test: $(TEST_OBJ) $(MAIN_OBJ)
	@echo "  LD $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

$(BUILD)/obj/%.hooks.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC $< (test hooks)"
	@$(CC) $(CFLAGS_ALL) -DDAFTAR_TEST_HOOKS -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O1 -o $@ $<

$(BUILD)/gen/gz/%.gz: %
	@mkdir -p $(dir $@)
	@gzip -9 -n -c $< >$@.tmp && mv -f $@.tmp $@

$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(EMBEDDED) $(WEB_GZ) Makefile
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed -z $(BUILD)/gen/gz $@ $(EMBEDDED)

$(BUILD)/obj/gen/embedded.o: $(BUILD)/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) -O1 -Isrc -c -o $@ $<

$(BUILD)/tests/test_%: tests/unit/test_%.c $(TEST_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LD $@"
	@$(CC) $(CFLAGS_ALL) -DDAFTAR_TEST_HOOKS $(LDFLAGS_ALL) -o $@ $< $(TEST_OBJ) $(PKG_LIBS) -lcmocka

deps:
	@sh scripts/deps.sh

test-deps: deps
	@sh scripts/test-deps.sh

# The shape checks (make check), unit tests (cmocka), API tests on SQLite and PostgreSQL, browser
# tests; then unit and API tests again under AddressSanitizer + UndefinedBehaviorSanitizer; then
# each libFuzzer target for FUZZ_CI_SECS seconds and the crash test with CRASH_CI_KILLS kills.
test: test-deps
	$(MAKE) all
	$(MAKE) check
	$(MAKE) test-unit
	$(MAKE) test-api
	$(MAKE) test-browser
	$(MAKE) test-asan
	$(MAKE) fuzz FUZZ_SECS=$(FUZZ_CI_SECS)
	$(MAKE) crash N=$(CRASH_CI_KILLS)
	@echo "all test suites passed"

test-unit: $(UNIT_BIN)
	@sh scripts/run-unit.sh $(UNIT_BIN)

test-api: $(BUILD)/daftar-test $(BUILD)/daftar
	@DAFTAR_BIN=$(abspath $(BUILD)/daftar-test) DAFTAR_RELEASE_BIN=$(abspath $(BUILD)/daftar) sh scripts/run-api.sh

test-browser: daftar
	@DAFTAR_BIN=$(abspath build/daftar) sh scripts/run-browser.sh

test-asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" build-asan/daftar-test build-asan/daftar test-unit-asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		DAFTAR_BIN=$(abspath build-asan/daftar-test) DAFTAR_RELEASE_BIN=$(abspath build-asan/daftar) DAFTAR_SLOW=1 sh scripts/run-api.sh

test-unit-asan: $(UNIT_BIN)
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 sh scripts/run-unit.sh $(UNIT_BIN)

run: deps
	$(MAKE) all
	@sh scripts/run.sh

bench: deps
	$(MAKE) all
	@sh bench/run.sh

check: all
	@sh tools/check.sh
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr $(INCLUDES) -D__GNUC__ src

# libFuzzer targets (clang): each target's own file with the parsers it drives. `make fuzz` runs
# each for FUZZ_SECS seconds from its seed corpus in tests/fuzz/corpus/<target>.
build-fuzz/fuzz_input: tests/fuzz/fuzz_input.c src/server/input.c $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	@echo "  FUZZ $@"
	@$(FUZZ_CC) $(FUZZ_FLAGS) $(shell pkg-config --cflags jansson) -o $@ $^ $(shell pkg-config --libs jansson)

build-fuzz/fuzz_journal: tests/fuzz/fuzz_journal.c src/accounts/journal_parse.c $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	@echo "  FUZZ $@"
	@$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^

build-fuzz/fuzz_statement: tests/fuzz/fuzz_statement.c src/reports/statement_csv.c $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	@echo "  FUZZ $@"
	@$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^

build-fuzz/%: tests/fuzz/%.c $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	@echo "  FUZZ $@"
	@$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^

# The crash test: N kills of the server on SQLite and on PostgreSQL (the database server too),
# checking after each that no acknowledged write is lost and every invariant holds.
crash: test-deps daftar
	@KILLS=$(N) DAFTAR_BIN=$(abspath build/daftar) sh scripts/crash.sh

fuzz-build: $(FUZZ_TARGETS)

fuzz: test-deps fuzz-build
	@FUZZ_SECS=$(FUZZ_SECS) sh scripts/fuzz.sh $(FUZZ_TARGETS)

clean:
	rm -rf build build-asan build-fuzz daftar

-include $(OBJ:.o=.d) $(HOOKS_OBJ:.o=.hooks.d) $(MAIN_OBJ:.o=.d) $(UNIT_BIN:=.d)
