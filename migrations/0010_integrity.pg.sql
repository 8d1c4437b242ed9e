-- 0010_integrity (PostgreSQL; 0010_integrity.sqlite.sql is the same on SQLite): every reference
-- between two rows of company-owned tables becomes a composite foreign key (company_id, id), so
-- no row can point into another company (the single-column keys it replaces are dropped); and
-- every amount and quantity column (bigint, which never holds a fraction) gets a CHECK of its
-- ceiling (MONEY_MAX = 10^17 paise in lib/money.h, QTY_MAX = 10^15 thousandths in lib/qty.h),
-- named ceiling_money_<column> and ceiling_qty_<column>, which the db layer reports as a 422
-- "too_large". The ceilings are NOT VALID: they hold for every row written from now on, and rows
-- written before them stay as they were, as on SQLite. Kept balances were exact integers here all
-- along (bigint arithmetic refuses to overflow), so they stay as they are.

ALTER TABLE stock_journals ADD CONSTRAINT stock_journals_company_id_id_key UNIQUE (company_id, id);
ALTER TABLE stock_moves ADD CONSTRAINT stock_moves_company_id_id_key UNIQUE (company_id, id);
ALTER TABLE stock_journals ADD CONSTRAINT stock_journals_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies(id);

-- An item line without a stock item was never checked for its godown: one that is not the
-- company's names nothing the line could move, and goes.
UPDATE voucher_items SET godown_id = NULL WHERE godown_id IS NOT NULL AND NOT EXISTS
	(SELECT 1 FROM godowns g WHERE g.company_id = voucher_items.company_id AND g.id = voucher_items.godown_id);

