// Where a rung's seconds go after a worker's death (issue 29): for each timer-driven transition of
// a hazard, the workflow-task events of its history from the timer that fired it until the task
// that recorded it — on which task queue the task was put (the dead worker's sticky queue or the
// normal one), whether it timed out there (SCHEDULE_TO_START) or on a worker (START_TO_CLOSE),
// which worker started it and when — against the rung's instant and the moment a worker was back.
// Read by `npm run test:faults -- --trace FILE` (scripts/fault-suite.ts).
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { hazardWorkflowId } from '../domain/hazard/messages';

const E = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One event of a rung's path, its time in ms after the rung's instant. */
export interface RungStep {
  /** WorkflowTaskScheduled, WorkflowTaskTimedOut, TimerFired, ... (the event type without its prefix). */
  event: string;
  /** Milliseconds after the rung's instant. */
  t: number;
  /** Scheduled: 'sticky' or 'normal'; TimedOut: its timeout type; Started: the worker; Failed: its cause. */
  detail?: string;
}

export interface RungPath {
  hazardId: string;
  /** The transition's action (overdue, escalated_to_bureau, ...). */
  rung: string;
  instant: number;
  /** When the transition was recorded (the workflow's clock in the task that made it), ms after the instant. */
  recorded: number;
  /** The latest moment a worker was back before it was recorded (ms after the instant; negative: before the instant), if any. */
  back?: number;
  steps: RungStep[];
  /** The lag as the suite counts it: from max(instant, back) until recorded. */
  lag: number;
  /** Of the lag: time the task spent on a sticky queue after max(instant, back) until it timed out there. */
  onDeadSticky: number;
  /** Of the lag: from the moment the task was on a queue a live worker polls (after max(instant, back)) until a worker started it. */
  toStart: number;
}

const ms = (t: HistoryEvent['eventTime']) => Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
const typeName = (e: HistoryEvent) => (E[e.eventType ?? 0] ?? String(e.eventType)).replace(/^EVENT_TYPE_/, '');

/**
 * The paths of the given rungs (hazard, action, instant, recorded-at) from their hazards' histories.
 * `workers` names each worker process by its pid (identity `pid@host`); `workerBack` are the instants
 * a worker came back.
 */
export async function traceRungs(
  address: string,
  namespace: string,
  rungs: { hazardId: string; rung: string; instant: number; recordedAt: number }[],
  workers: { name: string; pid?: number }[],
  workerBack: number[],
  /** Receives each hazard's whole history (to keep a few for reading). */
  onHistory?: (hazardId: string, events: HistoryEvent[]) => void,
): Promise<RungPath[]> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace });
    const histories = new Map<string, HistoryEvent[]>();
    for (const id of new Set(rungs.map((r) => r.hazardId))) {
      const h = await client.workflow.getHandle(hazardWorkflowId(id)).fetchHistory();
      histories.set(id, h.events ?? []);
      onHistory?.(id, h.events ?? []);
    }
    const workerOf = (identity: string | null | undefined) => workers.find((w) => w.pid !== undefined && (identity ?? '').startsWith(`${w.pid}@`))?.name ?? identity ?? '?';
    return rungs.map((r) => {
      const events = histories.get(r.hazardId) ?? [];
      // The task that recorded it: the last one started by then (the ladder's clock may be the rung's instant, after its start).
      let s = -1;
      for (let i = 0; i < events.length; i++) if (events[i].eventType === E.EVENT_TYPE_WORKFLOW_TASK_STARTED && ms(events[i].eventTime) <= r.recordedAt + 100) s = i;
      // Back to the task completed before it (what came meanwhile: the timer, activities, tasks that timed out), on to its end.
      let from = s;
      while (from > 0 && events[from - 1].eventType !== E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) from--;
      let to = s;
      while (
        to >= 0 &&
        to < events.length - 1 &&
        ![E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, E.EVENT_TYPE_WORKFLOW_TASK_FAILED].includes(events[to].eventType!)
      )
        to++;
      const steps: RungStep[] = (s < 0 ? [] : events.slice(from, to + 1)).map((e) => {
        const step: RungStep = { event: typeName(e), t: ms(e.eventTime) - r.instant };
        if (e.workflowTaskScheduledEventAttributes) {
          const a = e.workflowTaskScheduledEventAttributes;
          step.detail = `${a.taskQueue?.kind === temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY ? 'sticky' : 'normal'}${(a.attempt ?? 1) > 1 ? ` attempt ${a.attempt}` : ''}`;
        }
        if (e.workflowTaskTimedOutEventAttributes)
          step.detail = (temporal.api.enums.v1.TimeoutType[e.workflowTaskTimedOutEventAttributes.timeoutType ?? 0] ?? '').replace(/^TIMEOUT_TYPE_/, '');
        if (e.workflowTaskStartedEventAttributes) step.detail = workerOf(e.workflowTaskStartedEventAttributes.identity);
        if (e.workflowTaskFailedEventAttributes)
          step.detail = (temporal.api.enums.v1.WorkflowTaskFailedCause[e.workflowTaskFailedEventAttributes.cause ?? 0] ?? '').replace(/^WORKFLOW_TASK_FAILED_CAUSE_/, '');
        return step;
      });
      const backs = workerBack.filter((b) => b <= r.recordedAt);
      const back = backs.length ? Math.max(...backs) : undefined;
      const start = Math.max(r.instant, back ?? r.instant) - r.instant;
      const recorded = r.recordedAt - r.instant;
      // The task's time on a sticky queue after `start`: from its scheduling there (or `start`) to its timeout.
      let onDeadSticky = 0;
      let live = start;
      for (let i = 0; i < steps.length; i++) {
        if (steps[i].event === 'WORKFLOW_TASK_SCHEDULED' && steps[i].detail?.startsWith('sticky')) {
          const out = steps.slice(i + 1).find((x) => x.event === 'WORKFLOW_TASK_TIMED_OUT' && x.detail === 'SCHEDULE_TO_START');
          if (out && out.t > start) {
            onDeadSticky += out.t - Math.max(start, steps[i].t);
            live = Math.max(live, out.t);
          }
        }
      }
      const started = [...steps].reverse().find((x) => x.event === 'WORKFLOW_TASK_STARTED');
      return {
        hazardId: r.hazardId,
        rung: r.rung,
        instant: r.instant,
        recorded,
        back: back === undefined ? undefined : back - r.instant,
        steps,
        lag: recorded - start,
        onDeadSticky,
        toStart: started ? started.t - live : NaN,
      };
    });
  } finally {
    await connection.close();
  }
}

/** One line per path: `hazard rung lag=… [back …] fired +… | SCHEDULED sticky +… | …`. */
export function formatRungPath(p: RungPath): string {
  const s = (t: number) => `${t >= 0 ? '+' : ''}${(t / 1000).toFixed(2)}`;
  const steps = p.steps.map((x) => `${x.event.replace(/^WORKFLOW_/, '').toLowerCase()}${x.detail ? `(${x.detail})` : ''} ${s(x.t)}`).join(' | ');
  return `${p.hazardId} ${p.rung}: lag ${s(p.lag)}, recorded ${s(p.recorded)}${p.back !== undefined ? `, back ${s(p.back)}` : ''}; dead sticky ${s(p.onDeadSticky)}, to start ${s(p.toStart)} :: ${steps}`;
}
