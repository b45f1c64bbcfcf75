import { createHmac } from 'node:crypto';
import type { NotificationKind } from '@marquee/read-models';
import type { LifecycleEvent } from '../../events/lifecycle.js';

export interface OutgoingMessage {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** One line for chat-style targets. */
export function describeEvent(e: Pick<LifecycleEvent, 'type' | 'path' | 'data'>): string {
  const d = e.data as Record<string, unknown>;
  const name = typeof d.name === 'string' ? `${d.name}${typeof d.year === 'number' ? ` (${d.year})` : ''}` : null;
  const what = e.path ?? name ?? (typeof d.queue === 'string' ? d.queue : typeof d.message === 'string' ? d.message : '');
  const label = e.type.replace('.', ' ');
  return `Marquee: ${label.charAt(0).toUpperCase()}${label.slice(1)}${what ? ` — ${what}` : ''}`;
}

/**
 * The generic webhook's signature: hex HMAC-SHA256 over `<timestamp>.<body>` with the target's
 * secret, sent as `X-Marquee-Signature: sha256=<hex>` beside `X-Marquee-Timestamp` (seconds), so a
 * receiver can refuse replays of old bodies.
 */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The HTTP request a target kind expects for an event. */
export function formatMessage(kind: NotificationKind, url: string, secret: string | null, event: LifecycleEvent, deliveryId: string, now = new Date()): OutgoingMessage {
  const text = describeEvent(event);
  switch (kind) {
    case 'WEBHOOK': {
      const body = JSON.stringify(event);
      const timestamp = String(Math.floor(now.getTime() / 1000));
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-marquee-event': event.type, 'x-marquee-delivery': deliveryId, 'x-marquee-timestamp': timestamp };
      if (secret) headers['x-marquee-signature'] = signature(secret, timestamp, body);
      return { url, headers, body };
    }
    case 'DISCORD':
      // Discord refuses a message whose content passes 2000 characters.
      return { url, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: text.length > 2000 ? `${text.slice(0, 1999)}…` : text, username: 'Marquee' }) };
    case 'SLACK':
      return { url, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) };
    case 'NTFY':
      return { url, headers: { 'content-type': 'text/plain', title: 'Marquee', tags: event.type.replace('.', ','), ...(secret ? { authorization: `Bearer ${secret}` } : {}) }, body: text };
    case 'GOTIFY':
      return { url: url.replace(/\/+$/, '') + '/message', headers: { 'content-type': 'application/json', ...(secret ? { 'x-gotify-key': secret } : {}) }, body: JSON.stringify({ title: 'Marquee', message: text, priority: 5 }) };
  }
}
