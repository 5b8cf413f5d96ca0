import SignatureCheck from './signature-check.js';

// Rendered on the server for every request, not once at build time: the
// server render loads the package in Node too.
export const dynamic = 'force-dynamic';

export default function Page() {
  return <SignatureCheck />;
}
