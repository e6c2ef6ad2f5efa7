// Configuration from the environment, validated once. Every variable is listed in docs/configuration.md.
import { z } from 'zod';
import type { CampaignPolicy } from './campaign';
import type { HazardPolicy } from './hazard';
import { duration, reminderOffset } from './schema-primitives';
import { DEFAULT_TIME_ZONE, isTimeZone } from './time';
/** Reminder offsets, comma-separated: each within the API's bounds (PT1S to P90D, DURATION_BOUNDS). */
const durationList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(reminderOffset));

/** The validated configuration; `npm run env:example` writes .env.example from it (each key's doc comment, its default). */
export const configSchema = z.object({
  /** PostgreSQL connection string; required by the API and the worker (`npm start` runs an embedded PostgreSQL when unset). */
  DATABASE_URL: z.string().optional(),
  /** The Temporal frontend (host:port, gRPC). */
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  /** The Temporal namespace of the workflows. */
  TEMPORAL_NAMESPACE: z.string().default('default'),
  /** The task queue the worker polls and the API starts workflows on. */
  TEMPORAL_TASK_QUEUE: z.string().default('campus-safety'),
  /** The mail relay (`npm start` points it at its mail catcher). */
  SMTP_HOST: z.string().default('127.0.0.1'),
  /** The mail relay's port. */
  SMTP_PORT: z.coerce.number().int().positive().default(1025),
  /** true for implicit TLS (port 465); otherwise STARTTLS when the relay offers it and a user is set. */
  SMTP_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** The relay's user name, if it requires one. */
  SMTP_USER: z.string().optional(),
  /** The relay user's password. */
  SMTP_PASSWORD: z.string().optional(),
  /** The sender of every mail. */
  MAIL_FROM: z.string().default('护校安园专项行动 <noreply@campus-safety.local>'),
  /** The one time zone: mails, pages, CSV, and the default of each campaign's calendar (dates, months, "N日前"). */
  DISPLAY_TIME_ZONE: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai').default(DEFAULT_TIME_ZONE),
  /** The port the API (and the web app it serves) listens on. */
  API_PORT: z.coerce.number().int().min(0).default(3000),
  /** The address the API listens on. */
  API_HOST: z.string().default('127.0.0.1'),
  /** The web app's address: mails link to their page there; https makes session cookies Secure. */
  PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  /** Requests per minute per API key, one count for all API replicas (kept in PostgreSQL). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Failed authentications per minute per client address; over it, 429 before any key look-up. */
  API_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** How long a verified key is still accepted while the database cannot be reached (0: not at all). */
  API_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).default(60_000),
  /** The budget of a request's Temporal calls; over it, 503 with Retry-After. */
  API_TEMPORAL_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Signs the mail links (HMAC-SHA256); at least 32 characters. Without it mails carry no sign-in link. */
  LINK_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters').optional()),
  /** How long a mail's link signs in. */
  LINK_TTL: duration.default('P14D'),
  /** How long a session opened by a mail link lasts (never past the link's expiry). */
  LINK_SESSION_TTL: duration.default('PT8H'),
  /** How long an account's session lasts. */
  SESSION_TTL: duration.default('PT12H'),
  /** Secure cookies; default: when PUBLIC_URL is https. */
  SESSION_COOKIE_SECURE: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['true', 'false']).optional()),
  /** Where uploaded photos go: a folder (default DATA_DIR/uploads), or S3 when S3_BUCKET is set. */
  UPLOAD_DIR: z.string().optional(),
  /** The largest photo accepted, in bytes. */
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Photos in an S3-compatible store, in this bucket (objects uploads/<id> and uploads/<id>.thumb), instead of UPLOAD_DIR. */
  S3_BUCKET: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** The S3-compatible store's endpoint (unset: AWS). */
  S3_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** The S3 region. */
  S3_REGION: z.string().default('us-east-1'),
  /** The S3 access key (unset: the SDK's default credentials). */
  S3_ACCESS_KEY_ID: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** The S3 access key's secret. */
  S3_SECRET_ACCESS_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** Path-style S3 URLs (bucket in the path), as MinIO and most local stores need. */
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Where state lives: the API's default photo folder (uploads/ under it); `npm start` keeps PostgreSQL, Temporal and mail there. */
  DATA_DIR: z.string().default('data'),
  /** The built web app (vite build output). */
  WEB_DIST_DIR: z.string().optional(),
  /** Reminders before a hazard's deadline (ISO 8601 durations, comma-separated). */
  HAZARD_REMINDER_OFFSETS: durationList.default(['P3D', 'P1D']),
  /** After a hazard's deadline, how long before it goes up: deadline → bureau, bureau → government. */
  HAZARD_OVERDUE_GRACE: duration.default('P3D'),
  /** The deadline of a hazard under listed supervision (挂牌督办). */
  HAZARD_GOVERNMENT_DEADLINE: duration.default('P15D'),
  /** After a hazard is written off (销号), when its look-back (回头看) is due. */
  HAZARD_LOOK_BACK_AFTER: duration.default('P30D'),
  /** A hazard's rectification deadline when none is given. */
  HAZARD_RECTIFICATION_PERIOD: duration.default('P7D'),
  /** Reminders before a report is due and before a phase closes (ISO 8601 durations, comma-separated). */
  CAMPAIGN_REMINDER_OFFSETS: durationList.default(['P3D', 'P1D']),
  /** After a report's deadline, how long before it goes up to the lead office (领导小组办公室). */
  CAMPAIGN_OVERDUE_GRACE: duration.default('P3D'),
  /** How campaigns read "N日前" unless one says otherwise: inclusive (due 24:00 of the Nth) or exclusive. */
  CAMPAIGN_DEADLINE_READING: z.enum(['inclusive', 'exclusive']).default('inclusive'),
  /**
   * Workflows a worker keeps in memory between their tasks. Hazards sleep for days between
   * timers; one evicted from the cache is replayed from its (short) history when it wakes. The
   * SDK's default, sized on the main heap, let the workflow thread run out of memory with 5,000
   * live hazards on one worker.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(500),
  /**
   * Activities (and, apart, local activities) a worker runs at once. They share the worker's one
   * event loop and the database pool; more at once only lengthen the queue that every workflow
   * task's answer waits in (the SDK's default is 100).
   */
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive().default(20),
  /** Workflow tasks a worker runs at once (a task waits for its outbox batch's local activity). SDK default 40. */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).optional(),
  /**
   * How long a process reuses a directory look-up (a school, a department, a jurisdiction) for its
   * mails and report checks; 0: never. An edit through the API in the same process is seen at once.
   */
  DIRECTORY_CACHE_TTL_MS: z.coerce.number().int().min(0).default(1000),
  /** Notice channels (docs/channels.md): messages a group robot is sent per minute at most (the providers allow 20). */
  CHANNEL_ROBOT_PER_MINUTE: z.coerce.number().int().min(1).max(20).default(18),
  /** SMS per mobile number per minute at most; more notices to the number meanwhile go as one digest SMS. */
  CHANNEL_SMS_PER_MINUTE: z.coerce.number().int().min(1).default(1),
  /** How often the channel dispatcher looks for notices to send (ms). */
  CHANNEL_POLL_MS: z.coerce.number().int().positive().default(1000),
  /** After a provider failed (down, refused), how long its target waits before the next attempt (ms). */
  CHANNEL_RETRY_MS: z.coerce.number().int().positive().default(5000),
  /** How long a 钉钉 robot that answered 130101 (over its quota) is left alone: the provider's 10 minutes. */
  CHANNEL_THROTTLE_MS: z.coerce.number().int().positive().default(600_000),
  /** The Alibaba Cloud SendSms endpoint. */
  SMS_ENDPOINT: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).default('https://dysmsapi.aliyuncs.com/'),
  /** The Alibaba Cloud AccessKey that signs SendSms; without it no SMS is sent. */
  SMS_ACCESS_KEY_ID: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** The AccessKey's secret. */
  SMS_ACCESS_KEY_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** The approved SMS sign name (短信签名). */
  SMS_SIGN_NAME: z.string().default('护校安园'),
  /** The approved template code of a notice SMS. */
  SMS_TEMPLATE_NOTICE: z.string().default('SMS_CS_NOTICE'),
  /** The approved template code of a digest SMS (several notices in one). */
  SMS_TEMPLATE_DIGEST: z.string().default('SMS_CS_DIGEST'),
  /** An SMS waits for working hours (domain/working-hours.ts); false sends at any hour (tests). */
  SMS_WORKING_HOURS_ONLY: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * 工作时间: a rung's notice (reminder, overdue notice, escalation, 挂牌督办, 通报) due outside
   * 08:30–18:00 local is sent at the next 08:30 (domain/working-hours.ts); false sends at any hour
   * (the tests' compressed deadlines).
   */
  NOTICES_WORKING_HOURS_ONLY: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** How often each worker looks for held notices now due (ms). */
  HELD_NOTICE_POLL_MS: z.coerce.number().int().positive().default(5000),
  /** PostgreSQL connections a process keeps at most (node-postgres' default 10). */
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().optional(),
});

export type AppConfig = z.infer<typeof configSchema> & { hazardPolicy: HazardPolicy; campaignPolicy: CampaignPolicy };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    hazardPolicy: {
      reminderOffsets: c.HAZARD_REMINDER_OFFSETS,
      overdueGrace: c.HAZARD_OVERDUE_GRACE,
      governmentDeadline: c.HAZARD_GOVERNMENT_DEADLINE,
      lookBackAfter: c.HAZARD_LOOK_BACK_AFTER,
      rectificationPeriod: c.HAZARD_RECTIFICATION_PERIOD,
      timeZone: c.DISPLAY_TIME_ZONE,
    },
    campaignPolicy: { reminderOffsets: c.CAMPAIGN_REMINDER_OFFSETS, overdueGrace: c.CAMPAIGN_OVERDUE_GRACE, timeZone: c.DISPLAY_TIME_ZONE, deadlineReading: c.CAMPAIGN_DEADLINE_READING },
  };
}
