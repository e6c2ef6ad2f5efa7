// The processes' logger (pino). In a terminal, one human line per event (pino-pretty): a request
// is `GET /api/hazards 200 12 ms`, never its headers; elsewhere (a pipe, a container, a log
// collector) or with NODE_ENV=production, one JSON object per line. LOG_FORMAT (pretty|json)
// overrides the choice. See docs/configuration.md.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'pretty' | 'json';

/** pretty in an interactive terminal unless NODE_ENV=production; LOG_FORMAT wins. */
export function logFormat(env: NodeJS.ProcessEnv = process.env, isTTY = Boolean(process.stdout.isTTY)): LogFormat {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  return isTTY && env.NODE_ENV !== 'production' ? 'pretty' : 'json';
}

type Line = Record<string, unknown> & { req?: { method?: string; url?: string }; res?: { statusCode?: number }; responseTime?: number };

/** A request's line in a terminal: method, URL, status, time; any other message as it is. */
export function humanMessage(log: Line, messageKey: string): string {
  const message = log[messageKey];
  const msg = typeof message === 'string' ? message : message === undefined || message === null ? '' : JSON.stringify(message);
  if (log.req && log.res) {
    const ms = typeof log.responseTime === 'number' ? ` ${Math.round(log.responseTime)} ms` : '';
    return `${log.req.method ?? ''} ${log.req.url ?? ''} ${log.res.statusCode ?? ''}${ms}${log.err ? ` ${msg}` : ''}`;
  }
  return msg;
}

/** The pino-pretty stream of a terminal: local time, one line, no pid/hostname, requests shortened. */
export function prettyStream(destination: NodeJS.WritableStream | number = 1) {
  return pretty({
    destination,
    colorize: typeof destination === 'number' ? Boolean(process.stdout.isTTY) : false,
    translateTime: 'SYS:HH:MM:ss',
    singleLine: true,
    ignore: 'pid,hostname,req,res,responseTime,reqId,requestId,sdkComponent,taskQueue,namespace,runId,workflowType,attempt,activityId,taskToken',
    messageFormat: (log, messageKey) => humanMessage(log, messageKey),
    sync: true,
  });
}

/** A pino logger at LOG_LEVEL (default info), pretty or JSON on stdout as logFormat() says. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', format: LogFormat = logFormat()): Logger {
  return format === 'pretty' ? pino({ level }, prettyStream()) : pino({ level });
}
