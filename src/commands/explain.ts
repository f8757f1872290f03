import type { Command } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';

// Placeholder until the explain command lands; see the open issues.
export const command: Command = {
  usage: 'meshwalk explain (not built yet)',
  async main() {
    throw new UserFacingError('meshwalk explain: not built yet', ExitCode.usage);
  },
};
