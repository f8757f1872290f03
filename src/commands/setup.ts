import type { Command } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';

// Placeholder until the setup command lands; see the open issues.
export const command: Command = {
  usage: 'meshwalk setup (not built yet)',
  async main() {
    throw new UserFacingError('meshwalk setup: not built yet', ExitCode.usage);
  },
};
