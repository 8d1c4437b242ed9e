// Bill-wise details of a party's line, typed as in Tally: when the amount of a line on a party's
// ledger is entered, the party's pending bills (GET /ledgers/{id}/bills, oldest first, with what is
// due) open under the line and the first allocation is filled in: Agst Ref to the oldest bill, for
// what it has pending or what is left of the line. Enter walks type → bill → amount; Enter on the
// amount takes the next bill while something of the line is left (the last of it On Account when no
// bill is left), and leaves the panel when the allocations add up to the line. Whether they do, and
// whether a bill can take so much, is the server's to say (POST /vouchers/preview and the save).
import { moneyInput, wireMoney } from './ui.js';

const TYPES = ['agst', 'new', 'advance', 'on_account'];

export function billPanel(ctx, { cid, colspan, id }) {
  const { h, fmt } = ctx;
  const list = h('datalist', { id: id + '-refs' });
  const rowsEl = h('tbody');
  const due = h('div', { class: 'bill-due small', id: id + '-due' });
  const tr = h('tr', { class: 'bill-panel', id, hidden: true }, [
    h('td', { colSpan: colspan }, [
      h('div', { class: 'bill-head' }, [h('strong', { t: 'bills.title' }), due]),
      h('table', { class: 'bill-grid' }, [
        h('thead', {}, [h('tr', {}, [h('th', { t: 'bills.type' }), h('th', { t: 'bills.ref' }), h('th', { class: 'num', t: 'bills.pending' }),
          h('th', { class: 'num', t: 'bills.amount' })])]),
        rowsEl]),
      list,
    ]),
  ]);
  let pending = [];      // the party's pending bills, oldest first
  let rows = [];
  let lineAmount = 0;    // paise
  const toPaise = (s) => Math.round(Number(s || '0') * 100);
  const fromPaise = (p) => (p / 100).toFixed(2);

  const taken = (except) => rows.filter((r) => r !== except).reduce((a, r) => a + toPaise(wireMoney(ctx, r.amt.value) || '0'), 0);
  const left = () => lineAmount - taken(null);
  const billOf = (ref) => pending.find((b) => b.ref === ref);
  const takenFrom = (ref, except) => rows.filter((r) => r !== except && r.type.value === 'agst' && r.ref.value.trim() === ref)
    .reduce((a, r) => a + toPaise(wireMoney(ctx, r.amt.value) || '0'), 0);

  function showDue(r) {
    const b = r.type.value === 'agst' ? billOf(r.ref.value.trim()) : null;
    r.due.textContent = b ? fmt.formatMoney(b.pending) + ' ' + ctx.t(b.pending_side === 'credit' ? 'voucher.cr' : 'voucher.dr') : '';
  }

  function addRow(type, ref, amount) {
    const i = rows.length;
    const r = {};
    r.type = h('select', { id: id + '-type-' + i, class: 'bill-type', tattr: { 'aria-label': 'bills.type' } },
      TYPES.map((x) => h('option', { value: x, t: 'bills.kind.' + x })));
    r.type.value = type;
    r.ref = h('input', { id: id + '-ref-' + i, type: 'text', class: 'mono bill-ref', autocomplete: 'off', spellcheck: 'false', maxLength: 60,
      list: list.id, tattr: { 'aria-label': 'bills.ref' } });
    r.ref.value = ref || '';
    r.due = h('td', { class: 'num money bill-pending', id: id + '-pending-' + i });
    r.amt = moneyInput(ctx, { id: id + '-amt-' + i, tattr: { 'aria-label': 'bills.amount' } });
    r.amt.value = amount ? fmt.formatMoney(fromPaise(amount)) : '';
    r.tr = h('tr', { class: 'bill-row' }, [h('td', {}, [r.type]), h('td', {}, [r.ref]), r.due, h('td', {}, [r.amt])]);
    const sync = () => { r.ref.disabled = r.type.value === 'on_account'; if (r.ref.disabled) r.ref.value = ''; showDue(r); };
    r.type.addEventListener('change', sync);
    r.ref.addEventListener('input', () => showDue(r));
    sync();
    rows.push(r);
    rowsEl.append(r.tr);
    return r;
  }

  /* The next allocation: the oldest bill not yet taken, for what it has pending or what is left. */
  function nextRow() {
    const rest = left();
    if (rest <= 0) return null;
    for (const b of pending) {
      const open = toPaise(b.pending) - takenFrom(b.ref, null);
      if (open > 0) return addRow('agst', b.ref, Math.min(open, rest));
    }
    return addRow('on_account', '', rest);
  }

  const api = {
    tr,
    get active() { return !tr.hidden && rows.length > 0; },
    contains(el) { return tr.contains(el); },
    fields() { return api.active ? rows.flatMap((r) => [r.type, r.ref.disabled ? null : r.ref, r.amt].filter(Boolean)) : []; },
    /* Opens under a line of `amount` (a decimal string) on ledger `ledgerId`; resolves to the first field. */
    async open(ledgerId, amount, allocs) {
      lineAmount = toPaise(amount);
      try {
        pending = (await ctx.api('GET', '/companies/' + cid + '/ledgers/' + ledgerId + '/bills')).data.items || [];
      } catch (_) { pending = []; }
      list.replaceChildren(...pending.map((b) => h('option', { value: b.ref, label: fmt.formatDate(b.date) + ' · ' + fmt.formatMoney(b.pending) })));
      ctx.setT(due, 'bills.pendingCount', { n: String(pending.length) });
      rows = [];
      rowsEl.replaceChildren();
      if (allocs && allocs.length) for (const a of allocs) addRow(a.type, a.ref || '', toPaise(a.amount));
      else nextRow();
      tr.hidden = false;
      return rows[0] ? rows[0].amt : null;
    },
    close() { tr.hidden = true; rows = []; rowsEl.replaceChildren(); },
    get amount() { return lineAmount; },
    /* The input an error on allocations[k].member names (the first amount for the whole). */
    input(k, member) {
      const r = rows[k === undefined ? 0 : k];
      if (!r) return null;
      return member === 'ref' ? r.ref : member === 'type' ? r.type : r.amt;
    },
    /* Enter in the panel: the next field, the next bill, or true when the line is allocated in full. */
    enter(el) {
      const f = api.fields();
      const i = f.indexOf(el);
      const r = rows.find((x) => x.amt === el);
      if (r && r === rows[rows.length - 1]) {
        const nr = nextRow();
        if (!nr) return true;
        nr.amt.focus();
        nr.amt.select();
        return false;
      }
      if (i >= 0 && i + 1 < f.length) { f[i + 1].focus(); if (f[i + 1].select) f[i + 1].select(); }
      return false;
    },
    body() {
      return rows.map((r) => {
        const a = { type: r.type.value, amount: wireMoney(ctx, r.amt.value) };
        if (r.type.value !== 'on_account') a.ref = r.ref.value.trim();
        return a;
      }).filter((a) => a.amount);
    },
  };
  return api;
}

