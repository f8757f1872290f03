/**
 * Where meshwalk keeps the learner's files: progress/ (one file per cluster and lesson), the
 * simulated cluster's state (sim/) and the lessons' work directories (work/). `MESHWALK_HOME` overrides everything (tests use it);
 * otherwise the platform's convention for per-user application data.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export function dataDir(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.MESHWALK_HOME) return env.MESHWALK_HOME;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'meshwalk');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'meshwalk');
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'share'), 'meshwalk');
}
