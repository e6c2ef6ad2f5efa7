// Request ids flow API → workflow → activity logs: a request's X-Request-Id is on the log lines
// of the workflow it starts or updates and of the activities those schedule, written through the
// worker's pino adapter (worker/logging.ts) as JSON records.
import { pino } from 'pino';
import { createUser } from '../../api/sessions';
import { temporalLoggerFromPino } from '../../worker/logging';
import { useHarness } from '../support/harness';
import { uniqueId } from '../support/hazard-helpers';

type LogRecord = Record<string, any>;

const records: LogRecord[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void records.push(JSON.parse(line) as LogRecord) });

const h = useHarness({ logger: temporalLoggerFromPino(logger), apiLogger: logger });

/** The first record matching `match`, waiting for it (the Runtime's logger flushes every 100 ms). */
async function waitForRecord(what: string, match: (r: LogRecord) => boolean, timeoutMs = 20_000): Promise<LogRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = records.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no log record: ${what} (${records.length} records seen)`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const transitionOf = (hazardId: string, action: string) => (r: LogRecord) => r.sdkComponent === 'workflow' && r.msg === 'hazard transition' && r.hazardId === hazardId && r.action === action;
const mailOf = (hazardId: string, kind: string) => (r: LogRecord) =>
  r.sdkComponent === 'activity' && r.msg === 'mail sent' && r.kind === kind && String(r.dedupeKey).startsWith(`hazard:${hazardId}:`);

test("a report's and an update's request ids are on the workflow's and its activities' log lines", async () => {
  const id = uniqueId('logs');
  const workflowId = `hazard-${id}`;
  const reportRequest = `report-${id}`;
  const assignRequest = `assign-${id}`;

  // POST /api/hazards starts the workflow: its triage and the activities it schedules carry the report's id.
  const report = await h.request('POST', '/api/hazards', {
    key: 'school',
    headers: { 'X-Request-Id': reportRequest },
    body: { id, schoolId: 's01', category: 'food_safety', level: 'major', title: '校门口占道经营，影响学生通行' },
  });
  expect(report.status).toBe(201);

  const reported = await waitForRecord('the "reported" transition', transitionOf(id, 'reported'));
  expect(reported).toMatchObject({ requestId: reportRequest, workflowId, workflowType: 'hazardWorkflow', to: 'reported', level: 30 });
  const triaged = await waitForRecord('the "submitted_to_bureau" transition', transitionOf(id, 'submitted_to_bureau'));
  expect(triaged).toMatchObject({ requestId: reportRequest, workflowId, from: 'reported', to: 'bureau_review' });

  const reportMail = await waitForRecord('the hazard_reported mail', mailOf(id, 'hazard_reported'));
  expect(reportMail).toMatchObject({ requestId: reportRequest, workflowId, activityType: 'carryOutHazardBatch', recipients: expect.any(Number) });
  const recorded = await waitForRecord('the read-model write', (r) => r.msg === 'hazard transition recorded' && r.hazardId === id);
  expect(recorded).toMatchObject({ requestId: reportRequest, workflowId, activityType: 'carryOutHazardBatch', sdkComponent: 'activity', level: 20 });

  // An Update runs in its own request's context: the assignment and its mail carry the assign request's id.
  const assign = await h.request('POST', `/api/hazards/${id}/assign`, {
    key: 'bureau',
    headers: { 'X-Request-Id': assignRequest },
    body: { departmentId: 'market', dueAt: new Date((await h.now()) + 10 * 24 * 3600 * 1000).toISOString(), note: '请依法取缔' },
  });
  expect(assign.status).toBe(200);

  const assigned = await waitForRecord('the "assigned" transition', transitionOf(id, 'assigned'));
  expect(assigned).toMatchObject({ requestId: assignRequest, workflowId, from: 'bureau_review', to: 'assigned' });
  const notice = await waitForRecord('the rectification_notice mail', mailOf(id, 'rectification_notice'));
  expect(notice).toMatchObject({ requestId: assignRequest, workflowId, activityType: 'carryOutHazardBatch' });

  // The API's own line of the request names it too, and never logs the API key.
  const apiLine = await waitForRecord('the API request line', (r) => r.requestId === assignRequest && r.req !== undefined && r.res !== undefined);
  expect(apiLine.req.headers.authorization).toBe('[redacted]');
  expect(JSON.stringify(records)).not.toContain(h.keys.bureau);

  // Every line of this hazard's workflow and activities names one of the two requests, and only these.
  const ours = records.filter((r) => r.workflowId === workflowId && (r.sdkComponent === 'workflow' || r.sdkComponent === 'activity'));
  expect(ours.length).toBeGreaterThanOrEqual(8);
  expect(new Set(ours.map((r) => r.requestId))).toEqual(new Set([reportRequest, assignRequest]));
});

test('the logs never hold a session cookie, its CSRF token or a password', async () => {
  const email = `logs-${Date.now()}@yufeng.example`;
  await createUser(h.db, { email, name: '日志测试', role: 'inspector', password: 'a password for logs' });
  const signIn = await fetch(`${h.baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'a password for logs' }),
  });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const me = await fetch(`${h.baseUrl}/api/me`, { headers: { cookie, 'x-csrf-token': csrfToken, 'x-request-id': 'logs-session-me' } });
  expect(me.status).toBe(200);
  const line = await waitForRecord('the /api/me line', (r) => r.requestId === 'logs-session-me' && r.res !== undefined);
  expect(line.req.headers).toMatchObject({ cookie: '[redacted]', 'x-csrf-token': '[redacted]' });
  const all = JSON.stringify(records);
  expect(all).not.toContain(cookie.split('=')[1]);
  expect(all).not.toContain(csrfToken);
  expect(all).not.toContain('a password for logs');
});
