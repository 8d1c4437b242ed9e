// The GST files the portals take: a file fetched through the API (so that a refusal is said in the
// user's language, with its figures) and saved exactly as the server wrote it, under its name.
import { alertError } from './form.js';

/* Saves text as a file called name (a download the browser offers). */
export function saveText(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

/*
 * Fetches the file at path (API path, without /api/v1) and saves it as name; a refusal goes into
 * the alert box. True when saved. A return's units filed as OTH are said first (warnings: the
 * path is asked again with &warnings=1 for them).
 */
export async function downloadFile(ctx, alert, path, name, { warnings = false } = {}) {
  alert.hidden = true;
  try {
    if (warnings) {
      const w = await ctx.api('GET', path + (path.includes('?') ? '&' : '?') + 'warnings=1');
      const list = (w.data && w.data.warnings) || [];
      if (list.length) ctx.toast('report.uqcWarning', { kind: 'warn', timeout: 9000, args: { count: list.length, units: list.map((x) => x.unit).join(', ') } });
    }
    const res = await ctx.api('GET', path);
    saveText(res.text, name);
    ctx.toast('toast.downloaded', { kind: 'ok', args: { file: name } });
    return true;
  } catch (err) {
    alertError(ctx, alert, err);
    return false;
  }
}
