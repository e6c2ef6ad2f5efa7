// Hazards running when new workflow code is deployed replay unchanged. The histories in
// tests/fixtures were recorded with stub activities on the time-skipping server, on the workflow
// code of 139ae16 (issue 14's batched outbox, before the 回头看 became the bureau's obligation:
// the look-back window alone, closed without mail or bulletin entry; the script is
// scripts/record-look-back-histories.ts run in that commit's tree): one hazard written off and
// waiting on its look-back window, one whose window closed and whose workflow completed. Today's
// workflow code replays both without a nondeterminism error: the patched() guard in
// workflows/hazard-deadlines.ts (without it, the completed one fails: its closing would mail and
// record a bulletin entry that its history has not).
//
// Issue 29 moved a rung's batch (record and mail) from a local activity to an activity, behind
// patched('rung-batch-as-activity'): two more histories, recorded on the time-skipping server with
// scripts/record-rung-histories.ts, a hazard climbing its ladder for 19 days after its assignment —
// one on the new code alone, one whose first reminder fired on the code before it (deployed while
// the hazard ran). Both replay, and the histories of before it above too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { quietTemporalLogs } from '../support/temporal-logs';

const fixture = (file: string) => temporal.api.history.v1.History.decode(readFileSync(path.join(__dirname, '..', 'fixtures', `${file}.history.bin`)));
const history = (name: string) => fixture(`hazard-look-back-${name}`);

beforeAll(() => quietTemporalLogs());

test.each([
  ['waiting on its look-back window (回头看 due, window open)', 'waiting'],
  ['whose look-back window closed, its workflow completed', 'closed'],
])('a hazard recorded before the look-back obligation, %s, replays on today’s workflow code', async (_what, name) => {
  const h = history(name);
  const types = h.events.map((e) => e.eventType);
  // What the fixture is: the first is still running, the second completed.
  expect(types.at(-1) === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED).toBe(name === 'closed');
  await expect(Worker.runReplayHistory({ workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! } }, h, `hazard-look-back-${name}`)).resolves.toBeUndefined();
});

/** How a history carried out its batches: as activities, as local activities (their markers), and whether it has the patch's marker. */
function batches(h: temporal.api.history.v1.IHistory) {
  const events = h.events ?? [];
  return {
    activities: events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'carryOutHazardBatch').length,
    localActivities: events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length,
    patched: events.some(
      (e) =>
        e.markerRecordedEventAttributes?.markerName === 'core_patch' &&
        Buffer.from(e.markerRecordedEventAttributes.details!['patch-data'].payloads![0].data!).toString().includes('rung-batch-as-activity'),
    ),
  };
}

test.each([
  // The report's batch an activity (started before the API answered reports itself), the 交办's a local activity, the five rungs' activities.
  ['on the code that runs a rung’s batch as an activity', 'activities', { activities: 6, localActivities: 1, patched: true }],
  // Its first reminder's batch a local activity, as before the change; the four rungs after it activities.
  ['whose first reminder fired before that code was deployed', 'deployed', { activities: 5, localActivities: 2, patched: true }],
])('a hazard climbing its ladder %s replays on today’s workflow code', async (_what, name, expected) => {
  const h = fixture(`hazard-rungs-${name}`);
  expect(batches(h)).toEqual(expected);
  await expect(Worker.runReplayHistory({ workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! } }, h, `hazard-rungs-${name}`)).resolves.toBeUndefined();
});
