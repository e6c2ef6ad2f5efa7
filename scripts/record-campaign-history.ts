// Records the histories tests/workflows/campaign-replay.test.ts replays: campaigns run with stub
// activities on the time-skipping server, on the campaign workflow as it was before its steps and
// deadlines left workflows/campaign.ts (workflows/campaign-steps.ts, campaign-deadlines.ts), so
// that the replay shows the split changed none of its commands nor their order.
//
// - campaign-completed: 组织筹备 → 摸排 → 整改 → 验收 → 巩固提高, each opening and closing on its
//   timer (with its reminders); a one-off report (实施方案: two owners on time, one missed, then
//   handed in late) and a recurring one (月报: the first period on time, the others missed), their
//   reminders, overdue notices, bulletin entries, the plan's bulletins and the escalations after
//   the grace period; a school's self-inspection in 摸排, the other school missing at its closing
//   and listed late (一校一表); a bulletin on demand; the 黑榜 of three bulletins ordered to rectify
//   (责令限期整改: one order handed in, the others missed); the closings' escalations of the
//   hazards, the consolidation's look-backs; the workflow completed.
// - campaign-continued / campaign-running: 验收 closing while 整改 is still open (黑榜 and 责令限期整改
//   for the units that did not finish), with a short history limit: the first run continued as
//   new; the second, resumed from its state and live deadlines, left waiting mid-campaign.
//
// The fixtures were recorded on 961554a's tree (the campaign workflow before the split), with this
// script copied into it:
//   git archive 961554a | tar -x -C /tmp/old && cp scripts/record-campaign-history.ts /tmp/old/scripts/
//   ln -s $PWD/node_modules $PWD/.tools $PWD/generated /tmp/old/ && (cd /tmp/old && npx tsx scripts/record-campaign-history.ts $OLDPWD/tests/fixtures)
// In this tree: npx tsx scripts/record-campaign-history.ts [out-dir, default tests/fixtures]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../activities';
import type { BulletinView, IssueBulletin, SupervisionBlacklist } from '../activities/bulletin-issue';
import type { CampaignEscalation, CampaignLookBacks } from '../activities/campaign-hazards';
import type { CampaignPlan, CampaignPolicy, CampaignState } from '../common/campaign';
import type { Actor } from '../common/hazard';
import { startTimeSkippingEnv } from '../devstack/temporal-tools';
import {
  CAMPAIGN_WORKFLOW_TYPE,
  campaignStateQuery,
  campaignWorkflowId,
  issueBulletinUpdate,
  listSelfInspectionsUpdate,
  selfInspectionUpdate,
  submitReportUpdate,
  type CampaignWorkflow,
  type CampaignWorkflowInput,
} from '../domain/campaign/messages';
import { WORKFLOW_BUNDLE_OPTIONS } from '../worker/worker';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const TASK_QUEUE = 'record-campaign';
const POLICY: CampaignPolicy = { reminderOffsets: ['P3D', 'P1D'], overdueGrace: 'P2D', timeZone: 'Asia/Shanghai', rectificationOrderPeriod: 'P3D' };
const LEAD: Actor = { role: 'lead' };
const department = (unitId: string): Actor => ({ role: 'department', unitId });
const school = (unitId: string): Actor => ({ role: 'school', unitId });

/**
 * The activities, stubbed: rows and mails "done"; a closing's escalation, 黑榜 and look-backs
 * count a few; a bulletin's 黑榜 names the units that missed what its trigger counts.
 */
