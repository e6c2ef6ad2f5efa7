// The worker: runs the workflows and the activities on the project's task queue.
import { bundleWorkflowCode, NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { requestContextActivityInterceptors } from './activity-interceptors';

/**
 * The workflow interceptor modules, bundled with the workflows: a prebuilt bundle must be built
 * with them (`bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS })`).
 */
export const WORKFLOW_INTERCEPTOR_MODULES: string[] = [require.resolve('../workflows/request-context-interceptors')];

/**
 * Modules the reusable V8 context loads once and shares among all the workflows it runs, instead
 * of loading them again for each workflow (the SDK's `preloadModules`): the pure calendar
 * arithmetic, and with it luxon, whose caches of time zones and date formats then outlive a
 * single workflow, and one copy serves every cached workflow. Measured (docs/benchmarks/README.md,
 * run T): luxon's share of the workflow thread while reports were mailed fell from 10% to 4%, and
 * the worker's memory with 1,000 open hazards by about a fifth. And zod with the schemas built
 * from it, which the action tables' validators use: loaded again for each workflow, they cost
 * about 1.2 MiB per cached workflow (400 hazards open: 566 MiB, 1,334 MiB at their storm's peak;
 * shared: 478 and 522 MiB). Only modules without per-workflow state: the SDK deep-freezes their
 * exports and shares their module scope.
 */
export const WORKFLOW_PRELOAD_MODULES: string[] = [
  require.resolve('../common/time'),
  require.resolve('../common/iso-duration'),
  require.resolve('../common/schema-primitives'),
  require.resolve('../domain/hazard/schemas'),
  require.resolve('../domain/campaign/schemas'),
];

/** How the workflows are bundled, ahead of time (npm run build, the tests) or at the worker's start. */
export const WORKFLOW_BUNDLE_OPTIONS = { workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, preloadModules: WORKFLOW_PRELOAD_MODULES };

/**
 * The workflows bundled (webpack), saying only warnings and errors: the bundler's own info lines
 * are a dump of webpack's statistics, nothing a person starting the worker needs to read.
 */
export async function bundleWorkflows(): Promise<{ code: string }> {
  const drop = () => undefined;
  return bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    ...WORKFLOW_BUNDLE_OPTIONS,
    logger: { log: drop, trace: drop, debug: drop, info: drop, warn: (m, meta) => console.warn(m, meta ?? ''), error: (m, meta) => console.error(m, meta ?? '') },
  });
}

/** How long a workflow task waits on a worker's sticky queue before any worker may take it (issue 29). */
export const STICKY_QUEUE_SCHEDULE_TO_START_TIMEOUT = '1 second';

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt workflow bundle (tests bundle once); otherwise the workflows are bundled here (bundleWorkflows). */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Workflows kept in memory between tasks (WORKER_MAX_CACHED_WORKFLOWS). */
  maxCachedWorkflows?: number;
  /** Activities and local activities each run at once (WORKER_MAX_CONCURRENT_ACTIVITIES). */
  maxConcurrentActivities?: number;
  /** Workflow tasks run at once (WORKER_MAX_CONCURRENT_WORKFLOW_TASKS; the SDK's default when unset). */
  maxConcurrentWorkflowTasks?: number;
}

export async function createWorker(setup: WorkerSetup): Promise<Worker> {
  const workflowBundle = setup.workflowBundle ?? (await bundleWorkflows());
  return Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    activities: createActivities(setup.deps),
    maxCachedWorkflows: setup.maxCachedWorkflows, // the SDK's default when unset
    maxConcurrentActivityTaskExecutions: setup.maxConcurrentActivities,
    maxConcurrentLocalActivityExecutions: setup.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: setup.maxConcurrentWorkflowTasks,
    // A workflow's next task waits this long on the sticky queue of the worker that ran its last
    // one before any worker may take it. After a SIGKILL the server keeps handing tasks to the dead
    // worker's sticky queue for 10 s (matching's sticky-poller-unavailable window, a constant), and
    // each waits this long there: a rung due then came 3 s late with the SDK's old setting here
    // (docs/benchmarks/README.md, "Where a rung's seconds go"). A task that waits longer on a live,
    // busy worker goes to the normal queue and is replayed from its whole history.
    stickyQueueScheduleToStartTimeout: STICKY_QUEUE_SCHEDULE_TO_START_TIMEOUT,
    interceptors: {
      activity: [requestContextActivityInterceptors],
      // The bundle has its workflow interceptors built in (WORKFLOW_BUNDLE_OPTIONS).
    },
    workflowBundle,
  });
}
