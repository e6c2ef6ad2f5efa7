// The running activity's logger (`log` of @temporalio/activity: its lines carry the activity's
// attributes and the request id, see worker/activity-interceptors.ts). The functions of this
// directory are also called outside any activity (tests, scripts): there they log nothing.
import { Context } from '@temporalio/activity';
import type { Logger } from '@temporalio/common';

const noop = () => undefined;
const silent: Logger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

export function activityLog(): Logger {
  try {
    return Context.current().log;
  } catch {
    return silent; // not in an activity
  }
}
