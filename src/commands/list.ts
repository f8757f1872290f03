import type { Command } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';

// Placeholder until the list command lands; see the open issues.
export const command: Command = {
  usage: 'meshwalk list (not built yet)',
  async main() {
    throw new UserFacingError('meshwalk list: not built yet', ExitCode.usage);
  },
};
