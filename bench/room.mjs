// The room server under a full workshop: PARTICIPANTS (200) simulated participants each sending
// 2 events a second for --seconds (60), over loopback only, against `meshwalk room` running in a
// child process. Reports ingest latency (POST /api/events until its ack) p50/p99, dashboard
// update lag (an event sent until a /api/stream state shows it) p50/p99 (goal ≤ 1 s), the
// server's peak RSS (goal ≤ 200 MiB) and lost events (must be 0: every acknowledged event must
// be in /api/state and in the log). Every event is a hint-used or why-used, so a row's
// hintsUsed + whyUsed is the number of its events the state already holds.
// Build first: npm run build. Run: node bench/room.mjs [--seconds N] [--participants N]
/* global fetch, AbortController, TextDecoder, performance, setTimeout, setInterval, clearInterval */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.env.MESHWALK_CLI ?? join(root, 'dist', 'cli.js');
const { values } = parseArgs({ options: { seconds: { type: 'string' }, participants: { type: 'string' } } });
const seconds = Number(values.seconds ?? 60);
const count = Number(values.participants ?? 200);
const PER_SECOND = 2;

const dir = mkdtempSync(join(tmpdir(), 'meshwalk-bench-room-'));
const server = spawn(process.execPath, [cli, 'room', '--port', '0', '--room-dir', join(dir, 'room')], {
  env: { ...process.env, MESHWALK_HOME: join(dir, 'home') },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let printed = '';
await new Promise((ready, failed) => {
  server.stdout.on('data', (d) => {
    printed += d;
    if (printed.includes('Stop with Ctrl-C.')) ready();
  });
  server.once('exit', (code) => failed(new Error(`meshwalk room exited ${code}`)));
});
const url = /listening on (http:\/\/\S+)/.exec(printed)[1];
const code = /--code (\S+)/.exec(printed)[1];
const key = /#key=(\S+)/.exec(printed)[1];

/** Peak RSS of the server, sampled every 100 ms from /proc (Linux) or ps. */
let peakRss = 0;
const rssOf = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  } catch {
    return 0;
  }
};
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(server.pid))), 100);

const post = (path, body, token) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

const people = [];
for (let i = 0; i < count; i++) {
  const r = await post('/api/join', { code, name: `participant ${String(i).padStart(3, '0')}` });
  const j = await r.json();
  if (!r.ok) throw new Error(`join ${i}: ${r.status} ${JSON.stringify(j)}`);
  people.push({ id: j.participant, token: j.token, seq: 0, sentAt: [], acked: 0, shown: 0 });
}
const byId = new Map(people.map((p) => [p.id, p]));

// The dashboard: fetch + Authorization, as the page reads it.
const lags = [];
let states = 0;
const abort = new AbortController();
const stream = (async () => {
  const res = await fetch(`${url}/api/stream`, { headers: { authorization: `Bearer ${key}` }, signal: abort.signal });
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body) {
      const arrived = performance.now();
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^event: state\ndata: (.*)$/s.exec(message)?.[1];
        if (!data) continue;
        states += 1;
        for (const row of JSON.parse(data).participants) {
          const p = byId.get(row.id);
          const n = row.hintsUsed + row.whyUsed;
          for (; p && p.shown < n; p.shown++) lags.push(arrived - p.sentAt[p.shown]);
        }
      }
    }
  } catch (err) {
    if (err.name !== 'AbortError') throw err;
  }
})();

const ingest = [];
let refused = 0;
const start = performance.now();
const end = start + seconds * 1000;
async function participant(p) {
  // Spread the participants over the first interval, then one event every 500 ms each.
  let next = start + Math.random() * (1000 / PER_SECOND);
  while (next < end) {
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    next += 1000 / PER_SECOND;
    p.seq += 1;
    const type = p.seq % 2 ? 'hint-used' : 'why-used';
    const event = { type, lesson: 'peer-authentication', step: 'strict-mtls', seq: p.seq, at: Date.now() };
    const sent = performance.now();
    p.sentAt.push(sent);
    const r = await post('/api/events', { events: [event] }, p.token);
    const j = await r.json();
    ingest.push(performance.now() - sent);
    if (r.ok) p.acked = j.ack;
    else refused += 1;
  }
}
await Promise.all(people.map(participant));
// Let the last throttled state arrive.
await new Promise((r) => setTimeout(r, 1500));
abort.abort();
await stream;
clearInterval(sampler);

const state = await (await fetch(`${url}/api/state`, { headers: { authorization: `Bearer ${key}` } })).json();
const sent = people.reduce((n, p) => n + p.seq, 0);
const acked = people.reduce((n, p) => n + p.acked, 0);
const inState = state.participants.reduce((n, r) => n + r.hintsUsed + r.whyUsed, 0);
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
const inLog = readFileSync(join(dir, 'room', 'events.jsonl'), 'utf8')
  .trimEnd()
  .split('\n').length;
rmSync(dir, { recursive: true, force: true });

const pct = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const ms = (x) => `${x.toFixed(1)} ms`;
const lost = sent - Math.min(acked, inState, inLog);
console.log(
  `room: ${count} participants x ${PER_SECOND} events/s for ${seconds} s (${sent} events, ${states} dashboard states)`,
);
console.log(`  ingest latency      p50 ${ms(pct(ingest, 0.5))}  p99 ${ms(pct(ingest, 0.99))}`);
console.log(`  dashboard lag       p50 ${ms(pct(lags, 0.5))}  p99 ${ms(pct(lags, 0.99))}  (goal ≤ 1000 ms)`);
console.log(`  server peak RSS     ${(peakRss / 2 ** 20).toFixed(1)} MiB  (goal ≤ 200 MiB)`);
console.log(`  sent ${sent}, acknowledged ${acked}, in /api/state ${inState}, in the log ${inLog}, refused ${refused}`);
console.log(`  lost events         ${lost}  (must be 0)`);
if (lost !== 0 || pct(lags, 0.99) > 1000 || peakRss > 200 * 2 ** 20) process.exitCode = 1;
