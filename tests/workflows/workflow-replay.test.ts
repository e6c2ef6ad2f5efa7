// Hazards running when new workflow code is deployed replay unchanged. The histories in
// tests/fixtures were recorded with stub activities on the time-skipping server, on the workflow
// code of 139ae16 (issue 14's batched outbox, before the 回头看 became the bureau's obligation:
// the look-back window alone, closed without mail or bulletin entry; the script is
// scripts/record-look-back-histories.ts run in that commit's tree): one hazard written off and
// waiting on its look-back window, one whose window closed and whose workflow completed. Today's
// workflow code replays both without a nondeterminism error: the patched() guard in
// workflows/hazard-deadlines.ts (without it, the completed one fails: its closing would mail and
// record a bulletin entry that its history has not).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { quietTemporalLogs } from '../support/temporal-logs';

const history = (name: string) => temporal.api.history.v1.History.decode(readFileSync(path.join(__dirname, '..', 'fixtures', `hazard-look-back-${name}.history.bin`)));

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
