// The SMTP transport (nodemailer), from the environment's SMTP_* settings.
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../common/config';

export function createMailTransport(config: Pick<AppConfig, 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASSWORD'>): Transporter {
  return nodemailer.createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    // A local catcher offers no TLS; a production relay that does will be used with STARTTLS.
    ignoreTLS: !config.SMTP_SECURE && !config.SMTP_USER,
    auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
    pool: true,
    maxConnections: 5,
    // A relay that does not answer is given up on within seconds, not minutes: the attempt fails
    // and is retried, and a send never outlives its claim in the notification log (SEND_IN_FLIGHT_MS).
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 10_000,
  });
}
