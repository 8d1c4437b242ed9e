// Admin: a company's people (role and status; add someone, change a role, disable or enable a
// user, remove one from this company) and the API tokens of its people (made, last used, expires;
// issue one, revoke one), for its admins; the company's settings are company.js, the third tab.
// One screen shape: a list the cursor walks, an inline form opened with Alt+N (Enter moves on,
// Ctrl+Enter or Enter in its last field sends, Esc closes it), and notices that Enter confirms and
// Esc cancels. Keys: ↑↓ pick a row, Alt+E changes a role, Alt+B disables or enables, Alt+X
// removes, Alt+R revokes; Alt+1, Alt+2 and Alt+3 switch the tabs. A password made for someone and
// a new token are shown once, in a notice. The rules (who may, the last admin, oneself) are the
// server's: its refusal is shown as it says.
import { notices, rowCursor, keyButton, tabs, dateInput } from './ui.js';
import { alertError, toastError, formControl, walk } from './form.js';
import { fetchPage, fetchAll } from './paging.js';

const PAGE = 100;
const ROLES = ['admin', 'coordinator', 'executive', 'assistant', 'analyst', 'auditor'];

export function adminTabs(ctx, cid, active) {
  const b = '#/c/' + cid + '/admin';
  return tabs(ctx, [[b, 'admin.people', 'Alt+1'], [b + '/tokens', 'admin.tokens', 'Alt+2'], [b + '/company', 'company.title', 'Alt+3']],
    b + (active ? '/' + active : ''));
}

/* Alt+1, Alt+2 and Alt+3 move between the tabs; true when the key was one of them. */
export function adminTabKey(ctx, cid, e, k) {
  const b = '#/c/' + cid + '/admin';
  const map = { 'Alt+1': b, 'Alt+2': b + '/tokens', 'Alt+3': b + '/company' };
  if (!map[k]) return false;
  e.preventDefault();
  ctx.state.drill = [];
  ctx.go(map[k]);
  return true;
}

export const TAB_KEYS = [['Alt+1', 'admin.people'], ['Alt+2', 'admin.tokens'], ['Alt+3', 'company.title']];

/*
 * inlineForm(ctx, {id, title, fields: [[labelKey, input, hintKey, span]], send, onSend, onOpen,
 * onClose}) -> the card the list screens open with Alt+N: {card, ctl, open, show(), close(),
 * onKey(e, k)}. Enter walks the fields and sends from the last; Ctrl+Enter sends from any; Esc
 * closes. An error lands beside the input whose data-field the server names (formControl).
 */
function inlineForm(ctx, o) {
  const { h } = ctx;
  const inputs = o.fields.map((f) => f[1]);
  const alert = h('div', { class: 'form-alert', id: o.id + '-alert', role: 'alert', hidden: true });
  const sendBtn = keyButton(ctx, o.id + '-send', o.send, 'Ctrl+Enter', 'btn-primary', () => send());
  const closeBtn = keyButton(ctx, o.id + '-close', 'archive.cancel', 'Esc', '', () => api.close());
  const card = h('div', { class: 'card inline-form', id: o.id, hidden: true }, [
    h('h2', { class: 'sub-head', t: o.title }), alert,
    h('div', { class: 'form-grid' }, o.fields.map(([label, input, hint, span]) => h('div', { class: 'field span-' + (span || 3) }, [
      h('label', { for: input.id, t: label }), input, hint ? h('div', { class: 'field-hint', t: hint }) : null]))),
    h('div', { class: 'form-actions' }, [sendBtn, closeBtn]),
  ]);
  const ctl = formControl(ctx, {
    scope: card, alert, buttons: [sendBtn], busyEl: card, save: () => send(),
    place: (field) => { const i = inputs.find((x) => x.dataset.field === field); return i ? { input: i } : null; },
    first: () => inputs[0],
  });
  function send() { return ctl.run(() => o.onSend()); }
  const api = {
    card, ctl,
    get open() { return !card.hidden; },
    show() {
      card.hidden = false;
      ctl.clear();
      if (o.onOpen) o.onOpen();
      inputs[0].focus();
    },
    close() { card.hidden = true; ctl.clear(); if (o.onClose) o.onClose(); },
    /* true when the key was the form's */
    onKey(e, k) {
      if (card.hidden || !card.contains(e.target)) return false;
      if (ctl.onKey(e, k)) return true;
      if (k === 'Escape') { e.preventDefault(); api.close(); return true; }
      if (k === 'Enter' && inputs.includes(e.target)) {
        e.preventDefault();
        if (e.target === inputs[inputs.length - 1]) send();
        else walk(inputs, e.target, 1);
        return true;
      }
      return false;
    },
  };
  return api;
}

