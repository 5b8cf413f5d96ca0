// The app under test (Fetch style: Next.js route handlers, Hono, Workers):
// verifies each delivery, processes each event once, answers 400 with the
// reason when verification fails.
import http from 'node:http';
import { verifyRequest, WebhookVerificationError, type WebhookEvent } from 'callingbox-webhooks';

export const processed: WebhookEvent[] = [];
const seen = new Set<string>();

export async function handleWebhook(request: Request, secret: string | string[]): Promise<Response> {
  let event: WebhookEvent;
  try {
    event = await verifyRequest(request, secret);
  } catch (error) {
    if (error instanceof WebhookVerificationError) return Response.json({ error: error.code }, { status: 400 });
    throw error;
  }
  if (seen.has(event.id)) return Response.json({ received: true, duplicate: true });
  seen.add(event.id);
  processed.push(event);
  return Response.json({ received: true });
}

/** Serves a Fetch handler over node:http on 127.0.0.1 (how the app runs in these tests). */
export async function serve(handler: (request: Request) => Promise<Response>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }));
    res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'text/plain' });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
