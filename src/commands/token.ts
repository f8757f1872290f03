import type { Command } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';

// Placeholder until the token command lands; see the open issues.
export const command: Command = {
  usage: 'meshwalk token (not built yet)',
  async main() {
    throw new UserFacingError('meshwalk token: not built yet', ExitCode.usage);
  },
};
