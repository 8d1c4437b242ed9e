// Party form (create and edit): Enter walks the fields (in an address too: Shift+Enter starts a new
// line there), Ctrl+Enter or Alt+A saves, Esc goes back. The GSTIN is checked as it is typed, the
// way the server checks it (gstin.js), and a valid one fills in the PAN and the state. Server
// errors land beside the field they name (form.js); stale edits and duplicates get a notice that
// keeps everything typed until the user decides. Validation itself is still the server's.
import { STATES, notices } from './ui.js';
import { formControl, focusEnd, walk, markInput, clearMark } from './form.js';
import { gstinFault, gstinParts } from '../gstin.js';

/* Field order here is the Enter order and the layout order. */
const FIELDS = [
  { name: 'name', label: 'party.name', span: 8, required: true, maxLength: 200 },
  { name: 'kind', label: 'party.kind', span: 4, kind: 'select' },
  { name: 'gstin', label: 'party.gstin', span: 4, mono: true, upper: true, maxLength: 15, hint: 'party.gstinHint' },
  { name: 'pan', label: 'party.pan', span: 4, mono: true, upper: true, maxLength: 10 },
  { name: 'state_code', label: 'party.state', span: 4, kind: 'state', hint: 'party.stateHint' },
  { name: 'phone', label: 'party.phone', span: 4, mono: true, inputmode: 'tel', autocomplete: 'off' },
  { name: 'email', label: 'party.email', span: 8, inputmode: 'email', autocomplete: 'off' },
  { name: 'billing_address', label: 'party.billingAddress', span: 6, kind: 'textarea', maxLength: 500, hint: 'party.addressHint' },
  { name: 'shipping_address', label: 'party.shippingAddress', span: 6, kind: 'textarea', maxLength: 500, hint: 'party.addressHint' },
  { name: 'credit_limit', label: 'party.creditLimit', span: 4, kind: 'money', inputmode: 'decimal' },
  { name: 'payment_terms_days', label: 'party.terms', span: 4, kind: 'int', inputmode: 'numeric' },
  { name: 'name_hi', label: 'party.name_hi', span: 4, maxLength: 200, lang: 'hi' },
];