/* A secret shown once (a password made, a new token) in a notice the user closes with Enter. */
function showOnce(ctx, view, id, title, args, secret, text) {
  const { h } = ctx;
  const btns = view.notice.show('info', id, [
    h('strong', { t: title, targs: args }),
    h('p', {}, [h('code', { class: 'secret mono', id: id + '-secret', text: secret })]),
    h('p', { class: 'small', t: text }),
  ], [['admin.done', 'Enter', () => { view.notice.close(); view.table.focus(); }, true]]);
  btns[0].focus();
}

/*
 * A list screen of this module: a table the cursor walks, "load more" by the server's next cursor,
 * a notice area for confirmations and a message box for refusals. opts: {id, path, params, heads:
 * [[key, cls]], row(item) -> [td], label}. Returns what the screens build on.
 */
function listView(ctx, opts) {
  const { h } = ctx;
  let items = [];
  let next = null;
  let seq = 0;
  const tbody = h('tbody');
  const table = h('table', { id: opts.id, class: 'grid', tabIndex: 0, role: 'grid', tattr: { 'aria-label': opts.label } }, [
    h('thead', {}, [h('tr', {}, opts.heads.map(([key, cls]) => h('th', { scope: 'col', class: cls || '', t: key })))]), tbody]);
  const cursor = rowCursor(table, { onOpen: (i) => opts.onOpen && opts.onOpen(items[i], i) });
  const more = keyButton(ctx, opts.id + '-more', 'list.loadMore', 'Alt+M', '', () => load(true));
  more.hidden = true;
  const count = h('span', { class: 'count', id: opts.id + '-count' });
  const area = h('div', { class: 'notice-area', id: opts.id + '-notice' });
  const alert = h('div', { class: 'form-alert', id: opts.id + '-alert', role: 'alert', hidden: true });

  function render(keep) {
    if (!items.length) {
      tbody.replaceChildren(h('tr', { class: 'empty' }, [h('td', { colSpan: opts.heads.length, t: opts.empty })]));
      cursor.reset();
    } else {
      tbody.replaceChildren(...items.map((x, i) => h('tr', { id: opts.id + '-row-' + x.id, role: 'row', 'aria-selected': 'false', dataset: { row: String(i), id: String(x.id) } }, opts.row(x))));
      cursor.reset();
      if (keep >= 0) cursor.set(Math.min(keep, items.length - 1), true);
    }
    ctx.setT(count, next ? 'list.countMore' : 'list.count', { n: items.length });
    more.hidden = !next;
  }

  async function load(append) {
    const my = ++seq;
    const keep = cursor.active;
    table.setAttribute('aria-busy', 'true');
    try {
      const page = await fetchPage(ctx, opts.path, opts.params ? opts.params() : {}, { limit: PAGE, after: append ? next : null });
      if (my !== seq) return;
      items = append ? items.concat(page.items) : page.items;
      next = page.next;
      render(append ? keep : Math.max(0, keep));
    } catch (err) {
      if (my === seq) toastError(ctx, err);
    } finally {
      if (my === seq) table.removeAttribute('aria-busy');
    }
  }

  return {
    table, cursor, more, count, area, alert, notice: notices(ctx, area), load,
    get items() { return items; },
    current() { return cursor.active >= 0 ? items[cursor.active] : null; },
    /* Puts the server's answer for one row in its place, the cursor staying on it. */
    replace(x) {
      const i = items.findIndex((y) => y.id === x.id);
      if (i >= 0) items[i] = x;
      render(i);
      table.focus();
    },
    remove(id) {
      const i = items.findIndex((y) => y.id === id);
      if (i >= 0) items.splice(i, 1);
      render(Math.max(0, i));
      table.focus();
    },
    /* A refusal said in the message box, from its reason (form.js). */
    refuse(err) { alertError(ctx, alert, err); },
    clearAlert() { alert.hidden = true; alert.replaceChildren(); },
  };
}

