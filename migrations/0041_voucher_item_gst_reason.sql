-- 0041_voucher_item_gst_reason: why an item line carries no GST: nil-rated, exempt or outside GST
-- (the nil/exempt/non-GST tables of GSTR-1 and GSTR-3B read it). NULL where the rate is above zero
-- or no reason was given.
ALTER TABLE voucher_items ADD COLUMN gst_reason TEXT CHECK (gst_reason IN ('nil_rated', 'exempt', 'non_gst'));
