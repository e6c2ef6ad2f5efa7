// A poison step is parked, not retried in silence (issue 27, part B). The hazard's audit insert
// is made to fail with an integrity constraint violation (SQLSTATE 23514, from a trigger in this
// test) for its assignment only: no retry can cure that. The step is parked — listed for the lead,
// counted in /readyz, logged at error level — while the hazard's lane and deadlines go on; the
// lead's retry before the fix parks it again with the error, after the fix carries it out once.
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { useHarness } from '../support/harness';
import { assignedHazard, DAY, eventually, HOUR, uniqueId } from '../support/hazard-helpers';
import { refuseAssignedAuditRow } from '../support/poison';

const records: { level: LogLevel; message: string; meta?: LogMetadata }[] = [];
const push = (level: LogLevel) => (message: string, meta?: LogMetadata) => void records.push({ level, message, meta });
const logger: Logger = {
  log: (level, message, meta) => void records.push({ level, message, meta }),
  trace: push('TRACE'),
  debug: push('DEBUG'),
  info: push('INFO'),
  warn: push('WARN'),
  error: push('ERROR'),
};
const h = useHarness({ logger });

const stuckSteps = async () => {
  const res = await h.request('GET', '/api/operations/stuck-steps');
  if (res.status !== 200) throw new Error(`stuck steps: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items as { id: string; workflowId: string; kind: string; error: string; retries: number }[];
};

test('an assignment whose audit row cannot be written is parked, shown, and carried out by the lead after the fix; the deadlines go on', async () => {
  const id = uniqueId('poison');
  // The poison: this hazard's 'assigned' audit row violates a check (23514), as bad data would.
  const poison = await refuseAssignedAuditRow(h.db, id);
  try {
    const before = (await h.request('GET', '/readyz', { key: null })).body.stuckSteps as number;
    const assignedAt = await h.now();
    const { view } = await assignedHazard(h, { id, dueInMs: 10 * DAY });
    expect(view.status).toBe('assigned');
    const seq = 3; // reported, triaged, assigned
    const stepId = `hazard:${id}:${seq}`;

    // (b) parked: listed for the lead (not for others), counted in /readyz (still ready), logged at error level.
    const listed = await eventually(stuckSteps, (items) => items.some((s) => s.workflowId === `hazard-${id}`));
    expect(listed.filter((s) => s.workflowId === `hazard-${id}`).map((s) => s.id)).toEqual([stepId]);
    const step = listed.find((s) => s.id === stepId);
    expect(step).toMatchObject({ workflowId: `hazard-${id}`, kind: 'record', retries: 0 });
    expect(step!.error).toContain(`audit row of ${id} refused by the test`);
    expect((await h.request('GET', '/api/operations/stuck-steps', { key: 'bureau' })).status).toBe(403);
    const ready = await h.request('GET', '/readyz', { key: null });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', database: 'ok', temporal: 'ok' });
    expect(ready.body.stuckSteps).toBeGreaterThanOrEqual(before + 1);
    const logged = await eventually(
      async () => records.filter((r) => r.level === 'ERROR' && r.meta?.stepId === stepId),
      (r) => r.length > 0,
    );
    expect(logged.length).toBeGreaterThan(0);
    expect(await h.db.auditEvent.count({ where: { hazardId: id, action: 'assigned' } })).toBe(0);

    // (a) the lane and the deadlines go on: the first reminder (3 days before the deadline) fires on time and is recorded.
    await h.advance(7 * DAY + HOUR);
    const reminded = await eventually(
      async () => (await h.request('GET', `/api/hazards/${id}`)).body.history as { action: string; at: string }[],
      (history) => history.some((e) => e.action === 'deadline_reminder'),
    );
    const reminder = reminded.find((e) => e.action === 'deadline_reminder')!;
    expect(Math.abs(Date.parse(reminder.at) - (assignedAt + 7 * DAY))).toBeLessThan(HOUR);
    await eventually(
      () => h.db.auditEvent.count({ where: { hazardId: id, action: 'deadline_reminder' } }),
      (n) => n === 1,
    );
    expect(await h.db.auditEvent.count({ where: { hazardId: id, action: 'deadline_reminder' } })).toBe(1);

    // Retried before the fix: parked again, with the error, counted as a retry.
    const early = await h.request('POST', `/api/operations/stuck-steps/${encodeURIComponent(stepId)}/retry`);
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ done: false, step: { id: stepId, retries: 1, resolvedAt: null } });
    expect(early.body.error).toContain('refused by the test');
    expect((await stuckSteps()).some((s) => s.id === stepId)).toBe(true);
    expect((await h.request('POST', `/api/operations/stuck-steps/${encodeURIComponent(stepId)}/retry`, { key: 'bureau' })).status).toBe(403);

    // (c) the fix, then the lead's retry: the row appears once, the step is resolved.
    await poison.lift();
    const retried = await h.request('POST', `/api/operations/stuck-steps/${encodeURIComponent(stepId)}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ done: true, step: { id: stepId } });
    expect(retried.body.step.resolvedAt).not.toBeNull();
    expect(await h.db.auditEvent.count({ where: { hazardId: id, action: 'assigned' } })).toBe(1);
    expect((await stuckSteps()).some((s) => s.id === stepId)).toBe(false);
    // The read model keeps the later state (the reminder's), not the retried assignment's.
    const row = await h.db.hazard.findUnique({ where: { id } });
    expect(row?.seq).toBeGreaterThan(seq);
    // A second retry finds it resolved.
    const again = await h.request('POST', `/api/operations/stuck-steps/${encodeURIComponent(stepId)}/retry`);
    expect(again.body).toMatchObject({ done: true });
  } finally {
    await poison.remove();
  }
});
