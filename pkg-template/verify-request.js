// The asynchronous half of `verifyRequest`. .ci/assemble-pkg.mjs appends this
// file to each flavour's wasm-bindgen glue, where `verifyRequestStart` and
// `constructEvent` (both Rust exports) are in scope. Its documentation and
// type are declared in Rust (TS_VERIFY_REQUEST in src/verify/js/signature.rs).
//
// `verifyRequestStart` checks the arguments and the header, rejecting before
// the body is read, and starts the read. Waiting for the body here, instead
// of in a Rust closure, keeps wasm-bindgen's closure machinery out of both
// wasm files. Being `async`, this never throws synchronously: every error,
// including the body read's own, becomes the rejection.
export async function verifyRequest(request, secret, options) {
  const [body, header, toleranceSeconds, now] = verifyRequestStart(request, secret, options);
  // The secrets as checked now (a copy of an array, so that changing it while
  // the body is read changes nothing), and the options as resolved then.
  secret = [].concat(secret);
  return constructEvent(await body, header, secret, { toleranceSeconds, now });
}
