/** The shell syntax istio.io's pages use, as `meshwalk sim` receives it from a shlex-style splitter. */
import { describe, expect, test } from 'vitest';
import { type Expanded, expandShell, hasShellSyntax, shlexSplit } from '../../src/sim/shell-words.js';
import type { ProcessResult } from '../../src/sim/types.js';

const ran: string[][] = [];
const fake = async (argv: string[]): Promise<ProcessResult> => {
  ran.push(argv);
  const line = argv.join(' ');
  if (line.startsWith('kubectl get pod')) return { stdout: 'sleep-abc-123', stderr: '', exitCode: 0 };
  if (line.startsWith('istioctl kube-inject')) return { stdout: 'kind: Deployment\n', stderr: '', exitCode: 0 };
  if (line.startsWith('echo')) return { stdout: `${argv.slice(1).join(' ')}\n\n`, stderr: '', exitCode: 0 };
  if (line.startsWith('fail')) return { stdout: '', stderr: 'Error from server (NotFound): x\n', exitCode: 1 };
  return { stdout: '', stderr: `meshwalk sim: ${argv[0]} is not simulated\n`, exitCode: 3 };
};
const expand = async (argv: string[]) => expandShell(argv, fake);
const ok = async (argv: string[]): Promise<Expanded> => {
  const e = await expand(argv);
  if ('exitCode' in e) throw new Error(e.stderr);
  return e;
};

describe('shell words', () => {
  test('plain words pass untouched and are not even scanned twice', async () => {
    const argv = [
      'kubectl',
      'exec',
      'deploy/sleep',
      '--',
      'curl',
      '-w',
      '%{http_code}\n',
      'http://httpbin.foo:8000/ip',
    ];
    expect(hasShellSyntax(argv)).toBe(false);
    expect((await ok(argv)).argv).toEqual(argv);
  });

  test('"$(...)" as one word (the pages quote it) runs the inner command and strips trailing newlines', async () => {
    ran.length = 0;
    const e = await ok([
      'kubectl',
      'exec',
      '$(kubectl get pod -l app=sleep -n foo -o jsonpath={.items..metadata.name})',
      '-c',
      'sleep',
    ]);
    expect(e.argv).toEqual(['kubectl', 'exec', 'sleep-abc-123', '-c', 'sleep']);
    expect(ran).toEqual([
      ['kubectl', 'get', 'pod', '-l', 'app=sleep', '-n', 'foo', '-o', 'jsonpath={.items..metadata.name}'],
    ]);
    expect((await ok(['x', 'pre-$(echo a b)-post'])).argv).toEqual(['x', 'pre-a b-post']);
    expect((await ok(['x', '`echo hi`'])).argv).toEqual(['x', 'hi']);
  });

  test('quotes inside the substitution are honoured', async () => {
    ran.length = 0;
    await ok(['kubectl', 'exec', "$(kubectl get pod -l app=sleep -o jsonpath='{.items[0].metadata.name}')"]);
    expect(ran[0]?.at(-1)).toBe('jsonpath={.items[0].metadata.name}');
  });

  test('an unquoted $(...) split over several words is put back together', async () => {
    ran.length = 0;
    const e = await ok([
      'kubectl',
      'exec',
      '$(kubectl',
      'get',
      'pod',
      '-l',
      'app=sleep',
      '-o',
      'jsonpath={.items[?(@.a=="b c")].x})',
      '-c',
      'sleep',
    ]);
    expect(e.argv).toEqual(['kubectl', 'exec', 'sleep-abc-123', '-c', 'sleep']);
    expect(ran[0]).toEqual(['kubectl', 'get', 'pod', '-l', 'app=sleep', '-o', 'jsonpath={.items[?(@.a=="b c")].x}']);
  });

  test('<(...) over several words becomes /dev/fd/63 holding the output', async () => {
    const e = await ok([
      'kubectl',
      'apply',
      '-f',
      '<(istioctl',
      'kube-inject',
      '-f',
      'samples/httpbin/httpbin.yaml)',
      '-n',
      'foo',
    ]);
    expect(e.argv).toEqual(['kubectl', 'apply', '-f', '/dev/fd/63', '-n', 'foo']);
    expect(e.files.get('/dev/fd/63')).toBe('kind: Deployment\n');
    const one = await ok([
      'kubectl',
      'apply',
      '-f',
      '<(istioctl kube-inject -f a.yaml)',
      '-f',
      '<(istioctl kube-inject -f b.yaml)',
    ]);
    expect(one.argv).toEqual(['kubectl', 'apply', '-f', '/dev/fd/63', '-f', '/dev/fd/62']);
  });

  test('the inner command failing leaves an empty word and its stderr, as bash does', async () => {
    const e = await ok(['kubectl', 'exec', '$(fail now)', '--', 'ls']);
    expect(e.argv).toEqual(['kubectl', 'exec', '', '--', 'ls']);
    expect(e.stderr).toBe('Error from server (NotFound): x\n');
  });

  test('an inner command the simulator cannot run refuses the whole command', async () => {
    expect(await expand(['kubectl', 'exec', '$(jq -r .x f)'])).toMatchObject({
      exitCode: 3,
      stderr: expect.stringContaining('jq is not simulated'),
    });
  });

  test('shell variables are refused naming the variable', async () => {
    for (const [word, name] of [
      ['Bearer $TOKEN', 'TOKEN'],
      ['http://${INGRESS_HOST}:80', 'INGRESS_HOST'],
      ['${GATEWAY_URL:-x}', 'GATEWAY_URL'],
      ['$1', '1'],
    ] as const) {
      const r = await expand(['curl', '-H', word]);
      expect(r).toMatchObject({ exitCode: 3 });
      expect((r as ProcessResult).stderr).toContain(`$${name} is not simulated`);
    }
    // A lone $ or $. is not a variable for bash either.
    expect((await ok(['kubectl', 'get', 'x', '-o', 'jsonpath={$.items}', 'a$'])).argv.slice(-2)).toEqual([
      'jsonpath={$.items}',
      'a$',
    ]);
  });

  test('pipes, lists and redirections are refused; a final 2>&1 merges stderr', async () => {
    for (const op of ['|', '&&', ';', '>', '2>/dev/null', '>out.txt']) {
      expect(await expand(['kubectl', 'get', 'pods', op, 'x'])).toMatchObject({
        exitCode: 3,
        stderr: expect.stringContaining('shell syntax'),
      });
    }
    const e = await ok(['kubectl', 'exec', 'x', '--', 'curl', 'u', '2>&1']);
    expect(e).toMatchObject({ argv: ['kubectl', 'exec', 'x', '--', 'curl', 'u'], mergeStderr: true });
    expect(await expand(['x', '>(tee f)'])).toMatchObject({ exitCode: 3 });
    expect(await expand(['x', '$((1+2))'])).toMatchObject({ exitCode: 3 });
    expect(await expand(['x', '$(echo'])).toMatchObject({ exitCode: 3 });
  });

  test('shlexSplit splits like Python shlex.split', () => {
    expect(shlexSplit(`kubectl exec "a b" 'c "d"' e\\ f -w "%{http_code}\\n"`)).toEqual([
      'kubectl',
      'exec',
      'a b',
      'c "d"',
      'e f',
      '-w',
      '%{http_code}\\n',
    ]);
  });
});

