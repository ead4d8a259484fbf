import { webhookSignature } from '../../../functions/channels/webhook.js';
import { startFakePlatform } from './fake-platform.js';

/**
 * A webhook receiver that checks the signature and keeps the first delivery of each
 * `Idempotency-Key`, answering repeats with it.
 */
export async function startFakeWebhook(secret: string) {
  const deliveries = new Map<string, { id: string; url: string; body: Record<string, unknown> }>();
  const server = await startFakePlatform([
    {
      method: 'POST',
      path: /^\/hook$/,
      kind: 'publish',
      handle: (r) => {
        const timestamp = String(r.headers['x-brandflow-timestamp'] ?? '');
        if (r.headers['x-brandflow-signature'] !== webhookSignature(secret, timestamp, r.raw)) {
          return { status: 401, body: { message: 'bad signature' } };
        }
        const key = String(r.headers['idempotency-key'] ?? '');
        const earlier = deliveries.get(key);
        if (earlier) return { status: 200, body: { id: earlier.id, url: earlier.url } };
        const delivery = {
          id: `msg-${deliveries.size + 1}`,
          url: `https://chat.example/m/${deliveries.size + 1}`,
          body: r.body,
        };
        deliveries.set(key, delivery);
        return { status: 200, body: { id: delivery.id, url: delivery.url } };
      },
    },
  ]);
  return { server, posts: deliveries };
}
