// Every reason the server can send has its sentence in both languages: the reasons are read out of
// src/ (err_reason(e, "x") and err_setr(e, code, field, "x", ...), a reason that is a choice of
// literals counted as each of them) and web/i18n/en.json and hi.json must both hold errors.<reason>.
// A reason given as anything but string literals fails the test, so none is missed by the reading;
// a helper that takes the reason as an argument (REASON_HELPERS) is read at its calls instead.
// The sentences' figures ({name}) must be the same in both languages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function sources(dir) {
	const out = [];
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) out.push(...sources(p));
		else if (/\.(c|h)$/.test(e.name)) out.push(p);
	}
	return out;
}

/* The arguments of the call starting at text[open] ('('), split at top-level commas. */
function args(text, open) {
	const out = [];
	let depth = 0, cur = '', i = open + 1, str = false;
	for (; i < text.length; i++) {
		const ch = text[i];
		if (str) {
			cur += ch;
			if (ch === '\\') { cur += text[++i]; continue; }
			if (ch === '"') str = false;
			continue;
		}
		if (ch === '"') { str = true; cur += ch; continue; }
		if (ch === '(' || ch === '[') depth++;
		if (ch === ')' || ch === ']') {
			if (depth === 0) { out.push(cur.trim()); return out; }
			depth--;
		}
		if (ch === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
		cur += ch;
	}
	return null;
}

/* Helpers that pass their parameter `reason` on to err_reason or err_setr, by file: the helper's
 * name and the place of the reason among its arguments. Their calls name the reasons. */
const REASON_HELPERS = {
	'src/reports/statement_csv.c': { refuse: 1 },
};

/* {reason: ["file:line", ...]} of every reason in src/, and the calls that name none plainly. */
function reasonsInSource() {
	const found = new Map();
	const unreadable = [];
	for (const file of sources(path.join(ROOT, 'src'))) {
		const text = fs.readFileSync(file, 'utf8');
		const rel = path.relative(ROOT, file);
		const helpers = REASON_HELPERS[rel.split(path.sep).join('/')] || {};
		const names = ['err_reason', 'err_setr', ...Object.keys(helpers)];
		for (const m of text.matchAll(new RegExp(`\\b(${names.join('|')})\\s*\\(`, 'g'))) {
			const before = text.slice(Math.max(0, m.index - 4), m.index);
			const line = text.slice(0, m.index).split('\n').length;
			const lineText = text.split('\n')[line - 1];
			// the declarations and the definition in lib/err.*
			if (/^(int|void)\s/.test(lineText.trim()) || before.endsWith('*')) continue;
			if (/^static\s/.test(lineText.trim())) continue; // a helper's definition
			const a = args(text, m.index + m[0].length - 1);
			const at = `${rel}:${line}`;
			const arg = a && a[m[1] in helpers ? helpers[m[1]] : m[1] === 'err_reason' ? 1 : 3];
			if (!arg) { unreadable.push(at); continue; }
			if (arg === 'reason' && Object.keys(helpers).length) continue; // inside a helper: read at its calls
			const lits = [...arg.matchAll(/"([^"\\]*)"/g)].map((x) => x[1]);
			const rest = arg.replace(/"[^"\\]*"/g, '').replace(/\bNULL\b/g, '');
			// a choice of literals (cond ? "a" : "b") reads; a name or a call does not
			if (!lits.length || /[A-Za-z_]\w*\s*(\(|$)/.test(rest.replace(/^[^?]*\?/, ''))) { unreadable.push(`${at}: ${arg}`); continue; }
			for (const r of lits) {
				if (!/^[a-z][a-z0-9_]*$/.test(r)) { unreadable.push(`${at}: "${r}"`); continue; }
				if (!found.has(r)) found.set(r, []);
				found.get(r).push(at);
			}
		}
	}
	return { found, unreadable };
}

const strings = (lang) => JSON.parse(fs.readFileSync(path.join(ROOT, 'web', 'i18n', lang + '.json'), 'utf8'));
const figuresOf = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

describe('every server reason has a sentence in English and Hindi', () => {
	const { found, unreadable } = reasonsInSource();
	const en = strings('en');
	const hi = strings('hi');

	test('the reasons are read out of src/', () => {
		assert.deepEqual(unreadable, [], 'reasons that are not string literals');
		// a floor, so a broken reading cannot pass by finding nothing
		assert.ok(found.size >= 80, `only ${found.size} reasons found`);
		for (const r of ['unbalanced', 'period_locked', 'gstin_check', 'required', 'not_amount', 'insufficient_stock'])
			assert.ok(found.has(r), `reason ${r} is found`);
	});

	test('en.json and hi.json say each of them', () => {
		const missing = [];
		for (const [r, where] of found) {
			for (const [lang, s] of [['en', en], ['hi', hi]]) {
				const key = 'errors.' + r;
				if (!(typeof s[key] === 'string' && s[key].trim()) && !(typeof s[key + '.brief'] === 'string'))
					missing.push(`${lang}: ${key} (${where[0]})`);
			}
		}
		assert.deepEqual(missing, [], 'reasons without a sentence');
	});

	test('neither file names a key twice (JSON.parse would keep the last one silently)', () => {
		for (const lang of ['en', 'hi']) {
			const text = fs.readFileSync(path.join(ROOT, 'web', 'i18n', lang + '.json'), 'utf8');
			const seen = new Set();
			const twice = [];
			for (const m of text.matchAll(/^\s*"((?:[^"\\]|\\.)*)"\s*:/gm)) {
				if (seen.has(m[1])) twice.push(m[1]);
				seen.add(m[1]);
			}
			assert.deepEqual(twice, [], `${lang}.json keys given twice`);
		}
	});

	test('a sentence has the same figures in both languages, and Hindi is in Devanagari', () => {
		const bad = [];
		for (const key of Object.keys(en).filter((k) => k.startsWith('errors.'))) {
			if (typeof hi[key] !== 'string') { bad.push(`hi lacks ${key}`); continue; }
			if (figuresOf(en[key]) !== figuresOf(hi[key])) bad.push(`${key}: {${figuresOf(en[key])}} vs {${figuresOf(hi[key])}}`);
			if (!/[\u0900-\u097F]/.test(hi[key])) bad.push(`${key} is not Hindi: ${hi[key]}`);
		}
		assert.deepEqual(bad, []);
	});
});
