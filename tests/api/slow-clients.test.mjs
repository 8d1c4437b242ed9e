// slow-clients.test.mjs - a client that trickles header lines is cut once --header-timeout has
// passed, and everyone else is served meanwhile; one address cannot hold its slots with
// connections that never send a request (an office behind one NAT address shares them).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { TIME, sleep, startServer } from './lib.mjs';

const DEADLINE_S = 2 * TIME;

/** A connection that sends a request line and then one header line every `everyMs`, never the
 * blank line that ends the headers. Resolves `closed` with the ms from connect to close. */
function trickler(url, everyMs = 400) {
	const u = new URL(url);
	const sock = net.connect(Number(u.port), u.hostname);
	const t0 = Date.now();
	let timer = null;
	let got = '';
	const closed = new Promise((resolve) => {
		const end = () => {
			clearInterval(timer);
			resolve(Date.now() - t0);
		};
		sock.on('close', end);
		sock.on('error', () => {});
	});
	sock.on('connect', () => {
		sock.write('GET /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n');
		let n = 0;
		timer = setInterval(() => {
			if (!sock.destroyed) sock.write(`X-Trickle-${n++}: still here\r\n`);
		}, everyMs);
	});
	sock.on('data', (d) => { got += d.toString('latin1'); });
	return { sock, closed, answer: () => got, open: () => !sock.destroyed && sock.readyState === 'open' };
}

/** A connection that connects and sends nothing. */
function silent(url) {
	const u = new URL(url);
	const sock = net.connect(Number(u.port), u.hostname);
	let closedAt = 0;
	sock.on('close', () => { closedAt = Date.now(); });
	sock.on('error', () => {});
	return { sock, closed: () => closedAt !== 0 };
}

describe('slow clients', () => {
	let s;
	before(async () => {
		// 16 connections an address: at most 4 fresh ones (no request yet) at once.
		s = await startServer({ args: ['--header-timeout', String(DEADLINE_S), '--conn-per-ip', '16'] });
	});
	after(async () => {
		if (s) await s.stop();
	});

	test('a trickling client is cut after the deadline while other clients are served', async () => {
		const tr = [trickler(s.url), trickler(s.url)];
		const anon = s.anon();
		const served = [];
		const until = Date.now() + (DEADLINE_S + 1) * 1000;
		while (Date.now() < until) {
			const t0 = Date.now();
			const r = await anon.get('/api/v1/session');
			served.push([r.status, Date.now() - t0]);
			await sleep(100);
		}
		const times = await Promise.all(tr.map((t) => t.closed));
		for (const ms of times) {
			assert.ok(ms >= DEADLINE_S * 1000 - 100, `not cut before the deadline (${ms} ms)`);
			assert.ok(ms <= DEADLINE_S * 1000 + 1500 * TIME, `cut soon after the deadline (${ms} ms)`);
		}
		for (const t of tr) assert.equal(t.answer(), '', 'no answer to headers that never ended');
		assert.ok(served.length >= 5, `others were served meanwhile (${served.length})`);
		for (const [status, ms] of served) {
			assert.equal(status, 401);
			assert.ok(ms < 1000 * TIME, `promptly (${ms} ms)`);
		}
	});

	test('a kept-alive connection idle past the deadline is closed; a request in time is answered', async () => {
		const u = new URL(s.url);
		const sock = net.connect(Number(u.port), u.hostname);
		let got = '';
		let closedAt = 0;
		let answered = 0; // when the answer came: the server's deadline starts a moment before
		sock.on('data', (d) => {
			got += d.toString('latin1');
			if (!answered) answered = Date.now();
		});
		sock.on('close', () => { closedAt = Date.now(); });
		await new Promise((r) => sock.on('connect', r));
		sock.write('GET /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
		await sleep(300 * TIME);
		assert.match(got, /^HTTP\/1\.1 401/);
		await sleep((DEADLINE_S + 1.5 * TIME) * 1000);
		assert.ok(closedAt > 0, 'closed once idle past the deadline');
		assert.ok(closedAt - answered >= DEADLINE_S * 1000 - 300, `not before it (${closedAt - answered} ms)`);
	});

	test('connections that send nothing cannot hold an address: the oldest go, requests are served', async () => {
		const idle = Array.from({ length: 12 }, () => silent(s.url));
		await sleep(400 * TIME);
		const anon = s.anon();
		for (let i = 0; i < 10; i++) assert.equal((await anon.get('/api/v1/session')).status, 401, 'served');
		const open = idle.filter((c) => !c.closed()).length;
		assert.ok(open <= 4, `at most a quarter of --conn-per-ip stay fresh (${open} of 12 open)`);
		assert.ok(open >= 1, 'the newest are kept');
		for (const c of idle) c.sock.destroy();
	});
});
