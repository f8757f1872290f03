import type { Command } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';

// Placeholder until the tui command lands; see the open issues.
export const command: Command = {
  usage: 'meshwalk tui (not built yet)',
  async main() {
    throw new UserFacingError('meshwalk tui: not built yet', ExitCode.usage);
  },
};
