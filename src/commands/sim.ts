import type { Command } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';

// Placeholder until the sim command lands; see the open issues.
export const command: Command = {
  usage: 'meshwalk sim (not built yet)',
  async main() {
    throw new UserFacingError('meshwalk sim: not built yet', ExitCode.usage);
  },
};
