// Small DOM helpers shared by the portal's views: an element builder, SVG,
// time formatting, badges and ids. Nothing here knows about the API.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Builds an element: h('td', { class: 'x', onclick, dataset: {...} }, child, 'text', [more]).
 * Attributes that are undefined, null or false are left out; `true` sets an empty attribute.
 * There is no `style` attribute on purpose: a page with a strict CSP refuses it.
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/**
 * The same for SVG elements (charts).
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...any} children
 * @returns {SVGElement}
 */
export function svg(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.setAttribute('class', value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** The first id-like part of a uuid, for narrow cells (the full id is in the title). */
export const shortId = (id) => (id ? `${String(id).slice(0, 8)}…` : '');

/** A URL with line-break opportunities after its slashes, so that it wraps at natural places. */
export function urlText(url) {
  const text = String(url);
  const scheme = text.indexOf('://');
  const head = scheme === -1 ? '' : text.slice(0, scheme + 3);
  const parts = text.slice(head.length).split(/(?<=\/)/);
  parts[0] = head + parts[0];
  return parts.flatMap((part, i) => (i < parts.length - 1 ? [part, document.createElement('wbr')] : [part]));
}

/** Host of a URL, or the text itself when it is not one. */
export function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return String(url);
  }
}

// ---- time ------------------------------------------------------------------

const formats = new Map();
function format(options) {
  const key = JSON.stringify(options);
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(undefined, { hourCycle: 'h23', ...options }));
  return formats.get(key);
}

/** Today: 20:31:59. Other days of this year: Nov 26, 20:31. Other years: Nov 26, 2025, 20:31. */
export function shortTime(date, now = new Date()) {
  if (date.toDateString() === now.toDateString()) return format({ hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(date);
  const year = date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' };
  return format({ month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', ...year }).format(date);
}

/** Nov 26, 2026, 20:31:59 (local time). */
export function fullTime(date) {
  return format({ year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(date);
}

/** "in 5 minutes", "3 hours ago", "now". */
export function relativeTime(date, { now = Date.now(), future = false } = {}) {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 2) return 'now';
  if (seconds < 0 && future) return 'due now';
  const [value, unit] = abs < 60 ? [seconds, 'second'] : abs < 3600 ? [Math.round(seconds / 60), 'minute']
    : abs < 86400 ? [Math.round(seconds / 3600), 'hour'] : [Math.round(seconds / 86400), 'day'];
  return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(value, unit);
}

/** 90_000 -> "1 min 30 s"; 7_200_000 -> "2 h". */
export function duration(ms) {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return s % 60 && m < 10 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${m} min`;
  const hours = Math.floor(m / 60);
  const rest = m % 60;
  if (hours < 48) return rest ? `${hours} h ${rest} min` : `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** A <time> with a short local date and the full timestamp in its title, or a dash. */
export function timeCell(iso, { relative = false } = {}) {
  if (!iso) return h('span', { class: 'none' }, '—');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', {}, iso);
  const text = relative ? relativeTime(date, { future: relative === 'future' }) : shortTime(date);
  return h('time', { datetime: iso, title: fullTime(date) }, text);
}

// ---- badges ------------------------------------------------------------------

const BADGE_LABELS = {
  enabled: 'Enabled',
  disabled: 'Disabled',
  pending: 'Pending',
  retrying: 'Retrying',
  delivered: 'Delivered',
  exhausted: 'Exhausted',
};

/** A status pill; `retrying` is a pending delivery whose last attempt failed. */
export function badge(status) {
  return h('span', { class: `badge badge-${status}`, part: `badge badge-${status}` }, BADGE_LABELS[status] ?? status);
}

/** pending deliveries that already failed at least once read "retrying". */
export function deliveryState(d) {
  if (d.status === 'pending' && (d.attempt_count ?? 0) > 0) return 'retrying';
  return d.status;
}

/** Re-renders `container`, keeping keyboard focus on the element with the same data-key. */
export function keepFocus(root, container, render) {
  const active = root.activeElement;
  const key = active && container.contains(active) ? active.dataset?.key : undefined;
  render();
  if (key) container.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus();
}