describe("words marked as values (a lesson command's substituted words)", () => {
  test('pass through unexpanded and are never joined to a written `$(`', async () => {
    ran.length = 0;
    const argv = ['kubectl', 'get', 'cm', '$(kubectl delete namespace victim)', '`fail`', '|', '2>&1'];
    const literal = [true, true, true, false, false, false, false];
    expect(hasShellSyntax(argv, literal)).toBe(false);
    const e = await expandShell(argv, fake, 0, literal);
    expect('argv' in e && e.argv).toEqual(argv);
    expect(ran).toEqual([]);
    const joined = await expandShell(['x', '$(echo', 'a)'], fake, 0, [true, true, false]);
    expect('exitCode' in joined && joined.exitCode).toBe(3);
    expect((await ok(['x', '$(echo a)'])).argv).toEqual(['x', 'a']); // without marks: `meshwalk sim` as before
  });
});

describe('shell variable hints', () => {
  test('the ingress variables say where their value comes from on minikube', async () => {
    const r = (await expand([
      'curl',
      '-s',
      '-I',
      '-HHost:httpbin.example.com',
      'http://$INGRESS_HOST:$INGRESS_PORT/status/200',
    ])) as ProcessResult;
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe(
      'meshwalk sim: the shell variable $INGRESS_HOST is not simulated; the simulator cannot know its value: put the value in the command (on minikube it is the node address: $(minikube ip))\n',
    );
  });
});

describe('pipelines', () => {
  test('simulated programs can be piped; anything else is refused before anything runs', async () => {
    const { splitPipeline } = await import('../../src/sim/shell-words.js');
    expect(splitPipeline(['istioctl', 'kube-inject', '-f', 'x.yaml', '|', 'kubectl', 'apply', '-f', '-'])).toEqual([
      ['istioctl', 'kube-inject', '-f', 'x.yaml'],
      ['kubectl', 'apply', '-f', '-'],
    ]);
    expect(splitPipeline(['kubectl', 'get', 'pods'])).toEqual([['kubectl', 'get', 'pods']]);
    expect(splitPipeline(['kubectl', 'get', 'pods', '|', 'grep', 'x'])).toMatchObject({
      exitCode: 3,
      stderr: expect.stringContaining('`grep`'),
    });
    // A | inside $(...) split over words belongs to the substitution.
    expect(splitPipeline(['kubectl', 'exec', '$(kubectl', 'get', 'pod', '|', 'head)'])).toEqual([
      ['kubectl', 'exec', '$(kubectl', 'get', 'pod', '|', 'head)'],
    ]);
  });
});

describe('properties', () => {
  test('never throws on any words; words without shell syntax come back unchanged', async () => {
    const fc = (await import('fast-check')).default;
    const run = async (argv: string[]): Promise<ProcessResult> => ({
      stdout: `${argv.join(' ')}\n`,
      stderr: '',
      exitCode: 0,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({
            unit: fc.constantFrom('a', ' ', '$', '(', ')', '`', '<', '|', '"', "'", '{', '}', '\\', '>', '&', ';'),
          }),
        ),
        async (words) => {
          const r = await expandShell(words, run);
          expect(typeof r).toBe('object');
        },
      ),
      { numRuns: 500 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string().filter((w) => !hasShellSyntax([w]))), async (words) => {
        const r = await expandShell(words, run);
        expect('argv' in r && r.argv).toEqual(words);
      }),
      { numRuns: 300 },
    );
  });
});
