import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../lib/logger.js';
import { verify } from '../lib/webhooks.js';

export interface DemoReceiver {
  url: string;
  /** Set once the demo's rule exists, so deliveries can be verified. */
  secret?: string;
  close(): Promise<void>;
}

/** A webhook receiver on loopback that logs each alert and whether its signature verifies. */
export async function startDemoReceiver(log: Logger): Promise<DemoReceiver> {
  const rlog = log.child({ component: 'demo-receiver' });
  const receiver: DemoReceiver = { url: '', close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const h = {
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
      };
      const signed = receiver.secret ? verify(receiver.secret, h, body) : false;
      let summary: Record<string, unknown> = {};
      try {
        const p = JSON.parse(body) as {
          type?: string;
          data?: { placements?: { provider: string; region: string; instanceType: string }[] };
        };
        summary = { type: p.type, placements: p.data?.placements?.slice(0, 3).map((x) => `${x.provider} ${x.region} ${x.instanceType}`) };
      } catch {
        summary = { body: body.slice(0, 200) };
      }
      rlog.info({ webhookId: h.id, signatureValid: signed, ...summary }, 'DEMO receiver got a webhook');
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gpu-radar`;
  receiver.close = () => new Promise<void>((r) => server.close(() => r()));
  return receiver;
}
