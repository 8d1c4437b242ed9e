// Login screen: username and password, Enter moves on then submits, errors and throttling shown
// inline. On success the shell takes over via ctx.loggedIn().

export default {
  bare: true,
  render(ctx, root) {
    const { h } = ctx;
    let busy = false;
    let timer = null;

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

    function showError(key, args, raw) {
      msg.hidden = false;
      if (raw) { delete msg.dataset.i18n; msg.textContent = raw; } else ctx.setT(msg, key, args);
    }

    function countdown(seconds) {
      clearInterval(timer);
      let left = seconds;
      submit.disabled = true;
      showError('login.throttled', { s: left });
      timer = setInterval(() => {
        left -= 1;
        if (left <= 0) {
          clearInterval(timer);
          submit.disabled = false;
          msg.hidden = true;
          return;
        }
        showError('login.throttled', { s: left });
      }, 1000);
    }

    async function doLogin() {
      if (busy || submit.disabled) return;
      if (!user.value.trim()) { showError('login.needUsername'); user.focus(); return; }
      if (!pass.value) { showError('login.needPassword'); pass.focus(); return; }
      busy = true;
      submit.classList.add('is-busy');
      try {
        const res = await ctx.api('POST', '/session', {
          body: { username: user.value.trim(), password: pass.value }, allow401: true, quiet429: true,
        });
        pass.value = '';
        await ctx.loggedIn(res.data || {});
      } catch (err) {
        if (err.status === 401) {
          showError('login.wrong');
          pass.select();
          pass.focus();
        } else if (err.status === 429) {
          countdown(err.retryAfter || 30);
        } else if (err.status === 0) {
          showError('toast.serverUnreachable');
        } else {
          showError(null, null, err.serverMessage || ('HTTP ' + err.status));
        }
      } finally {
        busy = false;
        submit.classList.remove('is-busy');
      }
    }

    form.addEventListener('submit', (e) => { e.preventDefault(); doLogin(); });
    user.addEventListener('input', () => { if (!submit.disabled) msg.hidden = true; });
    pass.addEventListener('input', () => { if (!submit.disabled) msg.hidden = true; });

    ctx.setKeys([['Enter', 'keys.nextOrLogin'], ['Tab', 'keys.tab']]);
    user.focus();

    return {
      onKey(e, k) {
        if (k === 'Enter' && e.target === user) { e.preventDefault(); pass.focus(); }
        else if (k === 'Shift+Enter' && e.target === pass) { e.preventDefault(); user.focus(); }
      },
      destroy() { clearInterval(timer); },
    };
  },
};
