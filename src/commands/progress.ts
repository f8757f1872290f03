import type { Command } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';

// Placeholder until the progress command lands; see the open issues.
export const command: Command = {
  usage: 'meshwalk progress (not built yet)',
  async main() {
    throw new UserFacingError('meshwalk progress: not built yet', ExitCode.usage);
  },
};
