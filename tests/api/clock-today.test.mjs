// "Today" is the company's day, in the company's time zone, from the one clock. With the server's
// clock pinned at 23:30 UTC on 31 March 2026 (DAFTAR_TEST_CLOCK_FILE "@<epoch>"), an Indian
// company's today is already 1 April 2026 (a new financial year); set to UTC, the same company's
// today is 31 March. A zone the machine does not know is refused naming the field.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { API, assertError, startServer } from './lib.mjs';

const T_2330 = Date.UTC(2026, 2, 31, 23, 30, 0) / 1000;   // 2026-03-31T23:30:00Z

/** Pins the server's clock at epoch seconds t (atomically, so the server never reads half a file). */
function pin(file, t) {
	fs.writeFileSync(`${file}.tmp`, `@${t}\n`);
	fs.renameSync(`${file}.tmp`, file);
}

describe('today is the company\'s day in its time zone', () => {
	let s, admin, clockDir, clockFile;
	const co = (p) => `${API}/companies/1${p}`;
	const dayBook = async () => {
		const r = await admin.get(co('/reports/day-book'));
		assert.equal(r.status, 200, r.text);
		return r.json;
	};
	const setZone = async (timezone) => {
		const r = await admin.put(co('/books'), { timezone });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.timezone, timezone);
		return r.json;
	};

	before(async () => {
		clockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daftar-clock-'));
		clockFile = path.join(clockDir, 'clock');
		pin(clockFile, T_2330);
		s = await startServer({ env: { DAFTAR_TEST_CLOCK_FILE: clockFile } });
		admin = s.as('admin');
	});
	after(async () => {
		if (s) await s.stop();
		fs.rmSync(clockDir, { recursive: true, force: true });
	});

	test('at 23:30 UTC an Indian company\'s today is already the next day, in the next financial year', async () => {
		const books = await admin.get(co('/books'));
		assert.equal(books.status, 200, books.text);
		assert.equal(books.json.timezone, 'Asia/Kolkata');
		const r = await dayBook();
		assert.equal(r.to, '2026-04-01', 'to defaults to today in India');
		assert.equal(r.from, '2026-04-01', 'from defaults to the start of today\'s financial year');
	});

	test('PUT /books {"timezone":"UTC"}: the same instant is still 31 March', async () => {
		await setZone('UTC');
		const r = await dayBook();
		assert.equal(r.to, '2026-03-31');
		assert.equal(r.from, '2025-04-01');
		// and the change is audited, at the pinned instant of the one clock
		const audit = await admin.get(co('/audit?limit=5'));
		const rec = audit.json.items.find((x) => x.entity === 'books');
		assert.ok(rec, audit.text);
		assert.equal(rec.after.timezone, 'UTC');
		assert.equal(rec.before.timezone, 'Asia/Kolkata');
		assert.match(rec.at, /^2026-03-31T23:30:00\.\d{6}Z$/);
	});

	test('the Indian day turns at 18:30 UTC', async () => {
		await setZone('Asia/Kolkata');
		pin(clockFile, Date.UTC(2026, 2, 31, 18, 29, 59) / 1000);
		assert.equal((await dayBook()).to, '2026-03-31');
		pin(clockFile, Date.UTC(2026, 2, 31, 18, 30, 0) / 1000);
		assert.equal((await dayBook()).to, '2026-04-01');
		pin(clockFile, T_2330);
	});

	test('a zone read from the system\'s zoneinfo: London is a day ahead at 23:30 UTC only in summer', async () => {
		await setZone('Europe/London');
		pin(clockFile, Date.UTC(2026, 5, 30, 23, 30, 0) / 1000);
		assert.equal((await dayBook()).to, '2026-07-01');
		pin(clockFile, Date.UTC(2026, 0, 15, 23, 30, 0) / 1000);
		assert.equal((await dayBook()).to, '2026-01-15');
		pin(clockFile, T_2330);
		await setZone('Asia/Kolkata');
	});

	test('a zone this machine does not know, or no zone at all, is refused naming "timezone"', async () => {
		const before = await admin.get(co('/books'));
		for (const timezone of ['Mars/Olympus_Mons', '../../etc/passwd', '/etc/localtime', 'Asia/Kolkata\n', '', 'x'.repeat(80), 5, null, ['UTC']]) {
			const r = await admin.put(co('/books'), { timezone });
			assertError(assert, r, 400, 'invalid', 'timezone');
		}
		const now = await admin.get(co('/books'));
		assert.deepEqual(now.json, before.json, 'nothing changed');
		assert.equal((await dayBook()).to, '2026-04-01');
	});
});
