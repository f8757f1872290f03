// Layers import downward only (content -> lesson model -> engine -> UI), with pure functions at
// the core and effects at the edges. These rules fail CI where a layer reaches past its edge;
// test/house/layer-rules.test.ts shows each one firing on a deliberate violation.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules that run processes, threads, sockets or files: only the edges may import them. */
const FILES_MESSAGE = 'No files here: take the text or a port from the edge (src/files, src/commands).';
const RUN_MESSAGE = 'No processes or threads here: run commands through the Cluster port (src/cluster).';
const NET_MESSAGE = 'No network or host access here: take a port from the edge.';
const UI_MESSAGE = 'Only src/ui draws: no ink or React here.';
const named = (names, message) => names.flatMap((n) => [n, `node:${n}`]).map((name) => ({ name, message }));
const files = named(['fs', 'fs/promises'], FILES_MESSAGE);
const processes = [
  { name: 'execa', message: RUN_MESSAGE },
  ...named(['child_process', 'worker_threads', 'cluster'], RUN_MESSAGE),
];
const network = named(['net', 'http', 'https', 'http2', 'dgram', 'tls', 'dns', 'os'], NET_MESSAGE);
const ui = [
  { name: 'ink', message: UI_MESSAGE },
  { name: 'react', message: UI_MESSAGE },
];
/** Everything a pure core may not import by name. */
const pureCorePaths = () => [...files, ...processes, ...network, ...ui];
/** Subpath imports of the same modules (`ink/build/...`, `react/jsx-runtime`). */
const subpaths = [{ group: ['ink/*', 'react/*'], message: UI_MESSAGE }];
/** The edges' own modules: a pure core that imports them is no longer pure. */
const edges = {
  group: ['**/files/*', '**/progress/store.js', '**/system-clock.js', '**/cluster/real*.js', '**/cluster/sim.js'],
  message: 'The pure core takes effects as ports; it does not import the edge that performs them.',
};

/** No timers, environment or process in the pure cores: time comes in on events, waits are effects. */
const noProcessOrTimers = {
  'no-restricted-globals': [
    'error',
    ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'queueMicrotask'].map((name) => ({
      name,
      message: 'No timers in the pure core: emit a `wait` effect; the effect runner keeps time through its Clock port.',
    })),
    { name: 'process', message: 'No process in the pure core: the edge passes in what it needs (env, cwd, argv).' },
    { name: 'fetch', message: 'No network in the pure core.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'process', property: 'env', message: 'No environment in the pure core: the edge passes in the values.' },
    { object: 'globalThis', property: 'process', message: 'No process in the pure core.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'schema/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'default-case-last': 'error',
    },
  },
  {
    // The lesson model (text in, problems out), the engine (a pure reducer; run-effects.ts reaches
    // the world only through its ports), the pure cores of the mesh, of text handling and of curl's
    // command line, and the room's wire protocol and model (src/room/server and src/room/store are
    // its edges).
    files: [
      'src/lesson/**',
      'src/engine/**',
      'src/sim/mesh/**',
      'src/text/**',
      'src/http/**',
      'src/room/protocol.ts',
      'src/room/model/**',
    ],
    rules: {
      'no-restricted-imports': ['error', { paths: pureCorePaths(), patterns: [...subpaths, edges] }],
      ...noProcessOrTimers,
    },
  },
  {
    // The mesh decides from a MeshConfig: it reads no lesson content (JWKS come in through
    // `jwksForUri`, served by src/sim/net) and nothing of the simulator around it.
    files: ['src/sim/mesh/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: pureCorePaths(),
          patterns: [
            ...subpaths,
            edges,
            {
              group: ['**/lessons/**', '**/manifests/**'],
              message: 'The mesh core reads no content files: take it through MeshConfig.',
            },
            {
              // Its one way out of the folder: the object contract, sim/types.ts.
              group: ['../*/**', '../*.js', '!../types.js', '!../../**'],
              message: 'sim imports sim/mesh, never the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    // The simulator computes in memory. Only these files touch the host, each for a reason:
    // persist.ts keeps the cluster's state in <data dir>/sim (with its lock), shims.ts writes the
    // kubectl/istioctl shims the learner's own terminal runs, input-files.ts reads `-f FILE` once per
    // command (a pipe cannot be read twice), and the rest read the files a command names as a real
    // tool would: curl --cacert/--cert, kubectl create --from-file, kubectl -f DIR, istioctl install -f,
    // istioctl analyze FILE|DIR. No file here runs a process, a thread or a socket.
    files: ['src/sim/**'],
    ignores: [
      'src/sim/mesh/**',
      'src/sim/persist.ts',
      'src/sim/shims.ts',
      'src/sim/input-files.ts',
      'src/sim/net/curl-files.ts',
      'src/sim/kubectl/create.ts',
      'src/sim/kubectl/manifests.ts',
      'src/sim/istioctl/install/inputs.ts',
      'src/sim/istioctl/analyze/gather-files.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { paths: pureCorePaths(), patterns: subpaths }] },
  },
  {
    // The host readers above may read files, and nothing more.
    files: [
      'src/sim/persist.ts',
      'src/sim/shims.ts',
      'src/sim/input-files.ts',
      'src/sim/net/curl-files.ts',
      'src/sim/kubectl/create.ts',
      'src/sim/kubectl/manifests.ts',
      'src/sim/istioctl/install/inputs.ts',
      'src/sim/istioctl/analyze/gather-files.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { paths: [...processes, ...network, ...ui], patterns: subpaths }] },
  },
  {
    // The real adapter talks to kubectl; it shares the object model (src/kube), not the simulator.
    files: ['src/cluster/**'],
    ignores: ['src/cluster/sim.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ui,
          patterns: [...subpaths, { group: ['**/sim/*'], message: 'The real adapter shares src/kube, not the sim.' }],
        },
      ],
    },
  },
  {
    // ink writes strings to the terminal as they are; src/ui/SafeText.tsx makes them terminal-safe.
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'ink', importNames: ['Text'], message: "Use src/ui/SafeText.tsx (terminal-safe), not ink's Text." },
          ],
        },
      ],
    },
  },
  {
    // The room dashboard's page runs in the instructor's browser, as ES modules served by the room
    // server: browser globals only, and no way to turn text into markup or code.
    files: ['src/room/dashboard/page/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'AbortController',
          'HTMLElement',
          'TextDecoderStream',
          'URL',
          'URLSearchParams',
          'clearTimeout',
          'document',
          'fetch',
          'history',
          'localStorage',
          'location',
          'reportError',
          'setTimeout',
        ].map((name) => [name, 'readonly']),
      ),
    },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML'].map((property) => ({ property, message: 'Text goes in with textContent.' })),
        { property: 'insertAdjacentHTML', message: 'Text goes in with textContent.' },
        { object: 'document', property: 'write', message: 'Build nodes with page/dom.js.' },
      ],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
