// Temporal's own logs at WARN and above, so test output shows the tests; and, for a test that
// reads them, every record the Runtime's logger receives (the worker's, the workflows' and the
// activities' log lines). Call before the first native connection of a test file (the Runtime is
// per process — per test file under jest's module registry — and installed once).
import type { Logger, LogLevel, LogMetadata } from '@temporalio/common';
import { DefaultLogger } from '@temporalio/worker';
import { installRuntimeLogger } from '../../worker/logging';

const warnings = new DefaultLogger('WARN');
const listeners = new Set<Logger>();
let installed: boolean | undefined;

const tee = (level: LogLevel, message: string, meta?: LogMetadata) => {
  warnings.log(level, message, meta);
  for (const l of listeners) l.log(level, message, meta);
};
const runtimeLogger: Logger = {
  log: tee,
  trace: (message, meta) => tee('TRACE', message, meta),
  debug: (message, meta) => tee('DEBUG', message, meta),
  info: (message, meta) => tee('INFO', message, meta),
  warn: (message, meta) => tee('WARN', message, meta),
  error: (message, meta) => tee('ERROR', message, meta),
};

export function quietTemporalLogs(): void {
  installed ??= installRuntimeLogger(runtimeLogger, 'ERROR');
}

/**
 * Sends every record of the Runtime's logger to `logger` too, until the returned function is
 * called. Throws if the Runtime was installed by someone else (the records would not arrive).
 */
export function listenToTemporalLogs(logger: Logger): () => void {
  quietTemporalLogs();
  if (!installed) throw new Error('the Temporal Runtime was installed before quietTemporalLogs(): its logs cannot be captured');
  listeners.add(logger);
  return () => listeners.delete(logger);
}
