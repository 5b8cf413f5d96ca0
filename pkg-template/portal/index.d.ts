// Types of `callingbox-webhooks/portal`: the <callingbox-webhooks-portal>
// custom element. Written by hand (the element's public surface only: its
// modules are internal); checked by tsc in tests/packaging/portal-embed.test.mjs.

/** The tag name the module defines when imported. */
export declare const TAG_NAME: 'callingbox-webhooks-portal';

/** What the portal needs of a client: the package's `CallingBox` fits. */
export interface PortalClient {
  webhookEndpoints: {
    list(options?: object): Promise<unknown>;
    retrieve(id: string, options?: object): Promise<unknown>;
    create(params: object, options?: object): Promise<unknown>;
    update(id: string, params: object, options?: object): Promise<unknown>;
    delete(id: string, options?: object): Promise<unknown>;
    rotateSecret(id: string, options?: object): Promise<unknown>;
  };
  webhookDeliveries: {
    list(params?: object, options?: object): Promise<unknown>;
    retrieve(id: string, options?: object): Promise<unknown>;
    redeliver(id: string, options?: object): Promise<unknown>;
  };
}

/** `portal-navigate`: the route shown changed (`#/deliveries?status=exhausted`), with the screen's title. */
export type PortalNavigateEvent = CustomEvent<{ route: string; title: string }>;
/** `portal-status`: the connection status changed. */
export type PortalStatusEvent = CustomEvent<{
  kind: 'pending' | 'ok' | 'unreachable' | 'proxy' | 'auth' | 'ratelimit';
  text: string;
}>;

/**
 * The CallingBox webhooks admin portal: endpoints with their health, the
 * endpoint page (settings, health, deliveries, bulk recovery), deliveries
 * with search and filters, one delivery's retry timeline, and the signature
 * playground.
 *
 * Attributes:
 * - `api-base`: your backend proxy's base URL (default `/api/callingbox`);
 *   it forwards `/v1/webhook_endpoints…` and `/v1/webhook_deliveries…` to
 *   CallingBox and adds the `sk_` key. The page never holds a key.
 * - `routing`: `hash` (default: the route lives in `location.hash`) or
 *   `memory` (for hosts that own the URL: read and set `route`).
 * - `connection-label`: the status text when connected (default "Connected").
 * - `theme`: `light` or `dark` (default: follows `prefers-color-scheme`).
 * - `emulator-base`: the demo proxy's emulator routes (`/api/emulator`):
 *   per-attempt history, payloads and simulated calls, labelled as such.
 *
 * Styling: CSS custom properties `--cbw-font`, `--cbw-mono`, `--cbw-radius`,
 * `--cbw-bg`, `--cbw-surface`, `--cbw-raised`, `--cbw-text`, `--cbw-muted`,
 * `--cbw-border`, `--cbw-border-strong`, `--cbw-accent`, `--cbw-accent-text`,
 * `--cbw-on-accent`, `--cbw-accent-soft`, `--cbw-ok`, `--cbw-ok-soft`,
 * `--cbw-warn`, `--cbw-warn-soft`, `--cbw-danger`, `--cbw-danger-soft`,
 * `--cbw-neutral`, `--cbw-neutral-soft`, `--cbw-chart-delivered`,
 * `--cbw-chart-retrying`, `--cbw-chart-exhausted`, `--cbw-chart-pending`;
 * parts `portal`, `header`, `nav`, `nav-link`, `status`, `button`,
 * `button-primary`, `button-danger`, `table`, `card`, `badge`,
 * `badge-<status>`, `chart`, `notice`, `notice-error`, `notice-success`,
 * `dialog`.
 *
 * Events (bubbling, composed): `portal-ready`, `portal-navigate`, `portal-status`.
 */
export declare class CallingBoxWebhooksPortal extends HTMLElement {
  static readonly observedAttributes: string[];
  /** A ready client (e.g. `new CallingBox({...})`) used instead of `api-base`. */
  client: PortalClient | null;
  /** The current route, e.g. `#/deliveries?status=exhausted`; setting it navigates. */
  route: string;
  connectedCallback(): void;
  disconnectedCallback(): void;
  attributeChangedCallback(name: string, before: string | null, after: string | null): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'callingbox-webhooks-portal': CallingBoxWebhooksPortal;
  }
  interface HTMLElementEventMap {
    'portal-navigate': PortalNavigateEvent;
    'portal-status': PortalStatusEvent;
    'portal-ready': CustomEvent<void>;
  }
}
