import type { Command } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';

// Placeholder until the check command lands; see the open issues.
export const command: Command = {
  usage: 'meshwalk check (not built yet)',
  async main() {
    throw new UserFacingError('meshwalk check: not built yet', ExitCode.usage);
  },
};
