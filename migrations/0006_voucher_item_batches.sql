-- 0006_voucher_item_batches: item lines of vouchers carry the batch (and its expiry) they bring in
-- or take out, for items that track batches.
ALTER TABLE voucher_items ADD COLUMN batch TEXT;
ALTER TABLE voucher_items ADD COLUMN expiry TEXT;
