// End to end on the real Temporal dev server (the one `npm start` runs): an HTTP request
// through the API and the worker to the 整改通知书 and a reminder at the SMTP sink, with
// the deadline compressed to seconds.
import { temporal } from '@temporalio/proto';
import { DueAtKey, EscalationLevelKey, HazardStatusKey, SchoolIdKey } from '../../common/search-attributes';
import { campaignMail, launchCampaign, majorHazard } from '../support/builders';
import { useDevServerHarness } from '../support/dev-server';
import { addr, beijing, eventually, isMailOf, sorted, uniqueId } from '../support/hazard-helpers';

const h = useDevServerHarness();

test('a hazard reported over HTTP is assigned, noticed and reminded through the dev server', async () => {
  const id = uniqueId('e2e');
  const report = await h.request('POST', '/api/hazards', {
    key: 'lead',
    body: majorHazard(
      id,
      { reminderOffsets: ['PT4S'], overdueGrace: 'PT1H', governmentDeadline: 'P1D', lookBackAfter: 'P1D' },
      { category: 'school_bus', title: '校车超员运行', location: '鱼峰区第一实验小学校车停靠点' },
    ),
  });
  expect(report.status).toBe(201);
  expect(report.body.status).toBe('bureau_review');
  // Listed from its start with the state the API answered, before the worker has run it.
  const handle = h.temporal.workflow.getHandle(`hazard-${id}`);
  const listing = (await handle.describe()).typedSearchAttributes;
  expect([listing.get(SchoolIdKey), listing.get(HazardStatusKey), listing.get(EscalationLevelKey)]).toEqual(['s01', 'bureau_review', 0]);

  const dueAt = new Date(Date.now() + 8_000).toISOString();
  const assign = await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'transport', dueAt } });
  expect(assign.status).toBe(200);
  // One upsert of the listing: the assignment's; the report's first task had nothing to change.
  const upserts = (await handle.fetchHistory()).events!.filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
  expect(upserts).toHaveLength(1);

  const notice = await h.mail.waitFor(isMailOf(id, 'rectification_notice'));
  expect(notice.to).toEqual(addr.dept('transport'));
  expect(sorted(notice.cc)).toEqual(sorted(addr.school()));
  expect(notice.subject).toContain(`请区交通局于${beijing(dueAt)}前整改“校车超员运行”`);

  const reminder = await h.mail.waitFor(isMailOf(id, 'deadline_reminder'), { timeoutMs: 20_000 });
  expect(reminder.to).toEqual(addr.dept('transport'));
  // "还有…" as counted when it is sent: 4 s before the deadline, less if the busy machine sent it late.
  expect(reminder.subject).toMatch(/距整改期限还有[1-4]秒/);
  // Sent by the durable timer: no earlier than 4 s before the deadline.
  expect(Date.parse(reminder.receivedAt)).toBeGreaterThanOrEqual(Date.parse(dueAt) - 4_000);

  // The dev server lists hazards by the project's search attributes.
  const listed: string[] = [];
  for await (const wf of h.temporal.workflow.list({ query: `HazardStatus = "assigned" AND DepartmentId = "transport" AND SchoolId = "s01"` })) {
    listed.push(wf.workflowId);
  }
  expect(listed).toContain(`hazard-${id}`);
});

test('a hazard the school rectifies itself is listed with its deadline from its start, and its first task upserts none of our search attributes', async () => {
  const id = uniqueId('e2e-self');
  const report = await h.request('POST', '/api/hazards', {
    key: 'school',
    body: { id, schoolId: 's01', category: 'fire', level: 'general', title: '消防通道堵塞', selfFixable: true },
  });
  expect(report.status).toBe(201);
  expect(report.body.status).toBe('rectifying');
  const handle = h.temporal.workflow.getHandle(`hazard-${id}`);
  const listing = (await handle.describe()).typedSearchAttributes;
  expect([listing.get(HazardStatusKey), listing.get(DueAtKey)?.toISOString()]).toEqual(['rectifying', report.body.dueAt]);
  // Once its first task is done (the triage's record and mail), still no upsert: the workflow's listing is the start's.
  const { EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES } = temporal.api.enums.v1.EventType;
  const history = await eventually(
    async () => (await handle.fetchHistory()).events!,
    (events) => events.some((e) => e.eventType === EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
  );
  // The only upsert is the SDK's own TemporalChangeVersion, which Temporal adds with the marker of a
  // patch the task meets (a school's own hazard climbs no higher than the bureau: patched
  // 'self-fix-stays-with-bureau', issue 24); none of the project's search attributes is upserted.
  const upserted = history
    .filter((e) => e.eventType === EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
    .flatMap((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}));
  expect(upserted).toEqual(['TemporalChangeVersion']);
});

test('a campaign launched over HTTP opens and closes its survey on the dev server, with its report overdue', async () => {
  const id = uniqueId('e2e-cp');
  const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const mailOf = (kind: string) => campaignMail(id, kind);
  const launch = await launchCampaign(h, {
    id,
    name: '端到端测试专项行动',
    plan: {
      phases: [{ key: 'survey', startAt: at(1), endAt: at(9) }],
      obligations: [{ key: 'implementation_plan', title: '实施方案', ownerIds: ['police'], dueAt: at(5) }],
    },
    // The units on a bulletin's 黑榜 are ordered to rectify within 3 s: the campaign ends when those deadlines have run.
    policy: { reminderOffsets: ['PT2S'], overdueGrace: 'PT2S', rectificationOrderPeriod: 'PT3S' },
  });
  expect(launch.status).toBe(201);
  await h.mail.waitFor(mailOf('phase_opened'));
  const inspection = await h.request('POST', `/api/campaigns/${id}/self-inspections`, {
    key: 'school',
    body: { schoolId: 's01', hazards: [{ category: 'fire', level: 'general', title: '消防通道堵塞', selfFixable: true }] },
  });
  expect(inspection.status).toBe(201);
  expect((await h.mail.waitFor(mailOf('report_reminder'))).to).toEqual(addr.dept('police'));
  expect((await h.mail.waitFor(mailOf('report_overdue'))).cc).toEqual(addr.leader('police'));
  const missing = await h.mail.waitFor(mailOf('self_inspection_missing'), { timeoutMs: 20_000 });
  expect(missing.subject).toContain('31所学校未提交自查');
  const result = await h.temporal.workflow.getHandle(`campaign-${id}`).result();
  expect(result.phases[0]).toMatchObject({ status: 'closed', outcome: { missing: 31 } });
  const stats = (await h.request('GET', `/api/campaigns/${id}/stats`)).body;
  expect(stats.selfInspections).toEqual({ submitted: 1, schools: 32 });
  expect(stats.hazards.total).toBe(1);
});
