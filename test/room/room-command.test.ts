import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { meshwalk as inProcess } from '../support/meshwalk.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');
const home = () => mkdtempSync(join(tmpdir(), 'meshwalk-room-cli-'));

/** A `meshwalk room` subcommand or flag check, in this process; the room server itself is a child (startRoom). */
function meshwalk(args: string[], env: Record<string, string>) {
  return inProcess(args, { env: { ...process.env, ...env } });
}

/** Starts `meshwalk room`, waits for its "Stop with Ctrl-C." line, and returns what it printed. */
function startRoom(args: string[], env: Record<string, string>, nodeArgs: string[] = []) {
  const child = spawn(process.execPath, [...nodeArgs, cli, 'room', ...args], { env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((done, failed) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Stop with Ctrl-C.')) done();
    });
    child.once('exit', (code) => failed(new Error(`meshwalk room exited ${code}: ${err}`)));
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, ready, exited, out: () => out, err: () => err };
}

describe('meshwalk room (the built CLI)', () => {
  it('--help names every flag, the threat model and the exit codes', async () => {
    const r = await meshwalk(['room', '--help'], { MESHWALK_HOME: home() });
    expect(r.status).toBe(0);
    for (const word of [
      '--port',
      '--host',
      '--stuck-minutes',
      '--stuck-failures',
      '--csv',
      '--json',
      '--out',
      'suggest-reset',
    ])
      expect(r.stdout).toContain(word);
    expect(r.stdout).toMatch(/Who can do what/);
    expect(r.stdout).toMatch(/What is stored where/);
    expect(r.stdout).toMatch(/Exit codes: 0/);
  });

  it('prints the join line and the dashboard URL, answers the subcommands, and stops cleanly on SIGTERM', async () => {
    const env = { MESHWALK_HOME: home() };
    const room = startRoom(['--port', '0'], env);
    await room.ready;
    try {
      const join = /npx meshwalk --room (http:\/\/127\.0\.0\.1:\d+) --code ([A-Z]{4}-\d{4})/.exec(room.out());
      expect(join).not.toBeNull();
      expect(room.out()).toContain(`${join![1]}/#key=`);
      const joined = await fetch(`${join![1]}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: join![2], name: 'Ada\u001b]0;pwned\u0007' }),
      });
      expect(joined.status).toBe(200);
      while (!room.out().includes('joined')) await new Promise((r) => setTimeout(r, 20));
      expect(room.out()).toContain('meshwalk room: Ada ]0;pwned joined (1 in the room)\n');
      const key = await meshwalk(['room', 'key'], env);
      expect(room.out()).toContain(`#key=${key.stdout.split('\n')[0]}`);
      const status = await meshwalk(['room', 'status'], env);
      expect(status.stdout).toMatch(/: 1 participant\n/);
      const paced = await meshwalk(['room', 'pace', 'on'], env);
      expect(paced.status).toBe(0);
      const refused = await meshwalk(['room', 'unlock', 'no-such-lesson'], env);
      expect(refused.status).toBe(1);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(/no lesson no-such-lesson/);
    } finally {
      room.child.kill('SIGTERM');
    }
    expect(await room.exited).toBe(0);
    expect(room.out()).toMatch(/stopped/);
    // With the server stopped: the steering is kept, and export still works.
    const exported = await meshwalk(['room', 'export', '--json'], env);
    expect(exported.status).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual([]);
    const notRunning = await meshwalk(['room', 'status'], env);
    expect(notRunning.status).toBe(4);
    expect(notRunning.stderr).toMatch(/no room server answers/);
  });

  it('warns in one line when the host is not loopback', async () => {
    const room = startRoom(['--port', '0', '--host', '0.0.0.0'], { MESHWALK_HOME: home() });
    await room.ready;
    room.child.kill('SIGINT');
    expect(await room.exited).toBe(0);
    expect(room.err()).toMatch(
      /^meshwalk room: warning: listening on 0\.0\.0\.0: anyone on that network who has the code can join/m,
    );
    expect(room.out()).toMatch(/npx meshwalk --room http:\/\/\d+\.\d+\.\d+\.\d+:\d+ --code/);
  });

  it('never loads ink or React', async () => {
    const log = join(home(), 'imports.txt');
    const hook = resolve(import.meta.dirname, 'fixtures/record-imports.mjs');
    const room = startRoom(['--port', '0'], { MESHWALK_HOME: home(), MESHWALK_IMPORT_LOG: log }, ['--import', hook]);
    await room.ready;
    room.child.kill('SIGTERM');
    expect(await room.exited).toBe(0);
    const loaded = readFileSync(log, 'utf8').trim().split('\n');
    const roomChunks = loaded.filter((u) => /\/chunks\/room-[^/]*\.js$/.test(u));
    expect(roomChunks).toHaveLength(1);
    const withInk = loaded
      .filter((u) => u.startsWith('file:') && u.includes('/dist/'))
      .filter((u) => readFileSync(fileURLToPath(u), 'utf8').includes('react-reconciler'));
    expect(withInk).toEqual([]);
  });

  it('export with no room is one clear line, exit 4', async () => {
    const r = await meshwalk(['room', 'export', '--csv'], { MESHWALK_HOME: home() });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/^meshwalk room: no room in .* yet; start one with meshwalk room\n$/);
    expect(r.stdout).toBe('');
  });

  it('bad flags are one line, exit 2', async () => {
    const r = await meshwalk(['room', '--port', 'seventy'], { MESHWALK_HOME: home() });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--port takes a whole number/);
    const both = await meshwalk(['room', 'export', '--csv', '--json'], { MESHWALK_HOME: home() });
    expect(both.status).toBe(2);
  });
});
