import { createTransport } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The outbox message id: the e-mail's Message-ID, so a mail system can drop a re-sent copy. */
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface SmtpSettings {
  /** `smtp://user:pass@host:587` or `smtps://…:465`; otherwise host and port. */
  url?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  user?: string | undefined;
  password?: string | undefined;
  /** The sender, e.g. `Bộ phận Một cửa <motcua@example.gov.vn>`. */
  from: string;
}

/** An SMTP mailer (nodemailer, bounded timeouts so a stuck server cannot hold a batch). */
export function createSmtpMailer(settings: SmtpSettings): Mailer {
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
  const auth = settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {};
  const server = settings.url
    ? { url: settings.url }
    : { host: settings.host, port: settings.port ?? 587, secure: settings.port === 465, ...auth };
  const transport = createTransport({ ...server, ...timeouts }, { from: settings.from });
  const domain = settings.from.match(/@([^>\s]+)/)?.[1] ?? 'motcua.local';
  return {
    async send(mail) {
      await transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text, messageId: `<${mail.messageId}@${domain}>` });
    },
    close: () => transport.close(),
  };
}
