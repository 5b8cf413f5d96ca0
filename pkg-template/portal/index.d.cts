/**
 * `callingbox-webhooks/portal` has no CommonJS build: requiring it throws and
 * says so. Import it as an ES module (a bundler, or `<script type="module">`);
 * its types are in `index.d.ts`.
 */
export {};
