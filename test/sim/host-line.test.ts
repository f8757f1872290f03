/** Command lines mixing simulated commands with the learner's text tools, as meshwalk sim receives them in words. */
import { expect, test } from 'vitest';
import { runHostLine, type RunStage } from '../../src/sim/host-line.js';
import { shlexSplit } from '../../src/sim/shell-words.js';

const ran: string[] = [];
const stage: RunStage = async (argv, stdin) => {
  ran.push(argv.join(' '));
  if (argv[0] === 'kubectl') return { stdout: 'pod-a Running\npod-b Pending\n', stderr: '', exitCode: 0 };
  if (argv[0] === 'istioctl') return { stdout: '', stderr: 'meshwalk sim: istioctl x is not simulated\n', exitCode: 3 };
  return { stdout: stdin ?? '', stderr: '', exitCode: 0 };
};
const line = (text: string) => runHostLine(shlexSplit(text), stage);

test('a pipe into grep, then && and ||, by exit status', async () => {
  const out = async (text: string) => {
    const r = await line(text);
    expect(r?.stderr).toBe('');
    return r?.stdout;
  };
  expect(await out('kubectl get pods | grep Running && echo found || echo none')).toBe('pod-a Running\nfound\n');
  expect(await out('kubectl get pods | grep -q Failed && echo found || echo none')).toBe('none\n');
  // shlex-style words keep `pods;` whole, so the page's `;` arrives as its own word only when spaced.
  expect(await out('kubectl get pods | grep -c pod ; kubectl get pods | wc -l')).toBe('2\n2\n');
});

test('a refused stage stops the line: nothing after it runs', async () => {
  ran.length = 0;
  const stderr = 'meshwalk sim: istioctl x is not simulated\n';
  expect(await line('istioctl x && kubectl get pods')).toEqual({ stdout: '', stderr, exitCode: 3 });
  expect(ran).toEqual(['istioctl x']);
});

test('a tool the line cannot run is refused before any part runs', async () => {
  ran.length = 0;
  const r = await line('kubectl create ns x | grep created && jq .');
  expect(r?.exitCode).toBe(3);
  expect(r?.stderr).toMatch(/^meshwalk sim: `jq` on a command line is not simulated; lines can join kubectl/);
  expect(ran).toEqual([]);
});

test('lines without lists or text tools are left to the one-command path', async () => {
  expect(await line('kubectl get pods')).toBeUndefined();
  expect(await line('istioctl kube-inject -f x.yaml | kubectl apply -f -')).toBeUndefined();
  expect(await line('kubectl get pods && && echo x')).toBeUndefined();
});

test("text tools do not read the learner's files", async () => {
  const r = await line('kubectl get pods | grep x notes.txt');
  expect(r?.exitCode).toBe(3);
  expect(r?.stderr).toBe('meshwalk sim: grep on files of your machine is not simulated; run it for real\n');
});
