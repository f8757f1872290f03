// A workshop in miniature: a room server and three participants running `meshwalk run` on the
// simulated cluster. The server is SIGKILLed and restarted mid-run, and one participant starts
// while it is down. Afterwards every participant's events are in the room exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { rawText } from '../../scripts/raw-text.mjs';
import { parse } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queueDir } from '../../src/room/client/queue.js';
import type { RoomState } from '../../src/room/protocol.js';
import { until } from './fake-room.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');
// Bundled once, so a restart takes as long as node's start-up, as `meshwalk room` would.
const serverChild = join(mkdtempSync(join(tmpdir(), 'mw-room-server-')), 'room-server.mjs');
beforeAll(async () => {
  await build({
    entryPoints: [join(import.meta.dirname, 'room-server-child.ts')],
    outfile: serverChild,
    bundle: true,
    platform: 'node',
    format: 'esm',
    plugins: [rawText],
  });
});
const LESSON = 'into-the-mesh';
const lessonYaml = parse(readFileSync(join(import.meta.dirname, `../../lessons/01-${LESSON}.yaml`), 'utf8')) as {
  id: string;
  title: string;
  steps: { id: string; title: string }[];
};
const lessonSteps = lessonYaml.steps.length;
const lessonsFile = join(mkdtempSync(join(tmpdir(), 'mw-room-lessons-')), 'lessons.json');
writeFileSync(
  lessonsFile,
  JSON.stringify([{ ...lessonYaml, steps: lessonYaml.steps.map(({ id, title }) => ({ id, title })) }]),
);

interface Server {
  child: ChildProcess;
  url: string;
  port: number;
  code: string;
  key: string;
}
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function startServer(dir: string, port: number): Promise<Server> {
  const child = spawn(process.execPath, [serverChild, dir, String(port), lessonsFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  return new Promise((resolveStart, reject) => {
    child.once('exit', (code) => reject(new Error(`room server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolveStart({ child, ...(JSON.parse(line) as Omit<Server, 'child'>) }),
    );
  });
}

function kill(s: Server): Promise<void> {
  return new Promise((r) => {
    s.child.once('exit', () => r());
    s.child.kill('SIGKILL');
  });
}

/** One participant's `meshwalk run`; resolves with its exit code and output. */
function participant(home: string, name: string, s: { url: string; code: string }) {
  const args = [cli, 'run', LESSON, '--yes', '--cluster', 'sim', '--room', s.url, '--code', s.code, '--name', name];
  const child = spawn(process.execPath, args, { env: { ...process.env, MESHWALK_HOME: home }, stdio: 'pipe' });
  children.add(child);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise<{ code: number | null; out: string }>((r) => child.on('exit', (code) => r({ code, out })));
}

async function get<T>(s: { url: string; key: string }, path: string): Promise<T> {
  const res = await fetch(new URL(path, s.url), { headers: { authorization: `Bearer ${s.key}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

type Row = { participant: string; name: string; seq: number; type: string; step?: string };
const stored = async (s: Server) => get<Row[]>(s, '/api/export?format=json');
const queueOf = (home: string, s: Server) => queueDir(home, `${s.url}/`, s.code);
const pendingLines = (home: string, s: Server) => {
  const f = join(queueOf(home, s), 'events.jsonl');
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).length : 0;
};

it('a room server killed mid-run and a participant that starts offline: nothing lost, nothing twice', async () => {
  const roomDir = mkdtempSync(join(tmpdir(), 'mw-room-e2e-'));
  let server = await startServer(roomDir, 0);
  const homes = Object.fromEntries(['ada', 'bob', 'cy'].map((n) => [n, mkdtempSync(join(tmpdir(), `mw-${n}-`))]));

  const ada = participant(homes.ada!, 'ada', server);
  const bob = participant(homes.bob!, 'bob', server);
  // Mid-run: both have reported something and are still going.
  await until(async () => new Set((await stored(server)).map((r) => r.name)).size === 2, 'first events of ada and bob');
  await kill(server);
  // cy starts while the room is down, and queues.
  const cy = participant(homes.cy!, 'cy', server);
  await until(() => pendingLines(homes.cy!, server) > 0, 'cy queues while the room is down');
  server = await startServer(roomDir, server.port);
  const results = await Promise.all([ada, bob, cy]);
  for (const r of results) expect(r.code, r.out).toBe(0);

  // Whatever did not go within a run's 2 s goodbye goes at the next start (a second run).
  for (const [name, home] of Object.entries(homes)) {
    if (pendingLines(home, server) === 0) continue;
    const again = await participant(home, name, server);
    expect(again.code, again.out).toBe(0);
  }

  const rows = await stored(server);
  const perRun = 2 + 2 * lessonSteps; // lesson-opened, started+passed per step, lesson-finished
  for (const [name, home] of Object.entries(homes)) {
    const mine = rows.filter((r) => r.name === name);
    const sent = JSON.parse(readFileSync(join(queueOf(home, server), 'sent.json'), 'utf8')) as { lastSeq: number };
    // Every seq the participant gave, once, in order; nothing left in its queue.
    expect(
      mine.map((r) => r.seq),
      name,
    ).toEqual(Array.from({ length: sent.lastSeq }, (_, i) => i + 1));
    expect(pendingLines(home, server), name).toBe(0);
    expect(mine.length % perRun, name).toBe(0);
    expect(mine.filter((r) => r.type === 'step-passed').length, name).toBe((mine.length / perRun) * lessonSteps);
    expect(new Set(mine.map((r) => r.participant)).size, `${name} kept one identity`).toBe(1);
  }
  const state = await get<RoomState>(server, `/api/state?lesson=${LESSON}`);
  expect(state.participants.map((p) => p.name).sort()).toEqual(['ada', 'bob', 'cy']);
  for (const p of state.participants)
    expect(
      Object.values(p.cells).every((c) => c === 'passed'),
      p.name,
    ).toBe(true);
  await kill(server);
}, 90_000);