export default {
  nav: 'parties',
  render(ctx, root, params) {
    const { h, t, fmt } = ctx;
    const cid = params.cid;
    const id = params.id;
    const isNew = id === null;
    const listHash = '#/c/' + cid + '/parties';
    const defaultKind = params.query && params.query.get('kind') === 'vendor' ? 'vendor' : 'customer';

    let original = null;       // the party as last read from the server (edit), for diffs
    let version = null;        // version the edit is based on (sent as If-Match)
    let baseline = null;       // form values at load / last reset, for the dirty check
    let lastAttempt = null;    // {json, key}: reuse an Idempotency-Key only for an unanswered retry

    /* ----- build the form ----- */
    const fields = {};
    const grid = h('div', { class: 'form-grid' });
    for (const f of FIELDS) {
      const idAttr = 'f-' + f.name;
      let input;
      if (f.kind === 'select') {
        input = h('select', { id: idAttr, name: f.name }, [
          h('option', { value: 'customer', t: 'kind.customer' }),
          h('option', { value: 'vendor', t: 'kind.vendor' }),
        ]);
      } else if (f.kind === 'state') {
        input = h('select', { id: idAttr, name: f.name }, [
          h('option', { value: '', t: 'party.stateFromGstin' }),
          ...STATES.map((c) => h('option', { value: c, t: 'state.' + c, tprefix: c + ' · ' })),
        ]);
      } else if (f.kind === 'textarea') {
        input = h('textarea', { id: idAttr, name: f.name, rows: 3, maxLength: f.maxLength, spellcheck: 'false' });
      } else {
        input = h('input', {
          id: idAttr, name: f.name, type: 'text', autocomplete: f.autocomplete || 'off', spellcheck: 'false',
          inputmode: f.inputmode, maxLength: f.maxLength, lang: f.lang,
          class: [f.mono ? 'mono' : '', f.upper ? 'upper' : '', f.kind === 'money' || f.kind === 'int' ? 'num' : ''].join(' ').trim(),
        });
      }
      input.setAttribute('aria-describedby', idAttr + '-msg' + (f.hint ? ' ' + idAttr + '-hint' : ''));
      if (f.required) input.setAttribute('aria-required', 'true');
      const msg = h('div', { class: 'field-msg', id: idAttr + '-msg', role: 'alert', hidden: true });
      const hint = f.hint ? h('div', { class: 'field-hint', id: idAttr + '-hint', t: f.hint })
        : (f.kind === 'money' ? h('div', { class: 'field-hint num', id: idAttr + '-hint', 'aria-live': 'polite' }) : null);
      if (f.kind === 'money') input.setAttribute('aria-describedby', idAttr + '-msg ' + idAttr + '-hint');
      const label = h('label', { for: idAttr }, [h('span', { t: f.label }), f.required ? h('span', { class: 'req', 'aria-hidden': 'true', text: ' *' }) : null]);
      const wrap = h('div', { class: 'field span-' + f.span, dataset: { field: f.name } }, [label, input, msg, hint]);
      fields[f.name] = { def: f, input, msg, hint, wrap };
      grid.append(wrap);
    }
    const order = FIELDS.map((f) => fields[f.name].input);

    const formAlert = h('div', { class: 'form-alert', id: 'form-alert', role: 'alert', hidden: true });
    const noticeArea = h('div', { class: 'notice-area', id: 'notice-area' });
    const saveBtn = h('button', { type: 'submit', class: 'btn btn-primary', id: 'save' }, [h('span', { t: 'form.save' }), h('kbd', { class: 'btn-key', text: 'Ctrl+Enter' })]);
    const saveNewBtn = h('button', { type: 'button', class: 'btn', id: 'save-new' }, [h('span', { t: 'form.saveNew' }), h('kbd', { class: 'btn-key', text: 'Ctrl+Shift+Enter' })]);
    const backBtn = h('button', { type: 'button', class: 'btn btn-ghost', id: 'back' }, [h('span', { t: 'form.back' }), h('kbd', { class: 'btn-key', text: 'Esc' })]);
    const archiveBtn = h('button', { type: 'button', class: 'btn btn-danger-ghost', id: 'archive', hidden: isNew }, [h('span', { t: 'form.archive' }), h('kbd', { class: 'btn-key', text: 'Alt+X' })]);
    const meta = h('div', { class: 'form-meta', id: 'form-meta' });
    const title = h('h1', { t: isNew ? 'form.newTitle' : 'form.editTitle' });
    const subtitle = h('span', { class: 'head-sub', id: 'form-subtitle' });
    const archivedBadge = h('span', { class: 'badge badge-muted', t: 'party.archived', hidden: true });

    const form = h('form', { class: 'party-form', id: 'party-form', noValidate: true, autocomplete: 'off' }, [
      grid,
      h('div', { class: 'form-actions' }, [saveBtn, saveNewBtn, backBtn, h('div', { class: 'spacer' }), archiveBtn]),
    ]);

    root.replaceChildren(h('section', { class: 'screen screen-form' }, [
      h('div', { class: 'screen-head' }, [
        h('a', { class: 'crumb', href: listHash, t: 'list.title' }),
        h('span', { class: 'crumb-sep', 'aria-hidden': 'true', text: '›' }),
        title, subtitle, archivedBadge,
      ]),
      noticeArea,
      formAlert,
      h('div', { class: 'card' }, [form, meta]),
    ]));

    /* ----- values ----- */
    function toForm(p) {
      const v = {};
      for (const f of FIELDS) {
        const x = p ? p[f.name] : undefined;
        if (f.name === 'kind') v.kind = x === 'vendor' ? 'vendor' : (x === 'customer' ? 'customer' : defaultKind);
        else if (f.kind === 'money') v[f.name] = x === null || x === undefined ? '' : fmt.formatMoney(x);
        else v[f.name] = x === null || x === undefined ? '' : String(x);
      }
      return v;
    }

    function fill(v) {
      for (const f of FIELDS) fields[f.name].input.value = v[f.name] ?? '';
      updateMoneyHint();
    }

    function collect() {
      const v = {};
      for (const f of FIELDS) v[f.name] = fields[f.name].input.value;
      return v;
    }

    /* Form text -> the JSON value sent. Empty optional fields become null (cleared). */
    function wire(f, text) {
      if (f.kind === 'textarea') return text.trim() === '' ? null : text;
      const s = text.trim();
      if (f.name === 'kind' || f.name === 'name') return s;
      // The server keeps no "empty" amount or term: a cleared one is zero.
      if (f.kind === 'money') return s === '' ? '0.00' : fmt.normaliseMoneyInput(s);
      if (f.kind === 'int') return s === '' ? 0 : (/^\d{1,6}$/.test(s) ? Number(s) : s);
      if (s === '') return null;
      if (f.upper) return s.toUpperCase();
      return s;
    }

    function bodyForCreate(v) {
      const body = {};
      for (const f of FIELDS) {
        const x = wire(f, v[f.name]);
        if (x !== null) body[f.name] = x;
      }
      return body;
    }

    function bodyForEdit(v) {
      const base = toForm(original);
      const body = {};
      for (const f of FIELDS) {
        const mine = wire(f, v[f.name]);
        const was = wire(f, base[f.name]);
        if (JSON.stringify(mine) !== JSON.stringify(was)) body[f.name] = mine;
      }
      return body;
    }

    function isDirty() {
      return baseline !== null && JSON.stringify(collect()) !== JSON.stringify(baseline);
    }

    /* While an amount is typed plainly, show it grouped the Indian way underneath. */
    function updateMoneyHint() {
      const f = fields.credit_limit;
      const s = fmt.normaliseMoneyInput(f.input.value);
      const grouped = /^\d+(\.\d{0,2})?$/.test(s) ? fmt.formatMoney(s) : '';
      f.hint.textContent = grouped && grouped !== f.input.value.trim() ? '₹ ' + grouped : '';
    }

    /* On leaving the amount field, regroup it (1234567.5 -> 12,34,567.50); odd input stays as typed. */
    function regroupMoney() {
      const f = fields.credit_limit;
      const s = fmt.normaliseMoneyInput(f.input.value);
      if (/^\d+(\.\d{0,2})?$/.test(s)) f.input.value = fmt.formatMoney(s);
      updateMoneyHint();
    }

    function showParty(p) {
      subtitle.textContent = p ? (p.name || '') : '';
      archivedBadge.hidden = !(p && p.archived);
      archiveBtn.hidden = isNew || !!(p && p.archived);
      if (!p) { meta.replaceChildren(); return; }
      const parts = [];
      if (p.version != null) parts.push(h('span', { t: 'form.version', targs: { v: p.version } }));
      if (p.created_at) parts.push(h('span', { t: 'form.created', targs: { d: fmt.formatDateTime(p.created_at) } }));
      if (p.updated_at) parts.push(h('span', { t: 'form.updated', targs: { d: fmt.formatDateTime(p.updated_at) } }));
      meta.replaceChildren(...parts);
    }

    /* ----- errors and notices ----- */
    const note = notices(ctx, noticeArea);
    const ctl = formControl(ctx, {
      scope: form, alert: formAlert, buttons: [saveBtn, saveNewBtn], busyEl: form,
      place: (name) => (fields[name] ? { input: fields[name].input } : null),
      first: () => order[0],
      save: () => save(), saveNew: () => save({ andNew: true }),
      stale: (err, current) => (current ? conflict(current) : false),
      duplicate: (err, existing) => duplicate(err, existing),
    });

    function fieldLabels(names) {
      return names.map((n) => fields[n] ? t(fields[n].def.label) : n).join(', ');
    }

    function conflict(current) {
      const theirs = toForm(current);
      const base = toForm(original);
      const changed = FIELDS.map((f) => f.name).filter((n) => theirs[n] !== base[n]);
      const body = [
        h('strong', { t: 'conflict.title' }),
        h('p', { t: 'conflict.text', targs: { v: current.version } }),
      ];
      if (changed.length) {
        const list = h('ul', { class: 'notice-changes' }, changed.map((n) => {
          const f = fields[n].def;
          let val = theirs[n];
          if (f.kind === 'money') val = val ? '₹ ' + fmt.formatMoney(val) : '';
          else if (n === 'kind') val = t('kind.' + val);
          return h('li', {}, [h('span', { class: 'change-label', t: f.label }), ': ',
            val === '' ? h('em', { t: 'conflict.empty' }) : h('span', { class: 'change-value', text: val })]);
        }));
        body.push(h('div', { class: 'notice-detail' }, [h('span', { t: 'conflict.changed' }), list]));
      }
      const btns = note.show('warn', 'conflict-notice', body, [
        ['conflict.reload', 'Alt+R', () => reloadTheirs(current), true],
        // Mine over theirs: send only what I changed against what I read, based on their version.
        ['conflict.overwrite', 'Alt+O', () => { version = current.version; save(); }],
      ]);
      btns[0].focus();
    }

    function reloadTheirs(current) {
      note.close();
      ctl.clear();
      original = current;
      version = current.version;
      baseline = toForm(current);
      fill(baseline);
      showParty(current);
      ctx.toast('conflict.reloaded', { kind: 'info' });
      focusField(order[0]);
    }

    function duplicate(err, ex) {
      const body = [h('strong', { t: 'dup.title' })];
      const line = h('p', {}, [h('span', { t: err.field && fields[err.field] ? 'dup.textField' : 'dup.text', targs: { field: err.field ? fieldLabels([err.field]) : '' } }), ' ']);
      if (ex.id != null) {
        line.append(h('a', { href: '#/c/' + cid + '/parties/' + ex.id, target: '_blank', rel: 'noopener', class: 'dup-link', text: ex.name || ('#' + ex.id) }));
      } else if (ex.name) line.append(h('span', { class: 'dup-link', text: ex.name }));
      body.push(line);
      if (err.field && fields[err.field]) ctl.mark(fields[err.field].input, err);
      const btns = note.show('warn', 'duplicate-notice', body, [
        ['dup.saveAnyway', 'Alt+S', () => save({ allowDuplicate: true }), true],
        ['dup.cancel', 'Esc', () => { note.close(); focusError(err.field); }],
      ]);
      btns[0].focus();
    }

    const focusField = focusEnd;

    function focusError(field) {
      const f = field && fields[field];
      (f ? f.input : order[0]).focus();
    }

    function confirmArchive() {
      if (isNew || !original || original.archived) return;
      const btns = note.show('danger', 'archive-notice', [
        h('strong', { t: 'archive.title', targs: { name: original.name || '' } }),
        h('p', { t: 'archive.text' }),
      ], [
        ['archive.confirm', 'Enter', archive, true],
        ['archive.cancel', 'Esc', () => { note.close(); focusField(order[0]); }],
      ]);
      btns[0].focus();
    }

    function confirmLeave() {
      const btns = note.show('info', 'unsaved-notice', [h('strong', { t: 'unsaved.title' }), h('p', { t: 'unsaved.text' })], [
        ['unsaved.discard', 'Esc', leave],
        ['unsaved.keep', 'Alt+K', () => { note.close(); focusField(order[0]); }, true],
      ]);
      btns[1].focus();
    }

    function leave() {
      note.close();
      if (!isNew && id) ctx.putFlash('backToRow', id);
      baseline = null;
      ctx.go(listHash);
    }

    /* ----- actions ----- */
    async function save(opts = {}) {
      if (ctl.busy) return;
      const andNew = !!opts.andNew;
      const v = collect();
      let method, path, body;
      if (isNew) {
        method = 'POST';
        path = '/companies/' + cid + '/parties';
        body = bodyForCreate(v);
        if (opts.allowDuplicate) body.allow_duplicate = true;
      } else {
        if (!original) return;
        method = 'PATCH';
        path = '/companies/' + cid + '/parties/' + id;
        body = bodyForEdit(v);
        if (opts.allowDuplicate) body.allow_duplicate = true;
        if (Object.keys(body).length === 0 || (Object.keys(body).length === 1 && body.allow_duplicate)) {
          ctx.toast('toast.noChanges');
          if (andNew) { ctx.go('#/c/' + cid + '/parties/new'); return; }
          ctx.putFlash('savedParty', original);
          baseline = null;
          ctx.go(listHash);
          return;
        }
      }
      const json = method + ' ' + path + ' ' + JSON.stringify(body);
      const key = lastAttempt && lastAttempt.json === json && lastAttempt.unanswered ? lastAttempt.key : ctx.newKey();
      lastAttempt = { json, key, unanswered: true };

      if (!opts.keepNotice) note.close();
      await ctl.run(async () => {
        let res;
        try {
          res = await ctx.api(method, path, { body, ifMatch: isNew ? undefined : version, idem: isNew ? key : undefined, quiet429: true });
        } catch (err) {
          if (err.status !== 0) lastAttempt.unanswered = false;   // answered: a retry is a new attempt
          throw err;
        }
        lastAttempt = null;
        const p = res.data || {};
        if (p.unchanged) ctx.toast('toast.unchanged', { kind: 'info' });
        else ctx.toast('toast.saved', { args: { name: p.name || body.name || '' }, kind: 'ok' });
        if (andNew) {
          if (isNew) {
            resetForNew(v.kind);
          } else {
            baseline = null;
            ctx.go('#/c/' + cid + '/parties/new' + (v.kind === 'vendor' ? '?kind=vendor' : ''));
          }
        } else {
          ctx.putFlash('savedParty', p);
          baseline = null;
          ctx.go(listHash);
        }
      });
    }

    function resetForNew(kindValue) {
      note.close();
      ctl.clear();
      const v = toForm(null);
      v.kind = kindValue || defaultKind;
      baseline = v;
      fill(v);
      lastAttempt = null;
      focusField(order[0]);
    }

    async function archive() {
      if (ctl.busy || !original) return;
      note.close();
      await ctl.run(async () => {
        const res = await ctx.api('DELETE', '/companies/' + cid + '/parties/' + id, { ifMatch: version, quiet429: true });
        const p = res.data || { ...original, archived: true };
        ctx.toast('toast.archived', { args: { name: p.name || original.name || '' }, kind: 'ok' });
        ctx.putFlash('savedParty', p);
        baseline = null;
        ctx.go(listHash);
      });
    }

    /* ----- events ----- */
    form.addEventListener('submit', (e) => { e.preventDefault(); save(); });
    saveNewBtn.addEventListener('click', () => save({ andNew: true }));
    backBtn.addEventListener('click', () => (isDirty() ? confirmLeave() : leave()));
    archiveBtn.addEventListener('click', confirmArchive);
    for (const f of Object.values(fields)) {
      if (f.def.upper) f.input.addEventListener('blur', () => { f.input.value = f.input.value.trim().toUpperCase(); });
    }
    /* The GSTIN as it is typed: what is already wrong is said in the field; once it is a GSTIN,
     * its PAN (characters 3-12) and state (the first two) are filled in. */
    const gstin = fields.gstin.input;
    let gstinFilled = null;     // {pan, state} this form filled in from the GSTIN
    function checkGstin(leaving) {
      const v = gstin.value.trim().toUpperCase();
      const fault = v ? gstinFault(v, !leaving) : null;
      if (fault) markInput(ctx, gstin, { code: 'invalid', reason: fault.reason, details: fault.details });
      else if (gstin.getAttribute('aria-invalid') === 'true' && gstin.dataset.live) clearMark(gstin);
      if (fault) gstin.dataset.live = '1'; else delete gstin.dataset.live;
      const parts = v && !fault ? gstinParts(v) : null;
      if (!parts) return;
      const pan = fields.pan.input;
      const st = fields.state_code.input;
      // fill what is empty or was filled from an earlier GSTIN; a PAN typed by hand is the server's to judge
      if (!pan.value.trim() || (gstinFilled && pan.value === gstinFilled.pan) || pan.value.trim().toUpperCase() === parts.pan) {
        if (pan.value !== parts.pan) { pan.value = parts.pan; clearMark(pan); }
      }
      if (!st.value || (gstinFilled && st.value === gstinFilled.state)) { st.value = parts.state; clearMark(st); }
      gstinFilled = parts;
    }
    // on the form, after formControl's own listener (which takes a mark off a field being typed in)
    form.addEventListener('input', (e) => {
      if (e.target !== gstin) return;
      const at = gstin.selectionStart;
      const up = gstin.value.toUpperCase();
      if (up !== gstin.value) { gstin.value = up; gstin.setSelectionRange(at, at); }
      checkGstin(false);
    });
    gstin.addEventListener('blur', () => checkGstin(true));
    fields.credit_limit.input.addEventListener('input', updateMoneyHint);
    fields.credit_limit.input.addEventListener('blur', regroupMoney);
    const onBeforeUnload = (e) => { if (isDirty()) { e.preventDefault(); e.returnValue = ''; } };
    window.addEventListener('beforeunload', onBeforeUnload);

    const keys = [
      ['Enter', 'keys.nextField'], ['Shift+Enter', 'keys.prevField'], ['Ctrl+Enter', 'keys.save'],
      ['Ctrl+Shift+Enter', 'keys.saveNew'], ['Esc', 'keys.back'],
    ];
    if (!isNew) keys.push(['Alt+X', 'keys.archive']);
    ctx.setKeys(keys);

    /* ----- load ----- */
    const draft = ctl.takeDraft();
    if (isNew) {
      baseline = toForm(null);
      fill(draft ? draft.values : baseline);
      showParty(null);
      focusField(order[0]);
    } else {
      ctl.load(async () => {
        const res = await ctx.api('GET', '/companies/' + cid + '/parties/' + id);
        const p = res.data || {};
        original = p;
        const etag = res.etag && /^(W\/)?"?(\d+)"?$/.exec(res.etag.trim());
        version = p.version != null ? p.version : (etag ? Number(etag[2]) : null);
        baseline = toForm(p);
        if (draft && draft.version === version) fill(draft.values); else fill(baseline);
        showParty(p);
        focusField(order[0]);
      });
    }

    /* Enter order: the fields, then the Save button. */
    const walkOrder = [...order, saveBtn];

    return {
      onKey(e, k) {
        if (note.onKey(e, k)) return;
        if (ctl.onKey(e, k)) return;
        switch (k) {
          case 'Alt+X': if (!isNew) { e.preventDefault(); confirmArchive(); } return;
          case 'Escape':
            e.preventDefault();
            if (note.open) { note.close(); focusField(order[0]); return; }
            if (isDirty()) confirmLeave(); else leave();
            return;
          case 'Enter':
            // in an address too: Enter goes on to the next field (Shift+Enter makes a new line)
            if (e.target.tagName === 'BUTTON' || e.target.tagName === 'A') return;
            if (walk(walkOrder, e.target, 1)) e.preventDefault();
            return;
          case 'Shift+Enter':
            if (e.target.tagName === 'TEXTAREA') return;       // a new line in the address
            if (walk(walkOrder, e.target, -1)) e.preventDefault();
            return;
          default:
        }
      },
      onSessionLost() {
        if (isDirty()) ctl.keepDraft(collect(), version);
      },
      destroy() {
        ctl.destroy();
        window.removeEventListener('beforeunload', onBeforeUnload);
      },
    };
  },
};
