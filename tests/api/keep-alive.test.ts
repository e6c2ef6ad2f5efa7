// A proxy in front of the API (nginx keeps an idle upstream connection 60 s and more) reuses a
// kept-alive connection long after Node's 5 s default would have closed it: the API keeps it open
// as long as they do, so such a request is answered on the same connection, not reset.
import http from 'node:http';
import { useHarness } from '../support/harness';

const h = useHarness({ temporal: 'none' });

test('a connection idle for longer than Node’s default 5 s is still open for the next request', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
      const req = http.get(`${h.baseUrl}/healthz`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, socket: req.socket }));
      });
      req.on('error', reject);
    });
  try {
    const first = await get();
    expect(first.status).toBe(200);
    await new Promise((r) => setTimeout(r, 6_000));
    const second = await get();
    expect(second.status).toBe(200);
    expect(second.socket).toBe(first.socket);
  } finally {
    agent.destroy();
  }
}, 30_000);
