// <callingbox-webhooks-portal>: the CallingBox webhooks admin portal as a
// framework-neutral custom element (shadow DOM, styled through CSS custom
// properties and ::part). It talks to YOUR backend proxy, which adds the
// sk_ key on the server: the page never holds a key.
//
//   <script type="module">import 'callingbox-webhooks/portal';</script>
//   <callingbox-webhooks-portal api-base="/api/callingbox"></callingbox-webhooks-portal>
//
// Attributes: api-base (the proxy's base URL, default /api/callingbox),
// routing (hash | memory), connection-label (the status text when
// connected), emulator-base (the demo proxy's emulator routes: per-attempt
// history and simulated calls, labelled as the emulator's).
// Properties: client (a ready CallingBox client instead of api-base),
// route (the current route, in memory routing).
// Events: portal-navigate { route, title }, portal-status { kind, text }.
import { keepFocus } from './dom.js';
import { formatRoute, parseRoute, sameScreen } from './router.js';
import { STYLES } from './styles.js';
import { TEMPLATE } from './template.js';
import { clearNotice, confirmDialog, notify, secretDialog, setupSecretDialog } from './ui.js';
import { describeError } from './words.js';
import { createEndpointStore, setupEndpointForm } from './endpoints.js';
import * as endpointsView from './endpoints-view.js';
import * as endpointPage from './endpoint-page.js';
import * as deliveriesView from './deliveries-view.js';
import * as deliveryPage from './delivery-page.js';
import * as playgroundView from './playground.js';

/** The tag name `callingbox-webhooks/portal` defines on import. */
export const TAG_NAME = 'callingbox-webhooks-portal';
const DEFAULT_API_BASE = '/api/callingbox';

const STATUS_TEXT = {
  pending: 'Connecting…',
  unreachable: 'CallingBox unreachable',
  proxy: 'Proxy problem',
  auth: 'API key refused',
  ratelimit: 'Rate limited',
};

let sheet;
function styleSheet() {
  // A constructed stylesheet, not a <style> element: pages with a strict
  // Content-Security-Policy (no 'unsafe-inline' styles) accept it.
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
  }
  return sheet;
}

/** The portal element. Define it under another name with `customElements.define(name, class extends CallingBoxWebhooksPortal {})`. */
export class CallingBoxWebhooksPortal extends HTMLElement {
  static get observedAttributes() {
    return ['api-base', 'connection-label', 'emulator-base'];
  }

  constructor() {
    super();
    /** @type {any} */
    this._client = null;
    this._started = false;
    this._view = null;
    this._memoryRoute = '#/endpoints';
    this._onHashChange = () => this._route({ focus: true, navigation: true });
  }

  /** A ready client (an object with webhookEndpoints and webhookDeliveries, like the package's CallingBox); overrides api-base. */
  get client() {
    return this._client;
  }

  set client(value) {
    this._client = value ?? null;
    if (this._ctx) this._reconnect();
  }

  /** The current route ('#/deliveries?status=exhausted'); settable in either routing mode. */
  get route() {
    return this._routing === 'memory' ? this._memoryRoute : (window.location.hash || '#/endpoints');
  }

  set route(value) {
    this._navigate(parseRoute(value), { replace: false });
  }

  get _routing() {
    return this.getAttribute('routing') === 'memory' ? 'memory' : 'hash';
  }

