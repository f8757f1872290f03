/**
 * BusyBox `ls -l` and `ls -lL` of a Secret or ConfigMap volume. The kubelet's atomic writer
 * (pkg/volume/util/atomic_writer.go) puts the files in a timestamped directory, points `..data`
 * at it and makes every visible name a symlink `NAME -> ..data/NAME`; so `ls -l` shows the
 * symlinks and `-L` the files behind them with the volume's mode. Columns as coreutils/ls.c
 * display_single prints them (`%-10s %4u %-8s %-8s %9u MMM DD HH:MM name`); the owner is root.
 */
import type { Mount } from '../../kube/pod-volumes.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `-rw-r--r--` for 0644 (bb_mode_string). */
export function modeString(mode: number, type: '-' | 'l' | 'd' = '-'): string {
  const bits = 'rwxrwxrwx';
  return type + [...bits].map((c, i) => ((mode >> (8 - i)) & 1 ? c : '-')).join('');
}

/** ctime's "Mmm dd hh:mm" for a recent file, in the pod's UTC. */
function when(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2);
  return `${MONTHS[d.getUTCMonth()]} ${day} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

function line(mode: string, size: number, at: number, name: string): string {
  const owner = `${'root'.padEnd(8)} ${'root'.padEnd(8)}`;
  return `${mode.padEnd(10)} ${'1'.padStart(4)} ${owner} ${String(size).padStart(9)} ${when(at)} ${name}\n`;
}

/** The listing of the volume's directory, with BusyBox's `total` (1 KiB blocks: a tmpfs page per file). */
export function longListing(m: Mount, dereference: boolean, at: number): string | undefined {
  const top = Object.keys(m.files).map((f) => f.split('/')[0]!);
  const names = [...new Set(top)].sort();
  if (names.some((n) => !(n in m.files))) return undefined; // item paths with subdirectories: not modelled
  const rows = names.map((n) => {
    const f = m.files[n]!;
    const target = `..data/${n}`;
    return dereference
      ? line(modeString(f.mode), Buffer.byteLength(f.text), at, n)
      : line(modeString(0o777, 'l'), target.length, at, `${n} -> ${target}`);
  });
  return `total ${dereference ? names.length * 4 : 0}\n${rows.join('')}`;
}
