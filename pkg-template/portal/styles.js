// The portal's stylesheet (adopted by its shadow root). Everything a host
// page may change is a CSS custom property (--cbw-*) or a ::part; see
// index.d.ts for the list. Light and dark follow prefers-color-scheme, or
// the theme="light|dark" attribute. The layout follows the element's own
// width (container queries), from 320 px to wide screens.
export const STYLES = String.raw`
:host {
  --_font: var(--cbw-font, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif);
  --_mono: var(--cbw-mono, ui-monospace, "SFMono-Regular", "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace);
  --_radius: var(--cbw-radius, 8px);
  --_bg: var(--cbw-bg, #f6f7f9);
  --_surface: var(--cbw-surface, #ffffff);
  --_raised: var(--cbw-raised, #fafbfc);
  --_text: var(--cbw-text, #1b1f24);
  --_muted: var(--cbw-muted, #57606a);
  --_border: var(--cbw-border, #d8dee4);
  --_border-strong: var(--cbw-border-strong, #8c959f);
  --_accent: var(--cbw-accent, #2f5bd3);
  --_accent-text: var(--cbw-accent-text, #2249b0);
  --_on-accent: var(--cbw-on-accent, #ffffff);
  --_accent-soft: var(--cbw-accent-soft, #e8eefc);
  --_ok: var(--cbw-ok, #116329);
  --_ok-soft: var(--cbw-ok-soft, #dcf5e3);
  --_warn: var(--cbw-warn, #8a5a00);
  --_warn-soft: var(--cbw-warn-soft, #fff1cc);
  --_danger: var(--cbw-danger, #b42318);
  --_danger-soft: var(--cbw-danger-soft, #fde7e5);
  --_neutral: var(--cbw-neutral, #59636e);
  --_neutral-soft: var(--cbw-neutral-soft, #eceff2);
  --_bar-delivered: var(--cbw-chart-delivered, #2da44e);
  --_bar-retrying: var(--cbw-chart-retrying, #d4a72c);
  --_bar-exhausted: var(--cbw-chart-exhausted, #cf222e);
  --_bar-pending: var(--cbw-chart-pending, #8c959f);
  --_shadow: 0 20px 60px rgb(16 24 40 / 0.25);
  color-scheme: light;
  display: block;
  container-type: inline-size;
  font: 15px/1.5 var(--_font);
  color: var(--_text);
  background: var(--_bg);
  text-align: start;
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) {
    --_bg: var(--cbw-bg, #0f1318);
    --_surface: var(--cbw-surface, #171c22);
    --_raised: var(--cbw-raised, #1d232a);
    --_text: var(--cbw-text, #e6e9ed);
    --_muted: var(--cbw-muted, #a3acb6);
    --_border: var(--cbw-border, #2f3741);
    --_border-strong: var(--cbw-border-strong, #6b7683);
    --_accent: var(--cbw-accent, #3563d9);
    --_accent-text: var(--cbw-accent-text, #8fb0ff);
    --_on-accent: var(--cbw-on-accent, #ffffff);
    --_accent-soft: var(--cbw-accent-soft, #1c2a4a);
    --_ok: var(--cbw-ok, #5fd08a);
    --_ok-soft: var(--cbw-ok-soft, #12301f);
    --_warn: var(--cbw-warn, #e8b84a);
    --_warn-soft: var(--cbw-warn-soft, #33270c);
    --_danger: var(--cbw-danger, #ff8a80);
    --_danger-soft: var(--cbw-danger-soft, #3a1614);
    --_neutral: var(--cbw-neutral, #b3bcc6);
    --_neutral-soft: var(--cbw-neutral-soft, #262d35);
    --_shadow: 0 20px 60px rgb(0 0 0 / 0.6);
    color-scheme: dark;
  }
}
:host([theme="dark"]) {
  --_bg: var(--cbw-bg, #0f1318); --_surface: var(--cbw-surface, #171c22); --_raised: var(--cbw-raised, #1d232a);
  --_text: var(--cbw-text, #e6e9ed); --_muted: var(--cbw-muted, #a3acb6); --_border: var(--cbw-border, #2f3741);
  --_border-strong: var(--cbw-border-strong, #6b7683); --_accent: var(--cbw-accent, #3563d9); --_accent-text: var(--cbw-accent-text, #8fb0ff);
  --_accent-soft: var(--cbw-accent-soft, #1c2a4a); --_ok: var(--cbw-ok, #5fd08a); --_ok-soft: var(--cbw-ok-soft, #12301f);
  --_warn: var(--cbw-warn, #e8b84a); --_warn-soft: var(--cbw-warn-soft, #33270c); --_danger: var(--cbw-danger, #ff8a80);
  --_danger-soft: var(--cbw-danger-soft, #3a1614); --_neutral: var(--cbw-neutral, #b3bcc6); --_neutral-soft: var(--cbw-neutral-soft, #262d35);
  color-scheme: dark;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.portal { position: relative; min-width: 0; }
h2 { font-size: 1.45rem; line-height: 1.25; margin: 0 0 4px; font-weight: 650; outline: none; display: flex; flex-wrap: wrap; align-items: center; gap: 10px; overflow-wrap: anywhere; }
h3 { font-size: 1.02rem; margin: 0 0 10px; font-weight: 650; }
h4 { font-size: 0.92rem; margin: 16px 0 8px; }
p { margin: 0 0 8px; }
code, kbd, .mono { font-family: var(--_mono); font-size: 0.88em; }
code { background: var(--_neutral-soft); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
kbd { border: 1px solid var(--_border-strong); border-bottom-width: 2px; border-radius: 4px; padding: 0 4px; background: var(--_surface); }
a { color: var(--_accent-text); }
abbr[title] { text-decoration: underline dotted; cursor: help; }
:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; border-radius: 4px; }
h2:focus-visible { outline: none; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.muted, .none { color: var(--_muted); }
.boot { padding: 48px 0; color: var(--_muted); text-align: center; }

/* The bar: sections and the connection status */
.bar { display: flex; align-items: center; gap: 8px 16px; flex-wrap: wrap; border-bottom: 1px solid var(--_border); margin-bottom: 20px; }
.bar nav { min-width: 0; max-width: 100%; }
.tabs { list-style: none; display: flex; gap: 2px; margin: 0; padding: 0; overflow-x: auto; scrollbar-width: none; }
.tabs a { display: block; padding: 12px 12px 10px; color: var(--_muted); text-decoration: none; border-bottom: 2px solid transparent; font-weight: 550; white-space: nowrap; }
.tabs a:hover { color: var(--_text); }
.tabs a[aria-current="page"] { color: var(--_text); border-bottom-color: var(--_accent); }
.status { margin: 0 0 0 auto; display: inline-flex; align-items: center; gap: 8px; font-size: 0.84rem; color: var(--_muted); background: var(--_neutral-soft); padding: 3px 12px; border-radius: 999px; white-space: nowrap; }
.status .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--_border-strong); flex: none; }
.status[data-kind="ok"] .dot { background: var(--_ok); }
.status[data-kind="unreachable"], .status[data-kind="proxy"], .status[data-kind="auth"] { background: var(--_danger-soft); color: var(--_danger); }
.status[data-kind="unreachable"] .dot, .status[data-kind="proxy"] .dot, .status[data-kind="auth"] .dot { background: var(--_danger); }
.status[data-kind="ratelimit"] { background: var(--_warn-soft); color: var(--_warn); }
.status[data-kind="ratelimit"] .dot { background: var(--_warn); }

/* Notices */
.notices { display: grid; gap: 8px; margin-bottom: 16px; }
.notices:empty { display: none; }
.notice { display: flex; gap: 12px; align-items: flex-start; padding: 12px 16px; border-radius: var(--_radius); border: 1px solid var(--_border); background: var(--_surface); }
.notice-error { border-color: var(--_danger); background: var(--_danger-soft); }
.notice-success { border-color: var(--_ok); background: var(--_ok-soft); }
.notice-body { flex: 1; min-width: 0; }
.notice-title { font-weight: 600; margin: 0; }
.notice-detail { margin: 2px 0 0; }
.notice-meta { margin: 4px 0 0; font-size: 0.84rem; }
.toasts { position: fixed; right: 16px; bottom: 16px; display: grid; gap: 8px; width: min(420px, calc(100vw - 32px)); z-index: 5; }
.toasts .notice { box-shadow: var(--_shadow); padding: 10px 14px; align-items: center; }
.toasts .notice-detail { font-size: 0.84rem; }

/* Views */
.view-head { display: flex; align-items: flex-end; justify-content: space-between; gap: 12px 24px; margin-bottom: 16px; flex-wrap: wrap; }
.view-head > div:first-child { min-width: 0; flex: 1 1 320px; }
.lede { margin: 0; color: var(--_muted); max-width: 75ch; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.crumbs { font-size: 0.88rem; color: var(--_muted); margin-bottom: 6px; }
.section { margin-top: 20px; }
.section-head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px 16px; flex-wrap: wrap; margin-bottom: 8px; }
.detail-head { display: flex; gap: 12px 24px; align-items: flex-start; justify-content: space-between; flex-wrap: wrap; margin-bottom: 16px; }
.summary { font-size: 1rem; max-width: 80ch; margin: 0; }
.detail-grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; margin-bottom: 16px; }
.detail-body > .card { margin-bottom: 16px; }

/* Buttons */
.btn { text-decoration: none; font: inherit; font-size: 0.9rem; font-weight: 550; display: inline-flex; align-items: center; justify-content: center; gap: 6px; padding: 6px 14px; min-height: 36px; border-radius: 6px; border: 1px solid var(--_border-strong); background: var(--_surface); color: var(--_text); cursor: pointer; white-space: nowrap; }
.btn:hover { background: var(--_neutral-soft); }
.btn:disabled { opacity: 0.6; cursor: not-allowed; }
.btn-primary { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); }
.btn-primary:hover { background: var(--_accent); filter: brightness(0.92); }
.btn-danger { background: var(--_danger); border-color: var(--_danger); color: var(--_surface); }
.btn-danger:hover { background: var(--_danger); filter: brightness(0.92); }
.btn-small { font-size: 0.8rem; padding: 3px 10px; min-height: 30px; font-weight: 500; }
.btn-link { border: 0; background: none; color: var(--_accent-text); padding: 0 4px; min-height: 0; text-decoration: underline; }
.btn-link:hover { background: none; }
.btn-quiet-danger { color: var(--_danger); }

/* Tables */
.table-wrap { background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); overflow-x: auto; }
.table-wrap[aria-busy="true"] { opacity: 0.8; }
table.data { width: 100%; border-collapse: collapse; font-size: 0.875rem; }
.data th { text-align: start; font-weight: 600; font-size: 0.76rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--_muted); padding: 10px 12px; border-bottom: 1px solid var(--_border); background: var(--_raised); white-space: nowrap; }
.data td { padding: 10px 12px; border-bottom: 1px solid var(--_border); vertical-align: top; }
.data tbody tr:last-child td { border-bottom: 0; }
.rows-link tbody tr[data-href] { cursor: pointer; }
.rows-link tbody tr[data-href]:hover td { background: var(--_raised); }
.data .num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
.data td.state-row { text-align: center; color: var(--_muted); padding: 36px 16px; }
.row-link { font-weight: 600; text-decoration: none; overflow-wrap: anywhere; }
.row-link:hover { text-decoration: underline; }
.cell-main { min-width: 180px; max-width: 340px; }
.cell-url { font-size: 0.84rem; overflow-wrap: anywhere; min-width: 160px; max-width: 300px; }
.cell-sub { display: block; color: var(--_muted); font-size: 0.78rem; margin-top: 2px; overflow-wrap: anywhere; }
.cell-actions { width: 1%; }
.action-group { display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 4px; min-width: 150px; }
.cell-time { white-space: nowrap; color: var(--_muted); }
.cell-time time { color: var(--_text); }
.error-text { color: var(--_danger); font-size: 0.8rem; display: block; max-width: 260px; }
.list-footer { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin-top: 12px; font-size: 0.88rem; }
.list-footer p { margin: 0; }

/* Badges, tags, health */
.badge { display: inline-flex; align-items: center; gap: 6px; font-size: 0.76rem; font-weight: 600; padding: 2px 9px; border-radius: 999px; white-space: nowrap; vertical-align: middle; font-family: var(--_font); }
.badge::before { content: ""; width: 6px; height: 6px; border-radius: 50%; background: currentColor; }
.badge-enabled, .badge-delivered { background: var(--_ok-soft); color: var(--_ok); }
.badge-disabled { background: var(--_neutral-soft); color: var(--_neutral); }
.badge-pending { background: var(--_neutral-soft); color: var(--_neutral); }
.badge-retrying { background: var(--_warn-soft); color: var(--_warn); }
.badge-exhausted { background: var(--_danger-soft); color: var(--_danger); }
.tag { display: inline-block; font-size: 0.72rem; font-weight: 600; padding: 1px 7px; border-radius: 4px; background: var(--_neutral-soft); color: var(--_neutral); }
.event-list { display: flex; flex-wrap: wrap; gap: 4px; max-width: 260px; }
.event-chip { white-space: nowrap; font-family: var(--_mono); font-size: 0.74rem; background: var(--_accent-soft); color: var(--_accent-text); padding: 1px 6px; border-radius: 4px; }
.health { display: inline; font-weight: 600; }
.health-rate { font-weight: 400; color: var(--_muted); }
.health-healthy .health-label { color: var(--_ok); }
.health-degraded .health-label { color: var(--_warn); }
.health-failing .health-label { color: var(--_danger); }
.health-none .health-label { color: var(--_muted); font-weight: 500; }
.strip-wrap { display: block; margin-top: 4px; }
.strip { display: block; max-width: 100%; height: 16px; }
.o-delivered { fill: var(--_bar-delivered); background: var(--_bar-delivered); }
.o-retrying { fill: var(--_bar-retrying); background: var(--_bar-retrying); }
.o-exhausted { fill: var(--_bar-exhausted); background: var(--_bar-exhausted); }
.o-pending { fill: var(--_bar-pending); background: var(--_bar-pending); }
.o-empty { fill: var(--_border); }
.last-delivery .badge { margin-right: 2px; }
.health-head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px 16px; flex-wrap: wrap; }
.big-rate { margin: 0; }
.rate-value { font-size: 1.6rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.bucket-chart { margin: 8px 0 4px; }
.buckets { display: block; width: 100%; height: 120px; }
.buckets .axis { stroke: var(--_border-strong); stroke-width: 1; }
.ticks { display: flex; justify-content: space-between; font-size: 0.76rem; color: var(--_muted); }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 0; margin: 6px 0 10px; font-size: 0.8rem; color: var(--_muted); }
.legend li { display: inline-flex; align-items: center; gap: 6px; }
.swatch { width: 10px; height: 10px; border-radius: 2px; display: inline-block; }
.last-line { margin: 0; }
/* Room for the chart before it arrives, so that nothing below it jumps. */
#endpoint-health { min-height: 310px; }

/* Cards, facts, forms */
.card { background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); padding: 18px 20px; min-width: 0; }
.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 6px 16px; margin: 0; font-size: 0.88rem; }
.facts dt { color: var(--_muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.field { display: grid; gap: 4px; margin-bottom: 14px; min-width: 0; }
.field-narrow { max-width: 200px; }
label, legend { font-weight: 550; font-size: 0.88rem; }
.optional { color: var(--_muted); font-weight: 400; font-size: 0.84rem; }
input[type="text"], input[type="url"], input[type="password"], input[type="number"], input[type="search"], input[type="date"], select, textarea {
  font: inherit; font-size: 0.92rem; color: var(--_text); background: var(--_surface); width: 100%; min-width: 0;
  border: 1px solid var(--_border-strong); border-radius: 6px; padding: 6px 10px; min-height: 36px;
}
textarea { font-family: var(--_mono); font-size: 0.82rem; resize: vertical; }
input.mono { font-family: var(--_mono); }
[aria-invalid="true"] { border-color: var(--_danger) !important; box-shadow: 0 0 0 1px var(--_danger); }
.hint { margin: 0; font-size: 0.82rem; color: var(--_muted); }
.field-error { margin: 0; font-size: 0.85rem; color: var(--_danger); font-weight: 500; }
.form-error { margin: 0 0 12px; padding: 10px 12px; border-radius: 6px; background: var(--_danger-soft); color: var(--_text); border: 1px solid var(--_danger); }
.form-actions { display: flex; align-items: center; justify-content: flex-end; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
fieldset { border: 0; padding: 0; margin: 0 0 16px; min-width: 0; }
legend { padding: 0; margin-bottom: 6px; }
.radio, .check { display: flex; align-items: center; gap: 8px; font-weight: 400; margin: 4px 0; }
.radio input, .check input { width: 16px; height: 16px; margin: 0; accent-color: var(--_accent); flex: none; }
.event-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 2px 16px; padding: 6px 0 0 24px; }
.event-grid .check { font-family: var(--_mono); font-size: 0.84rem; }
.event-grid[aria-disabled="true"] { opacity: 0.6; }
.inline { display: flex; gap: 8px; align-items: center; min-width: 0; }
.inline select { width: auto; }
.search { margin-bottom: 12px; max-width: 640px; }
.search .field { margin-bottom: 4px; }
.toolbar { display: flex; gap: 12px 14px; align-items: flex-end; flex-wrap: wrap; margin-bottom: 12px; background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); padding: 12px 14px; }
.toolbar .field { margin: 0; flex: 1 1 150px; min-width: 130px; max-width: 240px; }
.toolbar .field-date { flex-basis: 140px; }
.toolbar-actions { display: flex; gap: 8px; align-items: center; }
.list-status { display: flex; gap: 8px 16px; align-items: center; justify-content: space-between; flex-wrap: wrap; margin-bottom: 10px; min-height: 36px; }
.refresh-note { margin: 0; font-size: 0.85rem; color: var(--_muted); display: flex; align-items: center; gap: 8px; }
.refresh-note.live::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: var(--_warn); animation: pulse 1.4s ease-in-out infinite; }
@keyframes pulse { 50% { opacity: 0.3; } }
.simulate { flex-wrap: wrap; }

/* Delivery page */
.answer { font-weight: 600; margin-bottom: 4px; }
.answer-delivered { color: var(--_ok); }
.answer-retrying, .answer-pending { color: var(--_warn); }
.answer-exhausted { color: var(--_danger); }
.timeline { list-style: none; margin: 4px 0 10px; padding: 0; display: grid; gap: 0; }
.step { display: grid; grid-template-columns: 20px minmax(0, 1fr); column-gap: 10px; padding: 4px 0; position: relative; }
.step::before { content: ""; position: absolute; left: 9px; top: 20px; bottom: -6px; width: 2px; background: var(--_border); }
.step:last-child::before { display: none; }
.step-mark { grid-row: span 2; width: 12px; height: 12px; margin: 5px 4px; border-radius: 50%; border: 2px solid var(--_border-strong); background: var(--_surface); position: relative; z-index: 1; }
.step-failed .step-mark { background: var(--_bar-exhausted); border-color: var(--_bar-exhausted); }
.step-delivered .step-mark { background: var(--_bar-delivered); border-color: var(--_bar-delivered); }
.step-next .step-mark { border-color: var(--_warn); background: var(--_warn-soft); box-shadow: 0 0 0 3px var(--_warn-soft); }
.step-skipped { opacity: 0.65; }
.step-title { font-weight: 600; font-size: 0.88rem; display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.step-state { font-weight: 500; font-size: 0.76rem; color: var(--_muted); text-transform: uppercase; letter-spacing: 0.04em; }
.step-next .step-state { color: var(--_warn); }
.step-failed .step-state { color: var(--_danger); }
.step-delivered .step-state { color: var(--_ok); }
.step-when { font-size: 0.82rem; color: var(--_muted); }
.source-note { font-size: 0.86rem; }
.payload { font-family: var(--_mono); font-size: 0.8rem; background: var(--_raised); border: 1px solid var(--_border); border-radius: 6px; padding: 12px; overflow: auto; max-height: 360px; margin: 0; white-space: pre; }
.data.compact td, .data.compact th { padding: 6px 10px; }

/* Recovery */
.recovery-form { display: flex; gap: 12px; align-items: flex-end; flex-wrap: wrap; }
.recovery-form .field { margin: 0; }
.recovery-status { margin-top: 12px; }
.recovery-status:empty { display: none; }
.progress-row { display: flex; gap: 12px; align-items: center; }
progress { flex: 1; height: 14px; accent-color: var(--_accent); min-width: 0; }
.failures { margin: 4px 0 0; padding-left: 20px; font-size: 0.88rem; }
.detail-body > section.card:last-child { margin-bottom: 0; }

/* Dialogs */
dialog { border: 1px solid var(--_border); border-radius: 12px; padding: 22px 24px; width: min(560px, calc(100vw - 24px)); max-height: calc(100dvh - 24px); overflow: auto; box-shadow: var(--_shadow); color: var(--_text); background: var(--_surface); }
dialog::backdrop { background: rgb(16 24 40 / 0.5); }
dialog h2 { font-size: 1.2rem; margin-bottom: 10px; }
.confirm-text p { margin: 0 0 8px; }
.once { background: var(--_warn-soft); color: var(--_text); border: 1px solid var(--_warn); border-radius: 6px; padding: 10px 12px; margin: 0 0 8px; }
.copy-status { margin: 0; min-height: 1.3em; font-size: 0.85rem; color: var(--_ok); }

/* Playground */
.split { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; align-items: start; }
.verdict-box { border-radius: var(--_radius); padding: 14px 16px; margin-bottom: 12px; border: 1px solid; }
.verdict-ok { background: var(--_ok-soft); border-color: var(--_ok); }
.verdict-bad { background: var(--_danger-soft); border-color: var(--_danger); }
.verdict-title { font-size: 1.1rem; font-weight: 650; margin: 0 0 6px; }
.verdict-ok .verdict-title { color: var(--_ok); }
.verdict-bad .verdict-title { color: var(--_danger); }
.verdict-code { font-weight: 600; }
.verdict p { margin: 4px 0; }
.privacy { display: flex; gap: 10px; align-items: flex-start; margin: 16px 0 0; padding-top: 12px; border-top: 1px solid var(--_border); font-size: 0.85rem; color: var(--_muted); }
.lock { width: 14px; height: 14px; border: 2px solid var(--_ok); border-radius: 3px; position: relative; margin-top: 4px; flex: none; }
.lock::before { content: ""; position: absolute; left: 1px; top: -8px; width: 8px; height: 7px; border: 2px solid var(--_ok); border-bottom: 0; border-radius: 5px 5px 0 0; }

/* Narrow: tables become stacked cards, grids one column */
@container (max-width: 760px) {
  .detail-grid, .split { grid-template-columns: minmax(0, 1fr); }
  .status { margin-left: 0; }
  .bar { gap: 4px 12px; padding-bottom: 8px; }
  .tabs a { padding: 10px 8px 8px; }
  .wide-only { display: none; }
  .table-wrap { overflow-x: visible; }
  table.data, .data tbody, .data tr, .data td { display: block; width: 100%; }
  .data thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .data tbody tr { padding: 10px 12px; border-bottom: 1px solid var(--_border); }
  .data tbody tr:last-child { border-bottom: 0; }
  .data td { border: 0; padding: 3px 0; display: grid; grid-template-columns: 7.5rem minmax(0, 1fr); gap: 8px; max-width: none; min-width: 0; text-align: start; }
  .data td > * { justify-self: start; }
  .data td::before { content: attr(data-label); color: var(--_muted); font-size: 0.78rem; font-weight: 550; padding-top: 2px; }
  .data td.cell-main, .data td.cell-actions, .data td.state-row { display: block; }
  .data td.cell-main::before, .data td.cell-actions::before, .data td.state-row::before { content: none; }
  .data td.cell-main { font-size: 0.95rem; padding-bottom: 6px; }
  .data .num { text-align: start; }
  .action-group { justify-content: flex-start; min-width: 0; padding-top: 6px; }
  .cell-actions { width: auto; }
  .toolbar .field { max-width: none; flex-basis: 100%; }
  .toolbar .field-date { flex-basis: calc(50% - 7px); min-width: 0; }
  .facts { grid-template-columns: minmax(0, 1fr); gap: 0; }
  .facts dd { margin-bottom: 8px; }
  .event-grid { grid-template-columns: minmax(0, 1fr); }
  .card { padding: 14px 14px; }
}
@media (prefers-reduced-motion: reduce) {
  .refresh-note.live::before { animation: none; }
}
`;
