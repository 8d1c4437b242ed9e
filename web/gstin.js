// The GSTIN check the server makes (src/lib/india.c, india_gstin_refuse), mirrored so the party form
// can say what is wrong as the number is typed, in the same words (errors.gstin_* in i18n): 15
// capital letters and digits, a known state code, a PAN in characters 3-12, an entity number that
// is not 0, a letter in position 14 and the mod-36 check character. tests/api/gstin-mirror.test.mjs
// holds the two to the same answers.

const B36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/* The GST state codes india.c knows (the party form's list has the ones a party can be in). */
export const GST_STATES = new Set(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14',
  '15', '16', '17', '18', '19', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '30', '31', '32', '33', '34',
  '35', '36', '37', '38', '97', '99']);

/* A PAN: five letters, four digits, a letter; the fourth letter is the holder's type. */
export function panOk(pan) {
  return /^[A-Z]{5}\d{4}[A-Z]$/.test(pan) && 'ABCFGHLJPTK'.includes(pan[3]);
}

/* The check character the first 14 characters call for, or '' when one is not a capital or digit. */
export function gstinCheckChar(first14) {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const v = B36.indexOf(first14[i]);
    if (v < 0) return '';
    const p = v * (i % 2 ? 2 : 1);
    sum += Math.floor(p / 36) + (p % 36);
  }
  return B36[(36 - (sum % 36)) % 36];
}

/*
 * gstinFault("27AAPFU0939F1ZV") -> null when it is a GSTIN, else {reason, details} as the server
 * would refuse it. With partial: true (while it is being typed) only what is already wrong in the
 * characters typed so far is said: a short number is not yet a fault.
 */
export function gstinFault(text, partial) {
  // as the server takes it: spaces and tabs at the ends dropped, a-z in capitals
  const g = String(text || '').replace(/^[ \t]+|[ \t]+$/g, '').replace(/[a-z]/g, (c) => c.toUpperCase());
  // the field's own limit (15 characters in 15 bytes), as the server says it
  if (new TextEncoder().encode(g).length > 15) return { reason: 'too_long', details: { max: 15 } };
  if (!partial && g.length !== 15) return { reason: 'gstin_length', details: {} };
  for (let i = 0; i < g.length; i++) {
    if (!/[A-Z0-9]/.test(g[i])) return { reason: 'gstin_char', details: { position: i + 1 } };
  }
  if (g.length >= 2 && !GST_STATES.has(g.slice(0, 2))) return { reason: 'gstin_state_code', details: { state: g.slice(0, 2) } };
  if (g.length < 12) return null;
  if (!panOk(g.slice(2, 12))) return { reason: 'gstin_pan', details: {} };
  if (g.length >= 13 && g[12] === '0') return { reason: 'gstin_entity', details: {} };
  if (g.length >= 14 && !/[A-Z]/.test(g[13])) return { reason: 'gstin_letter14', details: {} };
  if (g.length < 15) return null;
  const want = gstinCheckChar(g);
  return g[14] === want ? null : { reason: 'gstin_check', details: { expected: want } };
}

/* What a valid GSTIN says of its holder: {pan, state} (characters 3-12 and 1-2), else null. */
export function gstinParts(text) {
  const g = String(text || '').trim().toUpperCase();
  return gstinFault(g) ? null : { pan: g.slice(2, 12), state: g.slice(0, 2) };
}
