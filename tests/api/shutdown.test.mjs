// Stopping the server (SIGTERM, as a service manager does at the day's end) while writes are still
// queued for the write workers: every write the server acknowledged is kept, none is half-done, and
// the server exits 0. A connection left suspended at the stop used to abort libmicrohttpd
// ("MHD_stop_daemon() called while we have suspended connections", exit 134).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { startServer } from './lib.mjs';

describe('stopping under write load', () => {
	test('SIGTERM with writes in flight: exit 0, every acknowledged write kept', async () => {
		for (const [round, wait] of [20, 60, 150, 300].entries()) {
			const s = await startServer();
			try {
				const admin = s.as('admin');
				const names = Array.from({ length: 600 }, (_, i) => `Stop ${round} Party ${String(i).padStart(3, '0')}`);
				// fire them all, and stop the server while they are queued
				const sent = names.map((name) => admin.post('/api/v1/companies/1/parties', { kind: 'customer', name }).catch(() => null));
				await new Promise((r) => setTimeout(r, wait));
				await s.halt(); // throws unless the server exits 0 with no sanitizer report
				const answers = await Promise.all(sent);
				const kept = answers.filter((r) => r && r.status === 201).map((r) => r.json.name);
				await s.restart();
				const again = s.as('admin');
				const have = new Set();
				for (let after = 0; ;) {
					const r = await again.get(`/api/v1/companies/1/parties?limit=500${after ? `&after=${after}` : ''}`);
					assert.equal(r.status, 200, r.text);
					const page = r.json;
					for (const p of page.items) have.add(p.name);
					if (!page.next) break;
					after = page.next;
				}
				for (const n of kept) assert.ok(have.has(n), `acknowledged ${n} is kept`);
				for (const n of have) if (n.startsWith(`Stop ${round} `)) assert.ok(names.includes(n));
			} finally {
				await s.stop();
			}
		}
	});
});
