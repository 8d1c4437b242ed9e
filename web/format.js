// Pure formatting helpers for the Daftar UI: Indian money grouping and DD-MM-YYYY dates.
// No DOM, no floating point near money: amounts stay decimal strings from end to end, so this
// module is also imported by the node-side tests (tests/browser/run.mjs).

/*
 * formatMoney("1234567.5") -> "12,34,567.50"   (lakh/crore grouping: last three digits, then pairs)
 * Input is the decimal string the server sends ("125000.00", "-42.10", "0.5"). Anything that is
 * not a plain decimal is returned unchanged, so a bad value is shown rather than hidden.
 * Fewer than two decimals are padded; more are kept as given (never rounded here).
 */
export function formatMoney(value) {
  if (value === null || value === undefined) return '';
  const raw = String(value).trim();
  if (raw === '') return '';
  let s = raw;
  let sign = '';
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? '-' : '';
    s = s.slice(1);
  }
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return raw;
  const dot = s.indexOf('.');
  let int = dot < 0 ? s : s.slice(0, dot);
  let frac = dot < 0 ? '' : s.slice(dot + 1);
  int = int.replace(/^0+/, '');
  if (int === '') int = '0';
  while (frac.length < 2) frac += '0';
  if (/^0+$/.test(int + frac)) sign = '';
  return sign + groupIndian(int) + '.' + frac;
}

/* groupIndian("1234567") -> "12,34,567". Digits only; the caller strips sign and fraction. */
export function groupIndian(digits) {
  if (digits.length <= 3) return digits;
  const last3 = digits.slice(-3);
  let rest = digits.slice(0, -3);
  const pairs = [];
  while (rest.length > 2) {
    pairs.unshift(rest.slice(-2));
    rest = rest.slice(0, -2);
  }
  if (rest !== '') pairs.unshift(rest);
  return pairs.join(',') + ',' + last3;
}

/*
 * normaliseMoneyInput(" ₹1,25,000.50 ") -> "125000.50"
 * Removes what people type for readability (grouping commas, spaces, the rupee sign) and nothing
 * else; whether the rest is a valid amount is the server's decision.
 */
export function normaliseMoneyInput(text) {
  return String(text ?? '').replace(/[\s,₹]/g, '').replace(/^Rs\.?/i, '');
}

/* formatDate("2026-11-26") -> "26-11-2026"; also accepts the date part of an ISO timestamp. */
export function formatDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso));
  if (!m) return String(iso);
  return m[3] + '-' + m[2] + '-' + m[1];
}

/*
 * formatDateTime("2026-11-26T10:00:00Z") -> "26-11-2026 15:30" in the browser's local time.
 * Timestamps are not money, so Date is fine here. Unparseable input is returned unchanged.
 */
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(String(iso));
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = (n) => String(n).padStart(2, '0');
  return p(d.getDate()) + '-' + p(d.getMonth() + 1) + '-' + d.getFullYear() + ' ' +
    p(d.getHours()) + ':' + p(d.getMinutes());
}

/* localDate("2026-11-26T20:00:00Z") -> "27-11-2026" when local time is already the next day. */
export function formatLocalDate(iso) {
  const s = formatDateTime(iso);
  return s.length >= 10 && /^\d{2}-\d{2}-\d{4}/.test(s) ? s.slice(0, 10) : formatDate(iso);
}

/*
 * parseDateInput("5-10-2026") -> "2026-10-05". What people type for a date, turned into the ISO
 * form the server takes: DD-MM-YYYY, D/M/YYYY, DD.MM.YY, DDMMYYYY; a bare day ("5") or day and
 * month ("5-10") take the month and year of `base` (an ISO date, e.g. the last date used).
 * Returns null when the text is not shaped like a date; whether the day exists is checked here
 * only as far as the calendar goes, the server decides the rest (period lock, financial year).
 */
export function parseDateInput(text, base) {
  const s = String(text ?? '').trim();
  if (s === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return validIso(s);
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(base || '') || [null, '2000', '01', '01'];
  let d; let m; let y;
  let p = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(s);
  if (p) [d, m, y] = [p[1], p[2], p[3]];
  else if ((p = /^(\d{2})(\d{2})(\d{4}|\d{2})$/.exec(s))) [d, m, y] = [p[1], p[2], p[3]];
  else if ((p = /^(\d{1,2})[-/.](\d{1,2})$/.exec(s))) [d, m, y] = [p[1], p[2], b[1]];
  else if ((p = /^(\d{1,2})$/.exec(s))) [d, m, y] = [p[1], b[2], b[1]];
  else return null;
  if (y.length === 2) y = '20' + y;
  return validIso(y + '-' + m.padStart(2, '0') + '-' + d.padStart(2, '0'));
}

function validIso(iso) {
  const [y, m, d] = iso.split('-').map((x) => Number(x));
  if (m < 1 || m > 12 || d < 1) return null;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d > days ? null : iso;
}

/* todayIso() -> "2026-11-26" in the browser's local time. */
export function todayIso(now) {
  const d = now || new Date();
  const p = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
}

/* financialYear("2026-11-26") -> {from: "2026-04-01", to: "2027-03-31"}: the April–March year holding the date. */
export function financialYear(iso) {
  const m = /^(\d{4})-(\d{2})/.exec(iso || '');
  if (!m) return { from: '', to: '' };
  const y = Number(m[1]) - (Number(m[2]) < 4 ? 1 : 0);
  return { from: y + '-04-01', to: (y + 1) + '-03-31' };
}

/*
 * drCr("-1200.50") -> {amount: "1,200.50", side: "Cr"}: a signed balance (debit positive, as the
 * server sends it) shown as an amount with Dr or Cr. Only the sign character is looked at.
 */
export function drCr(value) {
  if (value === null || value === undefined || String(value).trim() === '') return { amount: '', side: '' };
  const s = String(value).trim();
  const neg = s[0] === '-';
  const amount = formatMoney(neg ? s.slice(1) : s);
  if (/^0+(\.0*)?$/.test(neg ? s.slice(1) : s)) return { amount, side: '' };
  return { amount, side: neg ? 'Cr' : 'Dr' };
}

/* isZeroAmount("0.00") -> true. A decimal string test, no floating point. */
export function isZeroAmount(value) {
  return value !== null && value !== undefined && /^[-+]?0*(\.0*)?$/.test(String(value).trim()) && String(value).trim() !== '';
}

/* formatQty("150", "kg") -> "150 kg". Quantities are decimal strings; shown as given. */
export function formatQty(qty, unit) {
  if (qty === null || qty === undefined || qty === '') return '';
  return String(qty) + (unit ? ' ' + unit : '');
}