/* The strip under the party: GSTIN, state, balance and credit limit (GET /parties/{id}/bills). */
export function partyInfo(ctx, el, account) {
  const { h, t, fmt } = ctx;
  if (!account) { el.replaceChildren(); el.hidden = true; return; }
  const side = account.balance_side === 'credit' ? t('voucher.cr') : account.balance_side === 'debit' ? t('voucher.dr') : '';
  const part = (key, text, id) => h('span', { class: 'pi-part' }, [h('span', { class: 'pi-label', t: key }), ' ', h('span', { class: 'pi-value', id, text })]);
  el.replaceChildren(
    part('party.gstin', account.gstin || t('bills.noGstin'), 'pi-gstin'),
    part('party.state', account.state_code ? account.state_code + ' · ' + t('state.' + account.state_code) : '—', 'pi-state'),
    part('bills.balance', '₹ ' + fmt.formatMoney(account.balance) + (side ? ' ' + side : ''), 'pi-balance'),
    part('bills.creditLimit', account.credit_limit ? '₹ ' + fmt.formatMoney(account.credit_limit) : t('bills.noLimit'), 'pi-limit'),
  );
  el.hidden = false;
}

/* The server's warnings as sentences of the user's language (warn.<code>, with its figures). */
export function warningNodes(ctx, warnings) {
  const { h, fmt } = ctx;
  return warnings.map((w) => {
    const args = {};
    for (const [k, v] of Object.entries(w)) {
      if (k === 'code' || k === 'field' || k === 'message') continue;
      args[k] = typeof v === 'string' && /^-?\d+\.\d\d$/.test(v) ? fmt.formatMoney(v) : String(v ?? '');
    }
    return h('li', { class: 'warn-item', dataset: { code: w.code }, t: ctx.hasT('warn.' + w.code) ? 'warn.' + w.code : null, targs: args,
      text: ctx.hasT('warn.' + w.code) ? undefined : w.message });
  });
}
