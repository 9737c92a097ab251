import { createServer, type Server } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../temporal-config/free-port';

// Real receivers for the outbox tests: an HTTP endpoint that can be down, failing or up, and an SMTP server.

export interface ReceivedRequest {
  messageId: string;
  signature: string | undefined;
  eventType: string | undefined;
  body: string;
  /** What the receiver answered. */
  status: number;
}

export type ReceiverMode = 'down' | 'failing' | 'up';

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** `down`: nothing listens (connection refused); `failing`: reads the delivery, answers 500; `up`: answers 204. */
  setMode(mode: ReceiverMode): Promise<void>;
  close(): Promise<void>;
}

/** A webhook receiver on a free loopback port; it starts down. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const port = await freePort();
  const requests: ReceivedRequest[] = [];
  let mode: ReceiverMode = 'down';
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const status = mode === 'up' ? 204 : 500;
          requests.push({
            messageId: String(request.headers['motcua-message-id']),
            signature: request.headers['motcua-signature'] as string | undefined,
            eventType: request.headers['motcua-event-type'] as string | undefined,
            body: Buffer.concat(chunks).toString('utf8'),
            status,
          });
          response.writeHead(status).end();
        });
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const stop = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  return {
    url: `http://127.0.0.1:${port}/hooks/motcua`,
    requests,
    async setMode(next) {
      if (next === 'down' && server) {
        server.closeAllConnections();
        await stop();
        server = undefined;
      }
      if (next !== 'down' && !server) await listen();
      mode = next;
    },
    async close() {
      server?.closeAllConnections();
      await stop();
    },
  };
}

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}

export interface MailReceiver {
  port: number;
  url: string;
  mails: ReceivedMail[];
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) on a free loopback port, plain text, no auth; parses what it receives. Starts stopped. */
export async function mailReceiver(): Promise<MailReceiver> {
  const port = await freePort();
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          const to = [parsed.to ?? []].flat().flatMap((address) => address.value.map((v) => v.address ?? ''));
          mails.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', messageId: parsed.messageId ?? '' });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  let started = false;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    start: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          started = true;
          resolve();
        });
      }),
    close: () => new Promise<void>((resolve) => (started ? server.close(() => resolve()) : resolve())),
  };
}
