// The one error display and the one form controller every screen uses. An error from the server is
// shown in the user's language from its reason and figures (errors.<reason> in i18n), else from its
// code and field (err.*); the server's English message is never shown (it is for logs and the API).
// It lands beside the field the server names and that field gets the focus. The controller adds what every form does around a
// save: busy state, Ctrl+Enter and Alt+A, a throttled save's countdown, stale and duplicate refusals handed to
// the screen, and the typing kept across a forced re-login. Rules stay on the server.

/* How a figure of an error is shown; anything else is shown as the server sent it. */
const FIGURES = { difference: 'money', debit: 'money', credit: 'money', statement_amount: 'money', book_amount: 'money', max: 'money', value: 'money',
  threshold: 'money', pending: 'money', amount: 'money', settled: 'money', allocated: 'money', line_amount: 'money', balance: 'money', asserted: 'money',
  lock_date: 'date', books_from: 'date', first_entry: 'date', version: 'count', retry_after: 'count' };
const NOT_FIGURES = new Set(['code', 'message', 'field', 'reason']);

/* The figures of an error, formatted for its translated text: {"difference": "1,250.00", ...}. */
function figures(ctx, err) {
  const { fmt } = ctx;
  const out = {};
  for (const [k, v] of Object.entries(err.details || {})) {
    if (NOT_FIGURES.has(k) || v === null || v === undefined) continue;
    if (typeof v === 'object') {
      // "existing" names the record already there; "current" is the record as it now stands.
      const x = k === 'current' ? v.version : (v.name || v.number || v.sku || (v.id != null ? '#' + v.id : null));
      if (x !== null && x !== undefined && x !== '') out[k] = String(x);
      continue;
    }
    const s = String(v);
    // the ceiling of a quantity is a count of units, grouped the Indian way; of an amount, money
    if (k === 'max' && err.details.kind === 'quantity') out[k] = /^\d+$/.test(s) && fmt.groupIndian ? fmt.groupIndian(s) : s;
    else if (k === 'max' && err.reason !== 'too_large') out[k] = s;   // a count: characters, lines, rows
    else if (FIGURES[k] === 'money' && /^-?\d+(\.\d+)?$/.test(s)) out[k] = fmt.formatMoney(s);   // a CSV's "value" is its text
    else if (FIGURES[k] === 'date' || /^\d{4}-\d{2}-\d{2}$/.test(s)) out[k] = fmt.formatDate(s);
    else if (FIGURES[k] === 'count' && !(Number(s) > 0)) continue;     // "0 seconds" says nothing
    else out[k] = s;
  }
  return out;
}

/*
 * The translated text of an error's reason: {key, args, brief}, or null when i18n has none whose
 * figures were all sent (then the code-level text is shown, never a sentence with a hole). Tried in
 * turn: errors.<reason>.<side or kind> (the larger side of an unbalanced voucher, the missing
 * ledger's kind), errors.<reason>, and errors.<reason>.brief, a shorter sentence for when some
 * figures did not come (brief: true).
 */
