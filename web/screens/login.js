// Login screen: username and password, Enter moves on then submits, errors and throttling shown
// inline (form.js). On success the shell takes over via ctx.loggedIn().
import { formControl } from './form.js';

export default {
  bare: true,
  render(ctx, root) {
    const { h } = ctx;

    const user = h('input', {
      id: 'login-username', name: 'username', type: 'text', autocomplete: 'username',
      spellcheck: 'false', autocapitalize: 'off', required: true, enterkeyhint: 'next',
    });
    const pass = h('input', {
      id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password',
      required: true, enterkeyhint: 'go',
    });
    const msg = h('div', { class: 'form-alert', id: 'login-error', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', id: 'login-submit', t: 'login.submit' });
    const form = h('form', { class: 'login-form', noValidate: true, autocomplete: 'on' }, [
      h('div', { class: 'field' }, [h('label', { for: 'login-username', t: 'login.username' }), user]),
      h('div', { class: 'field' }, [h('label', { for: 'login-password', t: 'login.password' }), pass]),
      msg,
      submit,
    ]);

    const card = h('div', { class: 'login-card' }, [
      h('div', { class: 'login-brand' }, [
        h('span', { class: 'brand-mark brand-mark-lg', 'aria-hidden': 'true', text: 'द' }),
        h('div', {}, [h('h1', { class: 'login-title', text: 'Daftar' }), h('p', { class: 'login-sub', t: 'login.tagline' })]),
      ]),
      form,
      h('div', { class: 'login-foot' }, [
        h('button', { type: 'button', class: 'btn btn-link', id: 'login-lang', t: 'shell.otherLang', on: { click: () => ctx.toggleLang() } }),
      ]),
    ]);
    root.replaceChildren(h('div', { class: 'login-wrap' }, [card]));

    // The shared controller: busy state, the Retry-After countdown (the button stays off), and the
    // one error display; a 401 here is a wrong password, not an ended session.
    const ctl = formControl(ctx, {
      scope: form, alert: msg, buttons: [submit], busyEl: submit, clearAlertOnInput: true,
      // a disabled user is told so (only after the right password); anything else reads the same
      unauthenticated: (err) => { ctl.alertText(err.reason === 'user_disabled' ? 'errors.user_disabled' : 'login.wrong'); pass.select(); pass.focus(); },
    });

    async function doLogin() {
      if (ctl.busy) return;
      if (!user.value.trim()) { ctl.alertText('login.needUsername'); user.focus(); return; }
      if (!pass.value) { ctl.alertText('login.needPassword'); pass.focus(); return; }
      await ctl.run(async () => {
        const res = await ctx.api('POST', '/session', {
          body: { username: user.value.trim(), password: pass.value }, allow401: true, quiet429: true,
        });
        pass.value = '';
        await ctx.loggedIn(res.data || {});
      });
    }

    form.addEventListener('submit', (e) => { e.preventDefault(); doLogin(); });

    ctx.setKeys([['Enter', 'keys.nextOrLogin'], ['Tab', 'keys.tab']]);
    user.focus();

    return {
      onKey(e, k) {
        if (k === 'Enter' && e.target === user) { e.preventDefault(); pass.focus(); }
        else if (k === 'Shift+Enter' && e.target === pass) { e.preventDefault(); user.focus(); }
      },
      destroy() { ctl.destroy(); },
    };
  },
};
