import type { Command } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';

// Placeholder until the reset command lands; see the open issues.
export const command: Command = {
  usage: 'meshwalk reset (not built yet)',
  async main() {
    throw new UserFacingError('meshwalk reset: not built yet', ExitCode.usage);
  },
};
