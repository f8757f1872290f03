import type { Command } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';

// Placeholder until the run command lands; see the open issues.
export const command: Command = {
  usage: 'meshwalk run (not built yet)',
  async main() {
    throw new UserFacingError('meshwalk run: not built yet', ExitCode.usage);
  },
};
