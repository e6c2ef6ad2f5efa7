// The console: in a terminal a request is one human line without its headers; JSON elsewhere.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { logFormat, prettyStream } from '../../common/logger';

test('the log format: pretty in a terminal, JSON in a pipe or under NODE_ENV=production, LOG_FORMAT wins', () => {
  expect(logFormat({}, true)).toBe('pretty');
  expect(logFormat({}, false)).toBe('json');
  expect(logFormat({ NODE_ENV: 'production' }, true)).toBe('json');
  expect(logFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
  expect(logFormat({ LOG_FORMAT: 'pretty', NODE_ENV: 'production' }, false)).toBe('pretty');
});

test("a request's pretty line: method, URL, status and time on one line, no header, no key", () => {
  let out = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk.toString()), done()) });
  const logger = pino({ level: 'info' }, prettyStream(sink));
  logger.info(
    {
      req: { method: 'GET', url: '/api/hazards?overdue=true', headers: { authorization: '[redacted]', 'user-agent': 'curl/8.5.0', accept: '*/*' } },
      res: { statusCode: 200, headers: { 'content-type': 'application/json' } },
      responseTime: 12.4,
      requestId: 'e0c2a5f4-5d6b-4a43-9a4f-0b4f7a6f3f2e',
    },
    'request completed',
  );
  logger.info({ workflowId: 'hazard-HZ-1', action: 'assigned' }, 'hazard transition');
  const lines = out.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: GET \/api\/hazards\?overdue=true 200 12 ms$/);
  expect(lines[1]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: hazard transition \{"workflowId":"hazard-HZ-1","action":"assigned"\}$/);
  expect(out).not.toContain('curl');
});
