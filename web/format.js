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
