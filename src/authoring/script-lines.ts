/**
 * Turns shell lines (a code action, verify.sh, background.sh) into lesson commands. meshwalk runs
 * no shell and only allow-listed commands, so a line converts only when it is one allowed command
 * without shell syntax, or such a command piped into `grep [-q] TEXT` (which becomes `contains`).
 * Every other line is reported, with the reason, for the author to convert by hand.
 */
import { checkCommand } from '../lesson/command-policy/index.js';
import { displayCommand } from '../lesson/render.js';
import { tokenize } from '../lesson/tokenize.js';

export type Converted = { run: string; contains?: string };
export type Skipped = { line: number; text: string; reason: string };

/** File names copied into the lesson's manifests/, so `kubectl apply -f ~/x.yaml` can name them. */
export type AssetNames = ReadonlySet<string>;

/** One command line, or why it cannot be one. */
export function convertLine(text: string, assets: AssetNames): Converted | { reason: string } {
  if (/\[\[[A-Z_]+\]\]/.test(text)) return { reason: 'a [[PLACEHOLDER]] of the scenario platform; give its value' };
  const grep = /^(.*?)\s*\|\s*grep(?:\s+-q)?\s+("[^"]*"|'[^']*'|[^\s|;&<>]+)\s*$/.exec(text);
  const line = assetPaths(grep ? (grep[1] ?? '') : text, assets);
  const t = tokenize(line);
  if (!t.ok) return { reason: t.message };
  const argv = t.argv;
  const v = checkCommand({ argv, template: argv });
  if (!v.ok) return { reason: v.reason };
  const run = displayCommand(argv);
  const pattern = grep?.[2]?.replace(/^(["'])(.*)\1$/, '$2');
  return pattern !== undefined ? { run, contains: pattern } : { run };
}

/**
 * Paths to a copied asset (`~/books.yaml`, `/root/books.yaml`, `./books.yaml`) as the lesson names
 * them, rewritten before the line is split: a leading `~` is shell syntax meshwalk refuses.
 */
function assetPaths(line: string, assets: AssetNames): string {
  const word = /(?<=^|\s)(?:~\/|\/root\/|\.\/|\/tmp\/)?([\w.-]+\.(?:ya?ml|json))(?=\s|$)/g;
  return line.replace(word, (whole, name: string) => (assets.has(name) ? `manifests/${name}` : whole));
}

/** The commands of a script, and the lines that are not one. Comments, blank lines and `set` are dropped. */
export function convertScript(
  text: string,
  assets: AssetNames,
  firstLine = 1,
): { commands: Converted[]; skipped: Skipped[] } {
  const commands: Converted[] = [];
  const skipped: Skipped[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i] ?? '';
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i] ?? ''}`;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || /^set\s+[-+]/.test(trimmed) || trimmed === 'exit 0') continue;
    const r = convertLine(trimmed, assets);
    if ('reason' in r) skipped.push({ line: firstLine + start, text: trimmed, reason: r.reason });
    else commands.push(r);
  }
  return { commands, skipped };
}