function stubActivities(): Record<string, (arg: any) => Promise<unknown>> {
  const names = Object.keys(createActivities({} as never));
  const stubs: Record<string, (arg: any) => Promise<unknown>> = Object.fromEntries(names.map((n) => [n, async () => undefined]));
  stubs.sendCampaignNotification = async (req: { dedupeKey: string }) => ({ dedupeKey: req.dedupeKey, messageId: '<stub>', to: [], cc: [], sentNow: true });
  stubs.escalateCampaignHazards = async (e: CampaignEscalation) => (e.phase === 'rectification' ? 2 : 1);
  stubs.blacklistUnfinishedUnits = async (_b: SupervisionBlacklist) => 2;
  stubs.scheduleCampaignLookBacks = async (_l: CampaignLookBacks) => 3;
  stubs.issueCampaignBulletin = async (b: IssueBulletin): Promise<BulletinView> => {
    const listed: Record<string, { unitType: 'school' | 'department'; unitId: string; reason: string }[]> = {
      'report:plan:once': [{ unitType: 'department', unitId: 'police', reason: '逾期未报送：实施方案' }],
      'phase:survey': [{ unitType: 'school', unitId: 's02', reason: '摸排阶段未提交自查' }],
      'phase:acceptance': [{ unitType: 'department', unitId: 'market', reason: '验收：未按时完成整治任务' }],
    };
    const blacklist = (listed[b.trigger] ?? []).map((x) => ({ unitType: x.unitType, unitId: x.unitId, name: x.unitId, reasons: [{ reason: x.reason, count: 1 }] }));
    return {
      campaignId: b.campaignId,
      no: b.no,
      docNo: null,
      trigger: b.trigger,
      triggers: [b.trigger],
      issuedBy: b.issuedBy.role,
      issuedAt: b.at,
      content: { afterEntryId: b.afterEntryId ?? null, lastEntryId: `entry-${b.no}`, blacklist, overdueHazards: [], listedSupervision: [], closureByUnit: [], closureRate: 0.5 },
    };
  };
  return stubs;
}

interface Run {
  env: TestWorkflowEnvironment;
  t0: number;
  at(ms: number): string;
  /** Skips the test server's clock to t0 + `ms` (timers fire, the outbox is worked off on the way). */
  until(ms: number): Promise<void>;
}

async function timeline(env: TestWorkflowEnvironment): Promise<Run> {
  // Whole hours, so the dates do not depend on the second the script ran.
  const t0 = Math.ceil((await env.currentTimeMs()) / HOUR) * HOUR;
  return {
    env,
    t0,
    at: (ms) => new Date(t0 + ms).toISOString(),
    until: async (ms) => {
      const left = t0 + ms - (await env.currentTimeMs());
      if (left > 0) await env.sleep(left);
    },
  };
}

function input(id: string, name: string, plan: CampaignPlan, extra: Partial<CampaignWorkflowInput> = {}): CampaignWorkflowInput {
  return {
    campaign: { id, name, jurisdictionId: 'yufeng', plan, policy: POLICY, departmentIds: ['edu', 'police', 'market'], schoolIds: ['s01', 's02'] },
    createdBy: LEAD,
    launchToken: `launch-${id}`,
    ...extra,
  };
}

