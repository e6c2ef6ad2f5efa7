// The worker's logs through pino: the Temporal Runtime's logger receives the SDK's lines, the
// Workflow and Activity `log` calls (with their log attributes: workflowId, activityType,
// requestId, ...) and the Core SDK's own lines (forwarded); this adapter writes them to pino.
import { IllegalStateError, type LogLevel, type LogMetadata, type Logger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Level, Logger as PinoLogger } from 'pino';
import { createLogger } from '../common/logger';

const PINO_LEVELS: Record<LogLevel, Level> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** A pino logger at LOG_LEVEL (default info): human lines in a terminal, JSON otherwise (common/logger.ts). */
export function createPinoLogger(level = process.env.LOG_LEVEL ?? 'info'): PinoLogger {
  return createLogger(level);
}

/** A Temporal Logger writing to `logger`; the SDK's `error` attribute is logged as pino's `err`. */
export function temporalLoggerFromPino(logger: PinoLogger): Logger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const pinoLevel = PINO_LEVELS[level] ?? 'info';
    if (!logger.isLevelEnabled(pinoLevel)) return;
    // String keys only (the SDK passes its timestamp under a symbol); an Error under `error` is serialized as `err`.
    const { error, ...fields } = (meta ?? {}) as Record<string, unknown>;
    if (error instanceof Error) fields.err = error;
    else if (error !== undefined) fields.error = error;
    logger[pinoLevel](fields, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

/**
 * Installs the Temporal Runtime (once per process) with `logger`, forwarding the Core SDK's own
 * lines (from `coreLevel`, default WARN) to it. Call before the first NativeConnection or Worker
 * is created. Returns false, changing nothing, if a Runtime is already installed or in use.
 */
export function installRuntimeLogger(logger: Logger, coreLevel: LogLevel = 'WARN'): boolean {
  try {
    Runtime.install({ logger, telemetryOptions: { logging: { forward: {}, filter: { core: coreLevel, other: 'ERROR' } } } });
    return true;
  } catch (err) {
    if (err instanceof IllegalStateError) return false; // a symbol-based check, safe across module copies
    throw err;
  }
}
