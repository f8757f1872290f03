import { describe, expect, it } from 'vitest';
import { command } from '../../src/commands/tui.js';
import type { Io } from '../../src/io.js';

const io: Io = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  readStdin: async () => '',
  env: {},
  cwd: process.cwd(),
};

describe('meshwalk tui flags', () => {
  it.each([
    [['--cluster', 'kind'], "--cluster must be sim, current or minikube, not 'kind'"],
    [
      ['--propagation', 'fast'],
      'meshwalk: --propagation takes milliseconds from 0 to 60000 (verifications give up after 60 s), not "fast"',
    ],
    [['--propagation', '700000'], 'not "700000"'],
    [['--colour'], "unknown option '--colour'"],
    [['extra'], "unexpected argument 'extra'"],
  ])('%j is bad usage, said in one line', async (argv, message) => {
    await expect(command.main(argv, io)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining(message),
    });
  });

  it.each([
    [['--bogus'], "meshwalk: unknown option '--bogus' (see meshwalk --help)"],
    [['--lesso', 'x'], "meshwalk: unknown option '--lesso'; did you mean --lesson? (see meshwalk --help)"],
  ])('%j says so in one line, naming meshwalk as the learner typed it', async (argv, message) => {
    await expect(command.main(argv, io)).rejects.toMatchObject({ exitCode: 2, message });
  });

  it('refuses to start without a terminal and points to the plain-text runner', async () => {
    // vitest's stdin is not a TTY.
    await expect(command.main(['--cluster', 'sim'], io)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('meshwalk run LESSON'),
    });
  });
});