/** The full campaign, to its end. */
async function completed(run: Run) {
  const { env, at, until } = run;
  const plan: CampaignPlan = {
    phases: [
      { key: 'preparation', startAt: at(HOUR), endAt: at(1 * DAY) },
      { key: 'survey', startAt: at(1 * DAY), endAt: at(10 * DAY) },
      { key: 'rectification', startAt: at(10 * DAY), endAt: at(20 * DAY) },
      { key: 'acceptance', startAt: at(20 * DAY), endAt: at(30 * DAY) },
      { key: 'consolidation', startAt: at(30 * DAY), endAt: at(40 * DAY) },
    ],
    obligations: [
      { key: 'plan', title: '实施方案', ownerIds: ['edu', 'police', 'lead_office'], dueAt: at(5 * DAY) },
      {
        key: 'monthly',
        title: '工作月报',
        ownerIds: ['edu'],
        periods: [
          { period: 'p1', dueAt: at(8 * DAY) },
          { period: 'p2', dueAt: at(22 * DAY) },
          { period: 'p3', dueAt: at(36 * DAY) },
        ],
      },
    ],
  };
  const id = 'replay-completed';
  const handle = await env.client.workflow.start<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
    workflowId: campaignWorkflowId(id),
    taskQueue: TASK_QUEUE,
    args: [input(id, '护校安园回放（全程）', plan)],
  });
  await until(2 * DAY);
  await handle.executeUpdate(selfInspectionUpdate, { args: [{ actor: school('s01'), schoolId: 's01', hazardIds: ['h1', 'h2'] }] });
  await handle.executeUpdate(submitReportUpdate, { args: [{ actor: department('edu'), ownerId: 'edu', obligationKey: 'plan', note: '实施方案已印发' }] });
  await until(3 * DAY);
  await handle.executeUpdate(submitReportUpdate, { args: [{ actor: LEAD, ownerId: 'lead_office', obligationKey: 'plan', note: '领导小组方案' }] });
  await handle.executeUpdate(submitReportUpdate, { args: [{ actor: department('edu'), ownerId: 'edu', obligationKey: 'monthly', note: '第一期月报' }] });
  // 实施方案 falls due (police missed: overdue, bulletin entry, the plan's bulletin, its 黑榜 ordered), then escalated.
  await until(8 * DAY);
  await handle.executeUpdate(submitReportUpdate, { args: [{ actor: department('police'), ownerId: 'police', obligationKey: 'plan', note: '补报实施方案' }] });
  // 摸排 closes: s02 did not self-inspect (its bulletin puts it on the 黑榜, ordered to rectify).
  await until(11 * DAY);
  const orders = (await handle.query(campaignStateQuery)).obligations.filter((o) => o.orderOfBulletin !== undefined);
  const schoolOrder = orders.find((o) => o.ownerIds.includes('s02'));
  if (!schoolOrder || !orders.some((o) => o.ownerIds.includes('police'))) throw new Error(`expected orders for police and s02, got ${JSON.stringify(orders)}`);
  await handle.executeUpdate(submitReportUpdate, { args: [{ actor: school('s02'), ownerId: 's02', obligationKey: schoolOrder.key, note: '已整改' }] });
  await handle.executeUpdate(listSelfInspectionsUpdate, {
    args: [
      {
        actor: LEAD,
        schools: [
          { schoolId: 's01', hazardIds: ['h3'] },
          { schoolId: 's02', hazardIds: ['h4'] },
        ],
      },
    ],
  });
  await until(12 * DAY);
  await handle.executeUpdate(issueBulletinUpdate, { args: [{ actor: LEAD }] });
  const state = await handle.result();
  return { handle, state };
}

/** 验收 closes while 整改 is open (黑榜); a short history limit: continued as new, then left running. */
async function continued(run: Run) {
  const { env, at, until } = run;
  const plan: CampaignPlan = {
    phases: [
      { key: 'survey', startAt: at(HOUR), endAt: at(3 * DAY) },
      { key: 'rectification', startAt: at(3 * DAY), endAt: at(20 * DAY) },
      { key: 'acceptance', startAt: at(5 * DAY), endAt: at(10 * DAY) },
      { key: 'consolidation', startAt: at(10 * DAY), endAt: at(30 * DAY) },
    ],
    obligations: [{ key: 'weekly', title: '周报', ownerIds: ['market', 'edu'], periods: [2, 9, 16, 23].map((d, i) => ({ period: `w${i + 1}`, dueAt: at(d * DAY) })) }],
  };
  const id = 'replay-continued';
  const handle = await env.client.workflow.start<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
    workflowId: campaignWorkflowId(id),
    taskQueue: TASK_QUEUE,
    args: [input(id, '护校安园回放（续跑）', plan, { historyLimit: 300 })],
  });
  await until(DAY);
  await handle.executeUpdate(selfInspectionUpdate, { args: [{ actor: school('s01'), schoolId: 's01', hazardIds: ['h1'], source: 'csv' }] });
  await handle.executeUpdate(submitReportUpdate, { args: [{ actor: department('edu'), ownerId: 'edu', obligationKey: 'weekly', note: '第一周' }] });
  await until(12 * DAY);
  await handle.executeUpdate(submitReportUpdate, { args: [{ actor: department('edu'), ownerId: 'edu', obligationKey: 'weekly', period: 'w2', note: '第二周（补报）' }] });
  await until(13 * DAY);
  return { handle };
}

