import type { Command } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';

// Placeholder until the doctor command lands; see the open issues.
export const command: Command = {
  usage: 'meshwalk doctor (not built yet)',
  async main() {
    throw new UserFacingError('meshwalk doctor: not built yet', ExitCode.usage);
  },
};
