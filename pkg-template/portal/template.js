// The portal's static markup: the bar (sections and the connection status),
// the regions for notices and the current screen, and the dialogs that the
// screens share. Built once per element, inside its shadow root.

/** The event types an endpoint can subscribe to. */
export const EVENT_TYPES = [
  'call.queued', 'call.ringing', 'call.answered', 'call.completed',
  'call.failed', 'call.no_answer', 'call.busy', 'call.canceled',
];

export const TEMPLATE = `
<div class="portal" part="portal">
  <div class="bar" part="header">
    <nav aria-label="Webhooks" part="nav">
      <ul class="tabs">
        <li><a href="#/endpoints" data-nav="endpoints" part="nav-link">Endpoints</a></li>
        <li><a href="#/deliveries" data-nav="deliveries" part="nav-link">Deliveries</a></li>
        <li><a href="#/playground" data-nav="playground" part="nav-link"><span class="wide-only">Signature </span>playground</a></li>
      </ul>
    </nav>
    <p class="status" id="status" part="status" data-kind="pending" role="status" aria-live="polite">
      <span class="dot" aria-hidden="true"></span><span id="status-text">Connecting…</span>
    </p>
  </div>
  <div id="notices" class="notices"></div>
  <div id="view" class="view-host"><p class="boot" role="status">Loading the CallingBox package (WebAssembly)…</p></div>
  <div id="toasts" class="toasts" aria-live="polite"></div>

  <dialog id="endpoint-dialog" aria-labelledby="endpoint-dialog-title" part="dialog">
    <form method="dialog" id="endpoint-form" novalidate autocomplete="off">
      <h2 id="endpoint-dialog-title">Add endpoint</h2>
      <div class="field">
        <label for="ep-url">URL</label>
        <input id="ep-url" name="url" type="url" required spellcheck="false" placeholder="https://example.com/webhooks/callingbox" aria-describedby="ep-url-hint ep-url-error">
        <p class="hint" id="ep-url-hint">Must be https://.</p>
        <p class="field-error" id="ep-url-error" hidden></p>
      </div>
      <div class="field">
        <label for="ep-description">Description <span class="optional">optional</span></label>
        <input id="ep-description" name="description" type="text" maxlength="500">
      </div>
      <fieldset class="events" aria-describedby="ep-events-error">
        <legend>Events</legend>
        <label class="radio"><input type="radio" name="events-mode" value="all" checked> All events, including types added later (<code>*</code>)</label>
        <label class="radio"><input type="radio" name="events-mode" value="some"> Only these:</label>
        <div class="event-grid" id="ep-event-grid"></div>
        <p class="field-error" id="ep-events-error" hidden></p>
      </fieldset>
      <div class="form-error" id="ep-form-error" role="alert" hidden></div>
      <div class="form-actions">
        <button type="button" class="btn" part="button" data-close>Cancel</button>
        <button type="submit" class="btn btn-primary" part="button button-primary" id="ep-submit" value="save">Create endpoint</button>
      </div>
    </form>
  </dialog>

  <dialog id="secret-dialog" aria-labelledby="secret-dialog-title" aria-describedby="secret-dialog-once" part="dialog">
    <form method="dialog">
      <h2 id="secret-dialog-title">Signing secret</h2>
      <p id="secret-dialog-context"></p>
      <div class="field">
        <label for="secret-value">Signing secret</label>
        <div class="inline">
          <input id="secret-value" type="text" readonly spellcheck="false" class="mono">
          <button type="button" class="btn" part="button" id="secret-copy">Copy</button>
        </div>
        <p class="copy-status" id="secret-copy-status" role="status"></p>
      </div>
      <p class="once" id="secret-dialog-once"><strong>You will not see this again.</strong> Store it now, for example in your
        secrets manager as <code>CALLINGBOX_WEBHOOK_SECRET</code>. CallingBox never shows it a second time.</p>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" part="button button-primary" id="secret-done">I have stored it</button>
      </div>
    </form>
  </dialog>

  <dialog id="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-text" part="dialog">
    <form method="dialog">
      <h2 id="confirm-title">Are you sure?</h2>
      <div id="confirm-text" class="confirm-text"></div>
      <div class="form-actions">
        <button type="submit" class="btn" part="button" value="cancel" id="confirm-cancel">Cancel</button>
        <button type="submit" class="btn btn-danger" part="button button-danger" value="ok" id="confirm-ok">Confirm</button>
      </div>
    </form>
  </dialog>
</div>
`;