const EventType = temporal.api.enums.v1.EventType;

/**
 * The histories of a workflow's runs, first to latest, once the latest is idle (its last workflow
 * task completed, no activity pending): a history that ends where a worker would leave it.
 */
async function runsOf(env: TestWorkflowEnvironment, workflowId: string, firstRunId: string): Promise<temporal.api.history.v1.IHistory[]> {
  const runs: temporal.api.history.v1.IHistory[] = [];
  for (let runId: string | null | undefined = firstRunId; runId;) {
    const handle: WorkflowHandle = env.client.workflow.getHandle(workflowId, runId);
    for (let attempt = 0; ; attempt++) {
      const history: temporal.api.history.v1.IHistory = await handle.fetchHistory();
      const last: temporal.api.history.v1.IHistoryEvent = history.events!.at(-1)!;
      const pending = (await handle.describe()).raw.pendingActivities ?? [];
      if (last.workflowExecutionContinuedAsNewEventAttributes) {
        runs.push(history);
        runId = last.workflowExecutionContinuedAsNewEventAttributes.newExecutionRunId;
        break;
      }
      if (last.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED && pending.length === 0) {
        runs.push(history);
        runId = undefined;
        break;
      }
      if (attempt > 100) throw new Error(`run ${runId} of ${workflowId} does not come to rest`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return runs;
}

/**
 * What a history asked of its activities: each activity type, a mail by its kind, how often (what
 * tests/workflows/campaign-replay.test.ts asks of the fixtures this script records).
 */
export function scheduledActivities(history: temporal.api.history.v1.IHistory): Record<string, number> {
  const activities: Record<string, number> = {};
  for (const e of history.events ?? []) {
    const a = e.activityTaskScheduledEventAttributes;
    if (!a) continue;
    let name = a.activityType!.name!;
    if (name === 'sendCampaignNotification') name = `mail:${JSON.parse(Buffer.from(a.input!.payloads![0].data!).toString()).kind}`;
    activities[name] = (activities[name] ?? 0) + 1;
  }
  return activities;
}

/** What a history holds: its events, the mails by kind, the other activities by type, the last event. */
function summary(history: temporal.api.history.v1.IHistory) {
  return { events: history.events!.length, last: EventType[history.events!.at(-1)!.eventType!], activities: scheduledActivities(history) };
}

async function main() {
  const out = process.argv[2] ?? path.join(__dirname, '..', 'tests', 'fixtures');
  const env = await startTimeSkippingEnv();
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), ...WORKFLOW_BUNDLE_OPTIONS });
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: TASK_QUEUE, activities: stubActivities(), workflowBundle: { code } });
  const running = worker.run();
  const save = (name: string, history: temporal.api.history.v1.IHistory) => {
    writeFileSync(path.join(out, `campaign-${name}.history.bin`), temporal.api.history.v1.History.encode(history).finish());
    console.log(name, JSON.stringify(summary(history)));
  };
  try {
    // The one left running first: the clock is still near today's (a completed campaign's result() lets it run on).
    const { handle } = await continued(await timeline(env));
    const runs = await runsOf(env, handle.workflowId, handle.firstExecutionRunId);
    if (runs.length !== 2) throw new Error(`expected the campaign to continue as new once, it ran ${runs.length} times`);
    save('continued', runs[0]);
    save('running', runs[1]);

    const done = await completed(await timeline(env));
    const state: CampaignState = done.state;
    if (state.status !== 'completed') throw new Error(`campaign ended ${state.status}`);
    save('completed', await done.handle.fetchHistory());
  } finally {
    worker.shutdown();
    await running;
    await env.teardown();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