function reasonText(ctx, err) {
  const reason = reasonOf(ctx, err);
  if (!reason) return null;
  const args = figures(ctx, err);
  // A figure that picks the sentence: the larger side of an unbalanced voucher, the kind of a missing ledger.
  const d = err.details || {};
  const variant = typeof d.side === 'string' ? d.side : typeof d.kind === 'string' ? d.kind : null;
  const base = 'errors.' + reason;
  const keys = [variant ? base + '.' + variant : null, base, base + '.brief'].filter(Boolean);
  for (const key of keys) {
    if (!ctx.hasT(key)) continue;
    const need = [...ctx.t(key).matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    if (need.every((n) => n in args)) return { key, args, brief: key === base + '.brief' };
  }
  return null;
}

/* The reason an error is said from: the one the server named, else the code of a refusal that is
 * its own reason (duplicate, stale) when i18n has nothing more particular for its field. */
function reasonOf(ctx, err) {
  if (err.reason) return err.reason;
  if (err.code !== 'duplicate' && err.code !== 'stale') return null;
  return codeKey(ctx, err) === 'err.' + err.code ? err.code : null;
}

/* The code-level text: the most specific of err.<field>.<code>, err.<field>, err.<code>. */
function codeKey(ctx, err) {
  const keys = [];
  if (err.field) {
    const generic = String(err.field).replace(/\[\d+\]/g, '');
    keys.push('err.' + err.field + '.' + err.code, 'err.' + generic + '.' + err.code, 'err.' + generic);
  }
  keys.push('err.' + err.code);
  return keys.find((k) => ctx.hasT(k)) || 'err.internal';
}

/*
 * errorNodes(ctx, err) -> [nodes]: the one error display, all of it in the user's language: the
 * reason's sentence with its figures when i18n has it, otherwise the translated code-level text.
 * The server's English message is not shown (tests/api/i18n-reasons.test.mjs keeps every reason
 * the server sends translated).
 */
export function errorNodes(ctx, err) {
  const { h } = ctx;
  const r = reasonText(ctx, err);
  return r ? [h('span', { class: 'msg-main', dataset: { reason: reasonOf(ctx, err) }, t: r.key, targs: r.args })]
    : [h('span', { class: 'msg-main', t: codeKey(ctx, err) })];
}

/* The sentence of a reason the UI finds itself (a GSTIN or a date checked as it is typed), shown
 * the way a server refusal of that reason is: {reason, details} as the server would send them. */
export function reasonNodes(ctx, reason, details) {
  return errorNodes(ctx, { code: 'invalid', reason, details: details || {} });
}

/* A refused read said in a toast: the main sentence of the one error display. A 401 (the login
 * screen says it) and a 429 (app.js has toasted the wait) are not said again. */
export function toastError(ctx, err) {
  if (err.status === 401 || err.status === 429) return;
  if (err.status === 0) { ctx.toast('toast.serverUnreachable', { kind: 'error' }); return; }
  const r = reasonText(ctx, err);
  ctx.toast(r ? r.key : codeKey(ctx, err), { args: r ? r.args : undefined, kind: 'error' });
}

/* Shows err in a message box (.form-alert or .field-msg), an unreachable server included; with
 * `lead` (an i18n key), that sentence comes first and err is its detail. A 401 is not shown:
 * app.js has already ended the session and shows the login screen. */
export function alertError(ctx, el, err, lead) {
  const { h } = ctx;
  if (err.status === 401) return;
  const nodes = err.status === 0 ? [h('span', { class: 'msg-main', t: 'toast.serverUnreachable' })] : errorNodes(ctx, err);
  if (lead) {
    for (const n of nodes) n.removeAttribute('class');
    el.replaceChildren(h('span', { class: 'msg-main', t: lead }), h('span', { class: 'msg-detail' }, nodes));
  } else {
    el.replaceChildren(...nodes);
  }
  el.hidden = false;
}

/* Focus a field with the caret at the end, so typing adds to what is there. */
export function focusEnd(el) {
  if (!el) return;
  el.focus();
  if (el.tagName === 'INPUT' && el.type === 'text') el.setSelectionRange(el.value.length, el.value.length);
}

/* Enter order: moves the focus delta places along list from el (selecting a text input's content);
 * true when el is in the list, so the caller takes the key. The ends stay where they are. */
export function walk(list, el, delta) {
  const i = list.indexOf(el);
  if (i < 0) return false;
  const j = i + delta;
  if (j < 0 || j >= list.length) return true;
  list[j].focus();
  if (list[j].select && list[j].tagName === 'INPUT') list[j].select();
  return true;
}

/* The holder an input's mark and message go on: its sub-field, table cell or form field. */
const holderOf = (input) => input.closest('.sub-field, td, .field') || input.parentElement;

/* Marks input as refused with err's message beside it (in `slot`, its own #<id>-msg, or a new one
 * under it). Used by formControl for the server's refusals and by fields that check themselves
 * as they are typed or left (a date, a GSTIN), so both look the same. */
export function markInput(ctx, input, err, slot) {
  const { h } = ctx;
  input.setAttribute('aria-invalid', 'true');
  const holder = holderOf(input);
  holder.classList.add('has-error');
  let msg = slot || (input.id && holder.querySelector('#' + CSS.escape(input.id + '-msg')));
  if (msg && msg.classList.contains('dyn')) { msg.remove(); msg = null; }
  if (msg) {
    msg.replaceChildren(...errorNodes(ctx, err));
    msg.hidden = false;
  } else {
    holder.append(h('div', { class: 'field-msg dyn', id: input.id + '-msg', role: 'alert' }, errorNodes(ctx, err)));
  }
  return input;
}

/* Takes a mark made by markInput off again. */
export function clearMark(input) {
  const holder = holderOf(input);
  input.removeAttribute('aria-invalid');
  holder.classList.remove('has-error');
  for (const m of holder.querySelectorAll('.field-msg')) {
    if (m.classList.contains('dyn')) m.remove(); else { m.hidden = true; m.replaceChildren(); }
  }
}

/*
 * formControl(ctx, opts) -> controller. opts:
 *   scope     element holding the fields: typing in a marked field clears its mark
 *   alert     the form-level message box (errors that name no field go there)
 *   place(field, err) -> {input, slot, focus} | null: where an error on `field` goes. `input` is
 *             marked (has-error, aria-invalid) with the message beside it (its static #<id>-msg, or
 *             one added under it); `slot` is a message box for a whole part (the lines); `focus`
 *             overrides what gets the focus (default: input).
 *   first()   what gets the focus after an error that names no field (optional)
 *   buttons   disabled while saving or throttled; busyEl gets .is-busy while saving
 *   save, saveNew   Ctrl+Enter and Ctrl+Shift+Enter
 *   stale(err, current)      a 409 stale or 412: the screen shows its conflict notice (or returns
 *                            false to have it shown like any other error)
 *   duplicate(err, existing) a 409 duplicate: the screen shows its notice (or returns false)
 *   unauthenticated(err)     a 401 the screen asked for (login); others end the session in app.js
 *   clearAlertOnInput  typing hides the form-level message (login)
 */
export function formControl(ctx, o) {
  const { h } = ctx;
  const hash = location.hash;
  const buttons = o.buttons || [];
  let busy = false;
  let throttled = false;
  let timer = null;

  function refresh() {
    for (const b of buttons) b.disabled = busy || throttled;
    if (o.busyEl) o.busyEl.classList.toggle('is-busy', busy);
  }

  function hideAlert() {
    if (!o.alert) return;
    o.alert.hidden = true;
    o.alert.replaceChildren();
  }

  function alertText(key, args) {
    if (!o.alert) return;
    o.alert.replaceChildren(h('span', { class: 'msg-main', t: key, targs: args }));
    o.alert.hidden = false;
  }

  function clear() {
    const s = o.scope;
    if (s) {
      for (const m of s.querySelectorAll('.field-msg.dyn')) m.remove();
      for (const el of s.querySelectorAll('.has-error')) el.classList.remove('has-error');
      for (const el of s.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
      for (const m of s.querySelectorAll('.field-msg')) { m.hidden = true; m.replaceChildren(); }
    }
    if (!throttled) hideAlert();
  }

  const mark = (input, err, slot) => markInput(ctx, input, err, slot);

  /* Shows err (a 429) in the alert with `left` seconds still to wait. */
  function alertThrottled(err, left) {
    if (!o.alert) return;
    o.alert.replaceChildren(...errorNodes(ctx, { ...err, details: { ...err.details, retry_after: left } }));
    o.alert.hidden = false;
  }

  /* Waits out a 429: the wait counts down in the alert and the save buttons stay off until it ends. */
  function throttle(err) {
    clearInterval(timer);
    let left = err.retryAfter > 0 ? err.retryAfter : 0;
    alertThrottled(err, left);
    if (!left) return;
    throttled = true;
    refresh();
    timer = setInterval(() => {
      left -= 1;
      if (left > 0) { alertThrottled(err, left); return; }
      clearInterval(timer);
      throttled = false;
      refresh();
      hideAlert();
    }, 1000);
  }

  /* The one way a refused request is shown. */
  function show(err) {
    if (err.status === 401) { if (o.unauthenticated) o.unauthenticated(err); return; }
    // The screen's own notice for a stale or duplicate refusal; false from it: shown as any other.
    if (o.stale && (err.status === 412 || (err.status === 409 && err.code === 'stale')) &&
      o.stale(err, (err.details && err.details.current) || (err.body && err.body.current) || null) !== false) return;
    if (o.duplicate && err.status === 409 && err.code === 'duplicate' &&
      o.duplicate(err, (err.details && err.details.existing) || (err.body && err.body.existing) || {}) !== false) return;
    if (err.status === 429) { throttle(err); return; }
    if (err.status === 0) { alertText('toast.serverUnreachable'); return; }
    const at = err.field && o.place ? o.place(err.field, err) : null;
    if (at && at.input) mark(at.input, err, at.slot);
    else if (at && at.slot) { at.slot.replaceChildren(...errorNodes(ctx, err)); at.slot.hidden = false; }
    if (at && (at.input || at.slot)) {
      const f = at.focus || at.input;
      if (f) f.focus();
      return;
    }
    if (o.alert) { o.alert.replaceChildren(...errorNodes(ctx, err)); o.alert.hidden = false; }
    const first = o.first && o.first();
    if (first) focusEnd(first);
  }

  if (o.scope) {
    o.scope.addEventListener('input', (e) => {
      if (o.clearAlertOnInput && !throttled) hideAlert();
      const holder = e.target.closest && e.target.closest('.has-error');
      if (!holder || !o.scope.contains(holder)) return;
      holder.classList.remove('has-error');
      e.target.removeAttribute('aria-invalid');
      for (const m of holder.querySelectorAll('.field-msg')) {
        if (m.classList.contains('dyn')) m.remove(); else { m.hidden = true; m.replaceChildren(); }
      }
    });
  }

  return {
    get busy() { return busy || throttled; },
    clear,
    mark,
    show,
    throttle,
    alertText,
    hideAlert,
    /* Runs a save: nothing while one is running or a wait is on; errors cleared first, shown after. */
    async run(fn) {
      if (busy || throttled) return undefined;
      busy = true;
      refresh();
      clear();
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof ctx.ApiError)) throw err;
        show(err);
        return undefined;
      } finally {
        busy = false;
        refresh();
      }
    },
    /* Runs a read (the record the form shows, its pickers' lists): busyEl is .is-busy meanwhile and
     * a refusal is shown in the alert; resolves fn's value, or undefined after a refusal. */
    async load(fn) {
      if (o.busyEl) o.busyEl.classList.add('is-busy');
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof ctx.ApiError)) throw err;
        if (o.alert) alertError(ctx, o.alert, err);
        return undefined;
      } finally {
        if (o.busyEl) o.busyEl.classList.toggle('is-busy', busy);
      }
    },
    /* Ctrl+Enter (or Alt+A, Tally's accept) saves, Ctrl+Shift+Enter saves and starts a new one;
     * true when the key was one. Ctrl+A is left to the browser: it selects a field's text. */
    onKey(e, k) {
      if ((k === 'Ctrl+Enter' || k === 'Alt+A') && o.save) { e.preventDefault(); o.save(); return true; }
      if (k === 'Ctrl+Shift+Enter' && o.saveNew) { e.preventDefault(); o.saveNew(); return true; }
      return false;
    },
    /* What was typed, kept across a forced re-login (keep in onSessionLost, take on load). */
    keepDraft(values, version) { ctx.state.drafts[hash] = { values, version }; },
    takeDraft() { const d = ctx.state.drafts[hash]; delete ctx.state.drafts[hash]; return d; },
    destroy() { clearInterval(timer); },
  };
}
