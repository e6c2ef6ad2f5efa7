// The API's HTTP server: started and stopped the same way by the production entry and the tests.
import type { Server } from 'node:http';
import type { Express } from 'express';

/**
 * How long an idle kept-alive connection stays open. Node's default (5 s) is shorter than the
 * idle timeout of the proxies in front of the API (nginx 75 s, most load balancers 60 s), so a
 * proxy — or a client on a busy machine, whose own idle timer ran late — reuses a connection the
 * server is closing at that moment and gets ECONNRESET; the server keeps it longer than they do.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Listens on `port` (0: a free one) of `host`, with the idle timeout above; resolves once listening. */
export function listenApi(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    // Headers of a request on a kept connection must be allowed to arrive after it (Node's rule).
    server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
    server.once('error', reject);
    server.once('listening', () => resolve(server));
  });
}

/**
 * Stops an HTTP server: no new connections, idle keep-alive ones closed at once, and the rest
 * (a client polling on a kept-alive connection would hold server.close() open for ever) cut
 * after a grace period for the requests in flight.
 */
export function closeServer(server: Server, graceMs = 5_000): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
}
