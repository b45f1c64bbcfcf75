// One share of the fan-out benchmark's graphql-ws subscribers, in its own process so the load
// generator does not become the bottleneck it measures (one process receiving every socket's frames
// queues them behind each other, and that queueing would be counted as Marquee's latency).
// The parent sends { start }, this process opens COUNT subscriptions to jobRunChanged and says
// { ready }; on { stop } it replies { latencies, received } and exits. Each latency is taken when a
// frame arrives, before anything else is done with it.
import WebSocket from 'ws';

const { URL_WS, TOKEN, COUNT } = process.env;
const latencies = [];
let received = 0;
const sockets = [];

function open() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(URL_WS, 'graphql-transport-ws');
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${TOKEN}` } })));
    ws.on('message', (raw) => {
      const at = Date.now();
      const msg = JSON.parse(raw.toString());
      if (msg.type === 'connection_ack') {
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { jobRunChanged { message } }' } }));
        setTimeout(() => resolve(ws), 50);
      } else if (msg.type === 'next') {
        const sent = Number(msg.payload.data.jobRunChanged.message);
        if (Number.isFinite(sent)) latencies.push(at - sent);
        received++;
      }
    });
    ws.on('error', reject);
  });
}

process.on('message', async (msg) => {
  if (msg.start) {
    for (let i = 0; i < Number(COUNT); i++) {
      sockets.push(open());
      if (i % 200 === 199) await Promise.all(sockets.slice(-200));
    }
    await Promise.all(sockets);
    process.send({ ready: true });
  } else if (msg.stop) {
    process.send({ latencies, received }, () => {
      for (const s of sockets) s.then((ws) => ws.terminate());
      setTimeout(() => process.exit(0), 200);
    });
  }
});
