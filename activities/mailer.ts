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
  });
}
