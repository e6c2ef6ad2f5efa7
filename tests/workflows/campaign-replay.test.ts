// Campaigns running when new workflow code is deployed replay unchanged. The histories in
// tests/fixtures were recorded with stub activities on the time-skipping server, on the campaign
// workflow of 961554a, when all of it was in workflows/campaign.ts (the script is
// scripts/record-campaign-history.ts run in that commit's tree): one campaign through all its
// phases to completion; one continued as new once, both its runs, the second left running. Today's
// workflow code replays each without a nondeterminism error: the same commands (timers, activities
// in their order, the continuation, the completion) in the same order.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { scheduledActivities } from '../../scripts/record-campaign-history';
import { quietTemporalLogs } from '../support/temporal-logs';

const EventType = temporal.api.enums.v1.EventType;
const history = (name: string) => temporal.api.history.v1.History.decode(readFileSync(path.join(__dirname, '..', 'fixtures', `campaign-${name}.history.bin`)));

beforeAll(() => quietTemporalLogs());

const FIXTURES = [
  {
    name: 'completed',
    what: 'through every phase to completion',
    last: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    covers: [
      'mail:campaign_launched',
      'mail:phase_opened',
      'mail:phase_closing',
      'mail:phase_closed',
      'mail:self_inspection_missing',
      'mail:report_reminder',
      'mail:report_overdue',
      'mail:report_escalated',
      'mail:bulletin_issued',
      'mail:rectification_order',
      'recordCampaign',
      'recordReportSubmission',
      'recordSelfInspections',
      'recordBulletinEntries',
      'issueCampaignBulletin',
      'escalateCampaignHazards',
      'scheduleCampaignLookBacks',
    ],
  },
  {
    name: 'continued',
    what: 'in its first run, continued as new',
    last: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
    covers: ['mail:campaign_launched', 'mail:report_overdue', 'mail:report_escalated', 'mail:rectification_order', 'recordSelfInspections'],
  },
  {
    name: 'running',
    what: 'resumed from its state and live deadlines, 验收 closed on the 黑榜 while 整改 is open, still running',
    last: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    covers: ['blacklistUnfinishedUnits', 'scheduleCampaignLookBacks', 'mail:phase_closed', 'mail:report_escalated', 'recordReportSubmission'],
  },
];

test.each(FIXTURES)('a campaign recorded $what replays on today’s workflow code', async ({ name, last, covers }) => {
  const h = history(name);
  // What the fixture is: how it ends, and the steps it took.
  expect(h.events.at(-1)!.eventType).toBe(last);
  expect(Object.keys(scheduledActivities(h))).toEqual(expect.arrayContaining(covers));
  await expect(Worker.runReplayHistory({ workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! } }, h, `campaign-${name}`)).resolves.toBeUndefined();
});
