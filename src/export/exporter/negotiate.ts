/*
 * Which exposition format a scraper asked for, the way client_golang's
 * expfmt.NegotiateIncludingOpenMetrics decides (common/expfmt/encode.go):
 * the Accept entries by falling quality, the first one that names a format
 * wins; none (curl's * / *, a browser, no header) means the text format 0.0.4.
 * Prometheus 2.42 sends
 *   application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,
 *   text/plain;version=0.0.4;q=0.5,* / *;q=0.1
 * and gets OpenMetrics.
 */

export type Format = 'openmetrics' | 'text';

/** At most this many Accept entries are looked at (the header is already size-capped by the server). */
const MAX_ENTRIES = 32;

export function negotiate(accept: string | undefined): Format {
  if (accept === undefined) return 'text';
  const entries: { format: Format | undefined; q: number; at: number }[] = [];
  for (const [at, part] of accept.split(',', MAX_ENTRIES).entries()) {
    const [media = '', ...params] = part.split(';');
    let q = 1;
    let version: string | undefined;
    for (const p of params) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const name = p.slice(0, eq).trim().toLowerCase();
      const value = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (name === 'q') q = Number(value);
      else if (name === 'version') version = value;
    }
    if (!(q > 0 && q <= 1)) continue;
    const type = media.trim().toLowerCase();
    let format: Format | undefined;
    if (type === 'application/openmetrics-text' && (version === undefined || version === '1.0.0' || version === '0.0.1')) format = 'openmetrics';
    else if (type === 'text/plain' && (version === undefined || version === '0.0.4')) format = 'text';
    entries.push({ format, q, at });
  }
  entries.sort((a, b) => b.q - a.q || a.at - b.at);
  return entries.find((e) => e.format !== undefined)?.format ?? 'text';
}