/* Runs a confirmed change of row x: the notice closes, the answer is shown, a refusal is said. */
async function change(ctx, view, fn) {
  view.notice.close();
  view.clearAlert();
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof ctx.ApiError)) throw err;
    view.refuse(err);
    view.table.focus();
  }
}

/* ---------- people ---------- */

export const usersScreen = {
  nav: 'admin',
  render(ctx, root, params) {
    const { h } = ctx;
    const cid = params.cid;
    const base = '/companies/' + cid + '/users/';

    const view = listView(ctx, {
      id: 'users-table', path: '/companies/' + cid + '/users', label: 'admin.people', empty: 'admin.noPeople',
      heads: [['admin.username'], ['admin.name'], ['admin.role'], ['admin.status']],
      row: (u) => [
        h('td', { class: 'mono', text: u.username || '' }),
        h('td', { text: u.display_name || '' }),
        h('td', { t: 'role.' + u.role }),
        h('td', {}, [h('span', { class: 'badge ' + (u.disabled ? 'badge-danger' : 'badge-ok'), t: u.disabled ? 'admin.disabled' : 'admin.active' })]),
      ],
      // Enter: the API tokens of this person
      onOpen: (u) => { if (u) ctx.drill('#/c/' + cid + '/admin/tokens?user=' + u.id + '&name=' + encodeURIComponent(u.username)); },
    });
    const toggleBtn = keyButton(ctx, 'user-toggle', 'admin.disableEnable', 'Alt+B', '', () => askToggle());
    const removeBtn = keyButton(ctx, 'user-remove', 'admin.remove', 'Alt+X', 'btn-danger-ghost', () => askRemove());
    const roleBtn = keyButton(ctx, 'user-role', 'admin.changeRole', 'Alt+E', '', () => askRole());
    const addBtn = keyButton(ctx, 'user-add', 'admin.add', 'Alt+N', 'btn-primary', () => form.show());

    const f = {
      username: h('input', { id: 'ua-username', type: 'text', class: 'mono', autocomplete: 'off', spellcheck: 'false', maxLength: 60 }),
      name: h('input', { id: 'ua-name', type: 'text', autocomplete: 'off', maxLength: 200 }),
      role: h('select', { id: 'ua-role' }, ROLES.map((r) => h('option', { value: r, t: 'role.' + r }))),
      password: h('input', { id: 'ua-password', type: 'password', autocomplete: 'new-password', maxLength: 1024 }),
    };
    f.username.dataset.field = 'username';
    f.name.dataset.field = 'display_name';
    f.role.dataset.field = 'role';
    f.password.dataset.field = 'password';
    f.role.value = 'executive';
    const form = inlineForm(ctx, {
      id: 'user-form', title: 'admin.addTitle', send: 'admin.addSend',
      fields: [['admin.username', f.username, 'admin.usernameHint'], ['admin.name', f.name, 'admin.nameHint'],
        ['admin.role', f.role, null, 2], ['admin.password', f.password, 'admin.passwordHint', 4]],
      onOpen: () => { view.notice.close(); view.clearAlert(); f.role.value = 'executive'; },
      onClose: () => view.table.focus(),
      onSend: () => addUser(),
    });

    root.replaceChildren(h('section', { class: 'screen screen-list' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'admin.title' }), view.count, h('div', { class: 'spacer' }), addBtn, roleBtn, toggleBtn, removeBtn]),
      adminTabs(ctx, cid, ''), view.alert, view.area, form.card,
      h('div', { class: 'grid-wrap' }, [view.table]),
      h('div', { class: 'list-foot' }, [view.more]),
    ]));

    function confirm(kind, id, title, text, label, fn) {
      const u = view.current();
      if (!u) return;
      const btns = view.notice.show(kind, id, [h('strong', { t: title, targs: { name: u.display_name || u.username } }), h('p', { t: text })], [
        [label, 'Enter', () => fn(u), true],
        ['archive.cancel', 'Esc', () => { view.notice.close(); view.table.focus(); }],
      ]);
      btns[0].focus();
    }

    function askToggle() {
      const u = view.current();
      if (!u) return;
      if (u.disabled) { setDisabled(u, false); return; }
      confirm('danger', 'disable-notice', 'admin.disableTitle', 'admin.disableText', 'admin.disable', (x) => setDisabled(x, true));
    }

    function askRemove() {
      confirm('danger', 'remove-notice', 'admin.removeTitle', 'admin.removeText', 'admin.remove', (x) => removeUser(x));
    }

    /* Alt+E: the role in a notice, picked with ↑↓ and confirmed with Enter. */
    function askRole() {
      const u = view.current();
      if (!u) return;
      const sel = h('select', { id: 'role-pick', tattr: { 'aria-label': 'admin.role' } }, ROLES.map((r) => h('option', { value: r, t: 'role.' + r })));
      sel.value = u.role;
      view.notice.show('info', 'role-notice', [
        h('strong', { t: 'admin.roleTitle', targs: { name: u.display_name || u.username } }), h('p', {}, [sel]), h('p', { class: 'small', t: 'admin.roleText' }),
      ], [
        ['admin.changeRole', 'Enter', () => setRole(u, sel.value), true],
        ['archive.cancel', 'Esc', () => { view.notice.close(); view.table.focus(); }],
      ]);
      sel.focus();
    }

    function setRole(u, role) {
      if (role === u.role) { view.notice.close(); view.table.focus(); return undefined; }
      return change(ctx, view, async () => {
        const res = await ctx.api('PUT', base + u.id + '/role', { body: { role }, idem: ctx.newKey() });
        view.replace(res.data);
        ctx.toast('admin.roleToast', { args: { name: u.username, role: ctx.t('role.' + role) }, kind: 'ok' });
      });
    }

    /* Alt+N's form sent: a new user (with the password typed, or one made and shown once), or
     * someone who works in another company already. */
    async function addUser() {
      const body = { username: f.username.value.trim(), role: f.role.value };
      if (f.name.value.trim()) body.display_name = f.name.value.trim();
      if (f.password.value) body.password = f.password.value;
      else body.generate_password = true;
      const res = await ctx.api('POST', '/companies/' + cid + '/users', { body, idem: ctx.newKey(), quiet429: true });
      const u = res.data;
      for (const x of Object.values(f)) if (x.tagName === 'INPUT') x.value = '';
      form.close();
      await view.load();
      const i = view.items.findIndex((x) => x.id === u.id);
      if (i >= 0) view.cursor.set(i);
      if (u.password) {
        showOnce(ctx, view, 'password-notice', 'admin.passwordMade', { name: u.username }, u.password, 'admin.passwordOnce');
      } else {
        view.table.focus();
        ctx.toast(u.created ? 'admin.addedToast' : 'admin.addedExisting', { args: { name: u.username }, kind: 'ok' });
      }
    }

    function setDisabled(u, on) {
      return change(ctx, view, async () => {
        const res = await ctx.api('POST', base + u.id + (on ? '/disable' : '/enable'), { idem: ctx.newKey() });
        view.replace(res.data);
        ctx.toast(on ? 'admin.disabledToast' : 'admin.enabledToast', { args: { name: u.username }, kind: 'ok' });
      });
    }

    function removeUser(u) {
      return change(ctx, view, async () => {
        await ctx.api('DELETE', base + u.id, { idem: ctx.newKey() });
        view.remove(u.id);
        ctx.toast('admin.removedToast', { args: { name: u.username }, kind: 'ok' });
      });
    }

    ctx.setKeys([['↑↓', 'keys.move'], ['Enter', 'admin.theirTokens'], ['Alt+N', 'admin.add'], ['Alt+E', 'admin.changeRole'],
      ['Alt+B', 'admin.disableEnable'], ['Alt+X', 'admin.remove'], ['Alt+M', 'keys.more'], ...TAB_KEYS]);
    view.load().then(() => view.table.focus());

    return {
      onKey(e, k) {
        if (form.onKey(e, k)) return;
        if (view.notice.onKey(e, k)) return;
        if (adminTabKey(ctx, cid, e, k)) return;
        if (k === 'Alt+N') { e.preventDefault(); form.show(); return; }
        if (k === 'Alt+E') { e.preventDefault(); askRole(); return; }
        if (k === 'Alt+B') { e.preventDefault(); askToggle(); return; }
        if (k === 'Alt+X') { e.preventDefault(); askRemove(); return; }
        if (k === 'Alt+M') { e.preventDefault(); view.load(true); return; }
        view.cursor.onKey(e, k);
      },
    };
  },
};

