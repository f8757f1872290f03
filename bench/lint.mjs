// Times `meshwalk lint DIR` on 200 generated lessons (target: under 1 s) and `meshwalk list`
// on the shipped lessons (target: under 150 ms). Build first: npm run build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = process.env.MESHWALK_CLI ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const LESSONS = 200;
const STEPS = 12;

function lesson(n) {
  const steps = Array.from(
    { length: STEPS },
    (_, s) => `
  - id: step-${s}
    title: Step ${s} of lesson ${n}
    text: |
      Applies policy ${s} in {{NS}} and checks what \`sleep\` observes.
    ${s % 2 === 0 ? `apply: manifests/policy-${s % 4}.yaml` : `run: kubectl label namespace {{NS}} step=${s} --overwrite`}
    verify:
      run: kubectl exec deploy/sleep -n {{NS}} -c sleep -- curl -s -o /dev/null -w "%{http_code}" http://httpbin.{{NS}}:8000/status/200
      before: { status: "000" }
      expect: { status: 200 }
      timeout: 30s
      interval: 500ms
      settle: 2
    hints:
      - Look at the policy in {{NS}}.
      - Run \`kubectl get peerauthentication -n {{NS}}\`.`,
  ).join('');
  return `# yaml-language-server: $schema=../schema/lesson.schema.json
id: lesson-${n}
title: Generated lesson ${n}
summary: A generated lesson for the lint benchmark.
istio: ["1.22", "1.24"]
${n > 0 ? `requires: [lesson-${n - 1}]\n` : ''}vars:
  NS: bench-${n}
  POD:
    capture: kubectl get pod -n bench-${n} -l app=sleep -o jsonpath={.items[0].metadata.name}
setup:
  - run: kubectl create namespace {{NS}}
cleanup:
  - run: kubectl delete namespace {{NS}} --ignore-not-found
steps:${steps}
`;
}

const dir = mkdtempSync(join(tmpdir(), 'meshwalk-bench-lint-'));
mkdirSync(join(dir, 'lessons'));
mkdirSync(join(dir, 'manifests'));
for (let i = 0; i < 4; i++) {
  writeFileSync(
    join(dir, 'manifests', `policy-${i}.yaml`),
    `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: policy-${i}\nspec:\n  mtls:\n    mode: STRICT\n`,
  );
}
for (let n = 0; n < LESSONS; n++)
  writeFileSync(join(dir, 'lessons', `lesson-${String(n).padStart(3, '0')}.yaml`), lesson(n));

function time(args, runs = 7, env = {}) {
  const ms = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    last = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], min: ms[0], max: ms[ms.length - 1], last };
}

console.log(
  `machine: ${availableParallelism()} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (figures are wall time; a busy machine inflates them)`,
);
const lint = time(['lint', dir]);
const lint1 = time(['lint', dir], 3, { MESHWALK_LINT_THREADS: '1' });
if (lint.last.status !== 0) {
  console.error(
    `lint did not pass on the generated lessons (exit ${lint.last.status}):\n${lint.last.stdout}${lint.last.stderr}`,
  );
  process.exitCode = 1;
}
console.log(
  `lint ${LESSONS} lessons x ${STEPS} steps: median ${lint.median.toFixed(0)} ms (min ${lint.min.toFixed(0)}, max ${lint.max.toFixed(0)}) — target < 1000 ms; ${lint.last.stderr.trim()}`,
);
console.log(
  `lint forced to one thread (MESHWALK_LINT_THREADS=1): median ${lint1.median.toFixed(0)} ms (min ${lint1.min.toFixed(0)})`,
);
const list = time(['list']);
console.log(
  `list (shipped lessons): median ${list.median.toFixed(0)} ms (min ${list.min.toFixed(0)}, max ${list.max.toFixed(0)}) — target < 150 ms`,
);
const bare = time(['--version']);
console.log(`node + cli start (--version): median ${bare.median.toFixed(0)} ms, for comparison`);
if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