ALTER TABLE parties
	ADD CONSTRAINT ceiling_money_credit_limit CHECK (credit_limit BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID;
ALTER TABLE account_groups
	DROP CONSTRAINT account_groups_parent_id_fkey,
	ADD CONSTRAINT account_groups_parent_fk FOREIGN KEY (company_id, parent_id) REFERENCES account_groups(company_id, id);
ALTER TABLE ledgers
	DROP CONSTRAINT ledgers_group_id_fkey,
	DROP CONSTRAINT ledgers_party_id_fkey,
	ADD CONSTRAINT ceiling_money_opening_balance CHECK (opening_balance BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ledgers_group_fk FOREIGN KEY (company_id, group_id) REFERENCES account_groups(company_id, id),
	ADD CONSTRAINT ledgers_party_fk FOREIGN KEY (company_id, party_id) REFERENCES parties(company_id, id);
ALTER TABLE vouchers
	DROP CONSTRAINT vouchers_party_id_fkey,
	DROP CONSTRAINT vouchers_party_ledger_id_fkey,
	ADD CONSTRAINT ceiling_money_taxable CHECK (taxable BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_money_cgst CHECK (cgst BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_money_sgst CHECK (sgst BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_money_igst CHECK (igst BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_money_round_off CHECK (round_off BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_money_total CHECK (total BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT vouchers_party_fk FOREIGN KEY (company_id, party_id) REFERENCES parties(company_id, id),
	ADD CONSTRAINT vouchers_party_ledger_fk FOREIGN KEY (company_id, party_ledger_id) REFERENCES ledgers(company_id, id);
ALTER TABLE voucher_lines
	DROP CONSTRAINT voucher_lines_voucher_id_fkey,
	DROP CONSTRAINT voucher_lines_ledger_id_fkey,
	ADD CONSTRAINT ceiling_money_amount CHECK (amount BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT voucher_lines_voucher_fk FOREIGN KEY (company_id, voucher_id) REFERENCES vouchers(company_id, id),
	ADD CONSTRAINT voucher_lines_ledger_fk FOREIGN KEY (company_id, ledger_id) REFERENCES ledgers(company_id, id);
ALTER TABLE voucher_items
	DROP CONSTRAINT voucher_items_voucher_id_fkey,
	DROP CONSTRAINT voucher_items_ledger_id_fkey,
	ADD CONSTRAINT ceiling_money_rate CHECK (rate BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_money_discount CHECK (discount BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_money_taxable CHECK (taxable BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_money_cgst CHECK (cgst BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_money_sgst CHECK (sgst BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_money_igst CHECK (igst BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_qty_qty CHECK (qty BETWEEN -1000000000000000 AND 1000000000000000) NOT VALID,
	ADD CONSTRAINT voucher_items_voucher_fk FOREIGN KEY (company_id, voucher_id) REFERENCES vouchers(company_id, id),
	ADD CONSTRAINT voucher_items_item_fk FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
	ADD CONSTRAINT voucher_items_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id),
	ADD CONSTRAINT voucher_items_ledger_fk FOREIGN KEY (company_id, ledger_id) REFERENCES ledgers(company_id, id);
ALTER TABLE voucher_versions
	DROP CONSTRAINT voucher_versions_voucher_id_fkey,
	ADD CONSTRAINT voucher_versions_voucher_fk FOREIGN KEY (company_id, voucher_id) REFERENCES vouchers(company_id, id);
ALTER TABLE ledger_day
	ADD CONSTRAINT ceiling_money_debit CHECK (debit BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_money_credit CHECK (credit BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ledger_day_ledger_fk FOREIGN KEY (company_id, ledger_id) REFERENCES ledgers(company_id, id);
ALTER TABLE ledger_month
	ADD CONSTRAINT ceiling_money_debit CHECK (debit BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_money_credit CHECK (credit BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ledger_month_ledger_fk FOREIGN KEY (company_id, ledger_id) REFERENCES ledgers(company_id, id);
ALTER TABLE bank_statement_lines
	DROP CONSTRAINT bank_statement_lines_ledger_id_fkey,
	ADD CONSTRAINT ceiling_money_amount CHECK (amount BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT bank_statement_lines_ledger_fk FOREIGN KEY (company_id, ledger_id) REFERENCES ledgers(company_id, id),
	ADD CONSTRAINT bank_statement_lines_voucher_fk FOREIGN KEY (company_id, matched_voucher_id) REFERENCES vouchers(company_id, id);
ALTER TABLE units
	DROP CONSTRAINT units_base_unit_id_fkey,
	ADD CONSTRAINT ceiling_qty_factor CHECK (factor BETWEEN -1000000000000000 AND 1000000000000000) NOT VALID,
	ADD CONSTRAINT units_base_unit_fk FOREIGN KEY (company_id, base_unit_id) REFERENCES units(company_id, id);
ALTER TABLE item_groups
	DROP CONSTRAINT item_groups_parent_id_fkey,
	ADD CONSTRAINT item_groups_parent_fk FOREIGN KEY (company_id, parent_id) REFERENCES item_groups(company_id, id);
ALTER TABLE items
	DROP CONSTRAINT items_unit_id_fkey,
	DROP CONSTRAINT items_group_id_fkey,
	ADD CONSTRAINT ceiling_qty_reorder_level CHECK (reorder_level BETWEEN -1000000000000000 AND 1000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_qty_reorder_qty CHECK (reorder_qty BETWEEN -1000000000000000 AND 1000000000000000) NOT VALID,
	ADD CONSTRAINT items_unit_fk FOREIGN KEY (company_id, unit_id) REFERENCES units(company_id, id),
	ADD CONSTRAINT items_group_fk FOREIGN KEY (company_id, group_id) REFERENCES item_groups(company_id, id);
ALTER TABLE stock_moves
	DROP CONSTRAINT stock_moves_item_id_fkey,
	DROP CONSTRAINT stock_moves_godown_id_fkey,
	ADD CONSTRAINT ceiling_money_value CHECK (value BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_qty_qty CHECK (qty BETWEEN -1000000000000000 AND 1000000000000000) NOT VALID,
	ADD CONSTRAINT stock_moves_item_fk FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
	ADD CONSTRAINT stock_moves_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id),
	ADD CONSTRAINT stock_moves_voucher_fk FOREIGN KEY (company_id, voucher_id) REFERENCES vouchers(company_id, id),
	ADD CONSTRAINT stock_moves_journal_fk FOREIGN KEY (company_id, journal_id) REFERENCES stock_journals(company_id, id);
ALTER TABLE stock_balance
	ADD CONSTRAINT ceiling_money_value CHECK (value BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_qty_qty CHECK (qty BETWEEN -1000000000000000 AND 1000000000000000) NOT VALID,
	ADD CONSTRAINT stock_balance_item_fk FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
	ADD CONSTRAINT stock_balance_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id);
ALTER TABLE stock_layers
	ADD CONSTRAINT ceiling_money_rate CHECK (rate BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_qty_qty_left CHECK (qty_left BETWEEN -1000000000000000 AND 1000000000000000) NOT VALID,
	ADD CONSTRAINT stock_layers_item_fk FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
	ADD CONSTRAINT stock_layers_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id),
	ADD CONSTRAINT stock_layers_move_fk FOREIGN KEY (company_id, move_id) REFERENCES stock_moves(company_id, id);
ALTER TABLE stock_month
	ADD CONSTRAINT ceiling_money_value CHECK (value BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT ceiling_qty_qty CHECK (qty BETWEEN -1000000000000000 AND 1000000000000000) NOT VALID,
	ADD CONSTRAINT stock_month_item_fk FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
	ADD CONSTRAINT stock_month_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id);
ALTER TABLE stock_godown_month
	ADD CONSTRAINT ceiling_money_value CHECK (value BETWEEN -100000000000000000 AND 100000000000000000) NOT VALID,
	ADD CONSTRAINT stock_godown_month_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id);