/* ---------- API tokens ---------- */

export const tokensScreen = {
  nav: 'admin',
  render(ctx, root, params) {
    const { h, fmt } = ctx;
    const cid = params.cid;
    const userId = /^\d+$/.test(params.query.get('user') || '') ? params.query.get('user') : null;
    const userName = userId ? params.query.get('name') || '#' + userId : null;
    const when = (iso) => h('td', { class: 'col-date' + (iso ? '' : ' muted'), text: iso ? fmt.formatDateTime(iso) : '—' });
    const STATUS = { active: 'badge-ok', expired: 'badge-muted', revoked: 'badge-danger', user_disabled: 'badge-muted' };

    const view = listView(ctx, {
      id: 'tokens-table', path: '/companies/' + cid + '/tokens', label: 'admin.tokens', empty: 'admin.noTokens',
      params: () => (userId ? { user_id: userId } : {}),
      heads: [['admin.tokenName'], ['admin.username'], ['admin.created', 'col-date'], ['admin.lastUsed', 'col-date'],
        ['admin.expires', 'col-date'], ['admin.status']],
      row: (x) => [
        h('td', { text: x.name || '' }),
        h('td', { class: 'mono', text: x.username || '' }),
        when(x.created_at), when(x.last_used_at), when(x.expires_at),
        h('td', {}, [h('span', { class: 'badge ' + (STATUS[x.status] || 'badge-muted'), t: 'admin.token.' + x.status })]),
      ],
    });
    const revokeBtn = keyButton(ctx, 'token-revoke', 'admin.revoke', 'Alt+R', 'btn-danger-ghost', () => askRevoke());
    const allBtn = userId ? keyButton(ctx, 'tokens-all', 'admin.allTokens', 'Alt+A', '', () => showAll()) : null;
    const issueBtn = keyButton(ctx, 'token-issue', 'admin.issue', 'Alt+N', 'btn-primary', () => form.show());

    const f = {
      name: h('input', { id: 'ti-name', type: 'text', autocomplete: 'off', maxLength: 200 }),
      user: h('select', { id: 'ti-user' }),
      expires: dateInput(ctx, { id: 'ti-expires' }),
    };
    f.name.dataset.field = 'name';
    f.user.dataset.field = 'user_id';
    f.expires.input.dataset.field = 'expires_on';
    let people = null;
    const form = inlineForm(ctx, {
      id: 'token-form', title: 'admin.issueTitle', send: 'admin.issueSend',
      fields: [['admin.tokenName', f.name, 'admin.tokenNameHint', 4], ['admin.tokenUser', f.user, null, 4],
        ['admin.expiresOn', f.expires.input, 'admin.expiresHint', 3]],
      onOpen: () => { view.notice.close(); view.clearAlert(); loadPeople(); },
      onClose: () => view.table.focus(),
      onSend: () => issue(),
    });

    /* The people a token may be for, the one the list is of (else oneself) chosen. */
    async function loadPeople() {
      if (!people) {
        people = await fetchAll(ctx, '/companies/' + cid + '/users');
        f.user.replaceChildren(...people.map((u) => h('option', { value: String(u.id), text: u.username + (u.display_name && u.display_name !== u.username ? ' · ' + u.display_name : '') })));
      }
      f.user.value = userId || String(ctx.state.user.id);
    }

    async function issue() {
      const body = { name: f.name.value.trim() };
      if (f.user.value) body.user_id = Number(f.user.value);
      if (f.expires.input.value.trim()) body.expires_on = f.expires.iso() || f.expires.input.value.trim();
      const res = await ctx.api('POST', '/companies/' + cid + '/tokens', { body, idem: ctx.newKey(), quiet429: true });
      const x = res.data;
      f.name.value = '';
      f.expires.input.value = '';
      form.close();
      await view.load();
      const i = view.items.findIndex((y) => y.id === x.id);
      if (i >= 0) view.cursor.set(i);
      showOnce(ctx, view, 'token-notice', 'admin.tokenMade', { name: x.name, user: x.username }, x.token, 'admin.tokenOnce');
    }

    root.replaceChildren(h('section', { class: 'screen screen-list' }, [
      h('div', { class: 'screen-head' }, [h('h1', { t: 'admin.tokens' }),
        userName ? h('span', { class: 'badge badge-muted', id: 'tokens-of', t: 'admin.tokensOf', targs: { name: userName } }) : null,
        view.count, h('div', { class: 'spacer' }), allBtn, issueBtn, revokeBtn]),
      adminTabs(ctx, cid, 'tokens'), view.alert, view.area, form.card,
      h('div', { class: 'grid-wrap' }, [view.table]),
      h('div', { class: 'list-foot' }, [view.more]),
    ]));

    function showAll() { ctx.state.drill = []; ctx.go('#/c/' + cid + '/admin/tokens'); }

    function askRevoke() {
      const x = view.current();
      if (!x) return;
      if (x.status === 'revoked') { ctx.toast('admin.alreadyRevoked', { kind: 'info' }); return; }
      const btns = view.notice.show('danger', 'revoke-notice', [
        h('strong', { t: 'admin.revokeTitle', targs: { name: x.name || '#' + x.id, user: x.username } }), h('p', { t: 'admin.revokeText' }),
      ], [
        ['admin.revoke', 'Enter', () => revoke(x), true],
        ['archive.cancel', 'Esc', () => { view.notice.close(); view.table.focus(); }],
      ]);
      btns[0].focus();
    }

    function revoke(x) {
      return change(ctx, view, async () => {
        const res = await ctx.api('DELETE', '/companies/' + cid + '/tokens/' + x.id, { idem: ctx.newKey() });
        view.replace(res.data);
        ctx.toast('admin.revokedToast', { args: { name: x.name || '#' + x.id }, kind: 'ok' });
      });
    }

    ctx.setKeys([['↑↓', 'keys.move'], ['Alt+N', 'admin.issue'], ['Alt+R', 'admin.revoke'], ...(userId ? [['Alt+A', 'admin.allTokens'], ['Esc', 'keys.back']] : []),
      ['Alt+M', 'keys.more'], ...TAB_KEYS]);
    view.load().then(() => view.table.focus());

    return {
      onKey(e, k) {
        if (form.onKey(e, k)) return;
        if (view.notice.onKey(e, k)) return;
        if (adminTabKey(ctx, cid, e, k)) return;
        if (k === 'Alt+N') { e.preventDefault(); form.show(); return; }
        if (k === 'Alt+R') { e.preventDefault(); askRevoke(); return; }
        if (k === 'Alt+A' && userId) { e.preventDefault(); showAll(); return; }
        if (k === 'Alt+M') { e.preventDefault(); view.load(true); return; }
        if (k === 'Escape' && userId) { e.preventDefault(); ctx.back('#/c/' + cid + '/admin'); return; }
        view.cursor.onKey(e, k);
      },
    };
  },
};
