import type { Command } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';

// Placeholder until the lint command lands; see the open issues.
export const command: Command = {
  usage: 'meshwalk lint (not built yet)',
  async main() {
    throw new UserFacingError('meshwalk lint: not built yet', ExitCode.usage);
  },
};
