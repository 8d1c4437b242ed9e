-- 0008_company_timezone: the zone a company's "today" is taken in (its calendar days, default dates).
ALTER TABLE companies ADD COLUMN timezone TEXT NOT NULL DEFAULT 'Asia/Kolkata';
