-- A bank statement line a person matched or unmatched by hand: the importer's matching leaves it
-- alone (until the book entry it was matched to is altered or cancelled, which releases it).
ALTER TABLE bank_statement_lines ADD COLUMN by_hand INTEGER NOT NULL DEFAULT 0;