  connectedCallback() {
    if (this._routing === 'hash') window.addEventListener('hashchange', this._onHashChange);
    if (this._started) {
      this._route();
      return;
    }
    this._started = true;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [styleSheet()];
    root.innerHTML = TEMPLATE;
    this._boot(root);
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this._onHashChange);
    this._view?.dispose?.();
    this._view = null;
  }

  attributeChangedCallback(name, before, after) {
    if (!this._ctx || before === after) return;
    if (name === 'connection-label') this._setStatus(this._ctx.status.kind);
    else this._reconnect();
  }

  async _boot(root) {
    let pkg;
    try {
      // The package's browser entry, beside this folder: bundlers resolve it
      // like any relative import, and a plain page needs no import map.
      pkg = await import('../browser.js');
    } catch (error) {
      root.getElementById('view').replaceChildren();
      notify(root, {
        kind: 'error',
        title: 'The CallingBox package could not be loaded.',
        detail: String(error?.message ?? error),
      });
      return;
    }
    const ctx = this._makeContext(root, pkg);
    this._ctx = ctx;
    setupSecretDialog(root);
    setupEndpointForm(ctx);
    root.addEventListener('click', (event) => this._onClick(event));
    this._reconnect();
    this.dataset.ready = 'true';
    this.dispatchEvent(new CustomEvent('portal-ready', { bubbles: true, composed: true }));
  }

  _makeContext(root, pkg) {
    const element = this;
    const ctx = {
      root,
      pkg,
      element,
      client: null,
      status: { kind: 'pending' },
      get where() {
        const base = element._apiBase();
        return element._client
          ? { via: `the API at ${base}`, direct: true }
          : { via: `your backend proxy (${base})`, direct: false };
      },
      get emulatorBase() {
        const value = element.getAttribute('emulator-base');
        return value ? new URL(value, document.baseURI).href.replace(/\/+$/, '') : null;
      },
      endpoints: null,
      $: (selector) => root.querySelector(selector),
      href: (route) => formatRoute(route),
      navigate: (route, options) => element._navigate(route, options),
      notify: (notice) => notify(root, notice),
      clearNotice: (key) => clearNotice(root, key),
      confirm: (options) => confirmDialog(root, options),
      showSecret: (options) => secretDialog(root, options),
      keepFocus: (container, render) => keepFocus(root, container, render),
      /**
       * Runs one API call and keeps the connection status up to date.
       * Failures that concern the connection as a whole (proxy, network,
       * key) share one notice; others get `key`, or none with notice: false.
       */
      async api(action, run, { key, notice = true } = {}) {
        try {
          const result = await run(ctx.client);
          element._setStatus('ok');
          ctx.clearNotice('connection');
          return result;
        } catch (error) {
          const text = describeError(error, action, ctx.where);
          const connectionWide = ['unreachable', 'proxy', 'auth'].includes(text.source);
          element._setStatus(connectionWide || text.source === 'ratelimit' ? text.source : 'ok');
          if (notice) ctx.notify({ kind: 'error', key: connectionWide ? 'connection' : key, ...text });
          if (error && typeof error === 'object') Object.defineProperty(error, 'described', { value: text, configurable: true });
          throw error;
        }
      },
    };
    ctx.endpoints = createEndpointStore(ctx);
    return ctx;
  }

  _apiBase() {
    const raw = this.getAttribute('api-base') || DEFAULT_API_BASE;
    return new URL(raw, document.baseURI).href.replace(/\/+$/, '');
  }

  /** Builds the client for the current settings and shows the current route again. */
  _reconnect() {
    const ctx = this._ctx;
    if (!ctx) return;
    try {
      ctx.client = this._client ?? new ctx.pkg.CallingBox({ baseUrl: this._apiBase(), maxRetries: 1, timeoutMs: 20_000 });
    } catch (error) {
      ctx.client = null;
      ctx.notify({ kind: 'error', key: 'connection', ...describeError(error, 'set up the connection', ctx.where) });
      return;
    }
    ctx.endpoints.reset();
    this._setStatus('pending');
    this._view?.dispose?.();
    this._view = null;
    this._route();
  }

  _setStatus(kind) {
    const ctx = this._ctx;
    ctx.status.kind = kind;
    const pill = ctx.root.getElementById('status');
    const text = kind === 'ok' ? (this.getAttribute('connection-label') || 'Connected') : STATUS_TEXT[kind] ?? kind;
    pill.dataset.kind = kind;
    pill.title = kind === 'ok' ? `Requests go to ${ctx.where.via}` : text;
    const label = ctx.root.getElementById('status-text');
    if (label.textContent !== text) {
      label.textContent = text;
      this.dispatchEvent(new CustomEvent('portal-status', { detail: { kind, text }, bubbles: true, composed: true }));
    }
  }

  /** In-portal links (a[href^="#/"]) move the memory route instead of the page URL. */
  _onClick(event) {
    if (this._routing !== 'memory' || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    const link = event.composedPath().find((node) => node instanceof HTMLAnchorElement);
    const href = link?.getAttribute('href');
    if (!href?.startsWith('#/')) return;
    event.preventDefault();
    this._navigate(parseRoute(href));
  }

  _navigate(route, { replace = false, focus = true } = {}) {
    const text = formatRoute(route);
    if (this._routing === 'memory') {
      this._memoryRoute = text;
      this._route({ focus, navigation: !replace });
      return;
    }
    if (text === window.location.hash) return;
    if (replace) {
      window.history.replaceState(window.history.state, '', text);
      this._route({ focus: false });
    } else {
      window.location.hash = text; // hashchange renders it
    }
  }

  /** `navigation`: the user asked for this route (a link, Back, a typed URL): views reload their data. */
  _route({ focus = false, navigation = false } = {}) {
    const ctx = this._ctx;
    if (!ctx?.client) return;
    const route = parseRoute(this.route);
    for (const link of ctx.root.querySelectorAll('[data-nav]')) {
      if (link.dataset.nav === route.view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    const current = this._view;
    if (current && sameScreen(current.route, route) && current.update) {
      current.route = route;
      current.update(route, { navigation });
    } else {
      current?.dispose?.();
      const module = {
        endpoints: route.id ? endpointPage : endpointsView,
        deliveries: route.id ? deliveryPage : deliveriesView,
        playground: playgroundView,
      }[route.view];
      const view = module.render(ctx, route);
      view.route = route;
      this._view = view;
      ctx.root.getElementById('view').replaceChildren(view.el);
      if (focus) view.el.querySelector('h2')?.focus({ preventScroll: false });
    }
    const title = this._view.el.querySelector('h2')?.textContent ?? 'Webhooks';
    this.dispatchEvent(new CustomEvent('portal-navigate', { detail: { route: formatRoute(route), title }, bubbles: true, composed: true }));
  }
}

if (!customElements.get(TAG_NAME)) customElements.define(TAG_NAME, CallingBoxWebhooksPortal);
