// `meshwalk shell --room`: the built CLI against the real room server, in this process. The shell
// reports the step it opens on and nothing of what runs in it; a locked lesson does not open; a
// room that does not answer gets the events later, from the queue on disk.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { queueDir } from '../../src/room/client/queue.js';
import { baseEnv, CLI, tmp } from '../commands/shell-run.js';
import { startTestRoom, tempRoomDir } from './room-server-helpers.js';

const LESSONS = [
  { id: 'peer-authentication', title: 'Peer authentication', steps: [{ id: 'fix-selector', title: 'Fix it' }] },
  { id: 'into-the-mesh', title: 'Into the mesh', steps: [{ id: 'create-namespaces', title: 'Namespaces' }] },
];
const SH = '/bin/sh';

type TestRoom = Awaited<ReturnType<typeof startTestRoom>>;
const rooms: TestRoom[] = [];
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((r) => r.server.close()));
});
async function room(dir = tempRoomDir(), port = 0): Promise<TestRoom> {
  const r = await startTestRoom({ dir, port, lessons: LESSONS });
  rooms.push(r);
  return r;
}

/** The built `meshwalk shell` with a script on stdin; asynchronous, so the room in this process answers meanwhile. */
function shell(args: string[], script: string, home: string) {
  const child = spawn(process.execPath, [CLI, 'shell', ...args], {
    env: baseEnv({ MESHWALK_HOME: home, SHELL: SH }),
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(script);
  return new Promise<{ exitCode: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr })),
  );
}

const joinArgs = (url: string, code: string, name = 'ada') => ['--room', url, '--code', code, '--name', name];
const exported = async (r: TestRoom) => (await r.call('/api/export?format=json', { auth: r.server.key })).json;

describe('meshwalk shell in a room', () => {
  test('reports the step it opens on, and nothing that ran in the shell', async () => {
    const r = await room();
    const home = tmp('mw-shell-room-');
    const script = [
      'echo "secret-output-marker"',
      'TOKEN=$(meshwalk token --sub alice)',
      'echo "token=$TOKEN"',
      'kubectl get ns does-not-exist-marker',
      'exit 3',
    ].join('\n');
    const args = ['peer-authentication', '--step', 'fix-selector', '--cluster', 'sim'];
    const s = await shell([...args, ...joinArgs(r.server.url, r.server.code)], script, home);
    expect(s.exitCode, s.stderr).toBe(3);
    expect(s.stderr).toContain(`room: connected (${r.server.url}/, as ada)`);
    const token = /^token=(.+)$/m.exec(s.stdout)?.[1];
    expect(token).toMatch(/^eyJ/);

    const rows = await exported(r);
    expect(
      rows.map(({ name, seq, type, lesson, step }: Record<string, unknown>) => ({ name, seq, type, lesson, step })),
    ).toEqual([{ name: 'ada', seq: 1, type: 'step-started', lesson: 'peer-authentication', step: 'fix-selector' }]);
    const everything = JSON.stringify(rows) + (await r.state()).text;
    for (const never of ['secret-output-marker', 'does-not-exist-marker', token as string])
      expect(everything).not.toContain(never);
    const row = (await r.state('?lesson=peer-authentication')).json.participants[0];
    expect(row).toMatchObject({ name: 'ada', lesson: 'peer-authentication', step: 'fix-selector' });
    expect(row.cells['fix-selector']).toBe('running');
    // Delivered before meshwalk exited: nothing waits in the queue.
    const queued = join(queueDir(home, `${r.server.url}/`, r.server.code), 'events.jsonl');
    expect(existsSync(queued) ? readFileSync(queued, 'utf8') : '').toBe('');
  });

  test("prints the instructor's broadcast as a Room: line, and refuses a lesson that is not unlocked", async () => {
    const r = await room();
    const steer = (body: unknown) => r.call('/api/steer', { body, auth: r.server.key });
    expect((await steer({ action: 'broadcast', text: 'Break until 11:00' })).status).toBe(200);
    const home = tmp('mw-shell-room-');
    const open = await shell(['into-the-mesh', '--cluster', 'sim', ...joinArgs(r.server.url, r.server.code)], '', home);
    expect(open.exitCode, open.stderr).toBe(0);
    expect(open.stderr).toContain('\nRoom: Break until 11:00\n');

    await steer({ action: 'pace', paced: true });
    await steer({ action: 'unlock', lesson: 'into-the-mesh' });
    const args = ['peer-authentication', '--cluster', 'sim', ...joinArgs(r.server.url, r.server.code)];
    const locked = await shell(args, 'echo "ran=yes"\n', home);
    expect(locked.exitCode).toBe(2);
    expect(locked.stdout).toBe('');
    expect(locked.stderr).toBe(
      'meshwalk shell: the instructor has not unlocked peer-authentication yet (open now: into-the-mesh)\n',
    );
    expect((await exported(r)).map((e: { lesson: string }) => e.lesson)).toEqual(['into-the-mesh']);
  });

  test('a room that does not answer: the shell still opens, and the queued event goes at the next join', async () => {
    const dir = tempRoomDir();
    const first = await room(dir);
    const { url, code, port } = first.server;
    await first.server.close();
    const home = tmp('mw-shell-room-');
    const args = ['into-the-mesh', '--cluster', 'sim', ...joinArgs(url, code)];
    const offline = await shell(args, 'echo "ran=yes"\n', home);
    expect(offline.exitCode, offline.stderr).toBe(0);
    expect(offline.stdout).toContain('ran=yes');
    expect(offline.stderr).toContain('meshwalk: room: the room is not reachable (connection refused)\n');
    expect(offline.stderr).toContain(`room: offline (${url}/, as ada); events wait on disk until it answers\n`);
    expect(offline.stderr).toContain(
      'meshwalk: room: 1 event(s) wait on disk; they go the next time you join this room.\n',
    );

    const again = await room(dir, port);
    const online = await shell(args, '', home);
    expect(online.exitCode, online.stderr).toBe(0);
    const rows = await exported(again);
    expect(rows.map((e: { seq: number; type: string }) => [e.seq, e.type])).toEqual([
      [1, 'step-started'],
      [2, 'step-started'],
    ]);
  });
});
