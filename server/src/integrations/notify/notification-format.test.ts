import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LifecycleEvent } from '../../events/lifecycle.js';
import { describeEvent, formatMessage } from './notification-format.js';

const event: LifecycleEvent = {
  id: '1234:0',
  type: 'file.imported',
  occurredAt: '2026-11-21T12:00:00.000Z',
  libraryId: 'lib',
  titleId: 'title',
  fileId: 'file',
  path: 'Movies/Heat (1995)/Heat (1995).mkv',
  data: { name: 'Heat', year: 1995 },
};
const now = new Date('2026-11-21T12:00:05.000Z');

describe('notification formats: the requests each service documents', () => {
  it('generic webhook: the event as JSON, signed over "<timestamp>.<body>" with the secret', () => {
    const m = formatMessage('WEBHOOK', 'https://hooks.example/marquee', 's3cret', event, 'd1', now);
    expect(JSON.parse(m.body)).toEqual(event);
    expect(m.headers).toMatchObject({ 'content-type': 'application/json', 'x-marquee-event': 'file.imported', 'x-marquee-delivery': 'd1', 'x-marquee-timestamp': String(now.getTime() / 1000) });
    const expected = createHmac('sha256', 's3cret').update(`${now.getTime() / 1000}.${m.body}`).digest('hex');
    expect(m.headers['x-marquee-signature']).toBe(`sha256=${expected}`);
    expect(formatMessage('WEBHOOK', 'https://hooks.example/marquee', null, event, 'd1', now).headers['x-marquee-signature']).toBeUndefined();
  });

  it('Discord webhook: JSON { content, username } posted to the webhook URL, content at most 2000 characters', () => {
    const m = formatMessage('DISCORD', 'https://discord.com/api/webhooks/1/abc', null, event, 'd1', now);
    expect(m.url).toBe('https://discord.com/api/webhooks/1/abc');
    expect(m.headers['content-type']).toBe('application/json');
    expect(JSON.parse(m.body)).toEqual({ content: 'Marquee: File imported — Movies/Heat (1995)/Heat (1995).mkv', username: 'Marquee' });
    const long = formatMessage('DISCORD', 'https://discord.com/api/webhooks/1/abc', null, { ...event, path: 'x'.repeat(5000) }, 'd1', now);
    expect((JSON.parse(long.body) as { content: string }).content).toHaveLength(2000);
  });

  it('Slack incoming webhook: JSON { text }', () => {
    const m = formatMessage('SLACK', 'https://hooks.slack.com/services/T/B/X', null, event, 'd1', now);
    expect(m.headers['content-type']).toBe('application/json');
    expect(JSON.parse(m.body)).toEqual({ text: describeEvent(event) });
  });

  it('ntfy: the message as the plain-text body to the topic URL, with Title and Tags headers and a Bearer token', () => {
    const m = formatMessage('NTFY', 'https://ntfy.sh/marquee', 'tk_abc', event, 'd1', now);
    expect(m.url).toBe('https://ntfy.sh/marquee');
    expect(m.body).toBe(describeEvent(event));
    expect(m.headers).toEqual({ 'content-type': 'text/plain', title: 'Marquee', tags: 'file,imported', authorization: 'Bearer tk_abc' });
    expect(formatMessage('NTFY', 'https://ntfy.sh/marquee', null, event, 'd1', now).headers.authorization).toBeUndefined();
  });

  it('Gotify: JSON { title, message, priority } to <server>/message with the app token in X-Gotify-Key', () => {
    const m = formatMessage('GOTIFY', 'https://gotify.example/', 'AbCdEf', event, 'd1', now);
    expect(m.url).toBe('https://gotify.example/message');
    expect(m.headers).toEqual({ 'content-type': 'application/json', 'x-gotify-key': 'AbCdEf' });
    expect(JSON.parse(m.body)).toEqual({ title: 'Marquee', message: describeEvent(event), priority: 5 });
  });

  it('describes events without a path by the title or the queue', () => {
    expect(describeEvent({ type: 'title.added', path: null, data: { name: 'Heat', year: 1995 } })).toBe('Marquee: Title added — Heat (1995)');
    expect(describeEvent({ type: 'phase.failed', path: null, data: { queue: 'scan-library' } })).toBe('Marquee: Phase failed — scan-library');
  });
});
