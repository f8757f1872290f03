/**
 * A container's files as one `kubectl exec` sees them: a few files the simulator knows
 * (/etc/hostname, the service account's namespace), and what the script itself writes under the
 * directories a fresh container leaves empty and writable (/tmp, $HOME). Everything else in the
 * image is unknown to the simulator, so reading or writing it is refused rather than guessed.
 * Nothing persists after the exec: each `kubectl exec` starts from the image again.
 */

export type FileRead = { text: string } | { missing: true } | { refuse: string };
export type FileWrite = { ok: true } | { refuse: string };

export class PodFiles {
  private readonly files = new Map<string, string>();

  constructor(
    known: Record<string, string>,
    /** Directories the script may create files in (no trailing slash). */
    private readonly writable: readonly string[],
  ) {
    for (const [k, v] of Object.entries(known)) this.files.set(k, v);
  }

  private inWritable(path: string): boolean {
    return this.writable.some((d) => path === d || path.startsWith(`${d}/`));
  }

  read(path: string): FileRead {
    if (path === '/dev/null') return { text: '' };
    const text = this.files.get(path);
    if (text !== undefined) return { text };
    if (this.inWritable(path)) return { missing: true };
    return { refuse: `reading ${path} inside a pod` };
  }

  write(path: string, text: string, append: boolean): FileWrite {
    if (path === '/dev/null') return { ok: true };
    if (!this.inWritable(path) && !this.files.has(path)) {
      return { refuse: `writing ${path} inside a pod (only ${this.writable.join(' and ')} are)` };
    }
    this.files.set(path, append ? (this.files.get(path) ?? '') + text : text);
    return { ok: true };
  }

  /** Whether `dir` is a directory the simulator can list, and its entries. */
  list(dir: string): string[] | undefined {
    const d = dir.replace(/\/+$/, '') || '/';
    if (!this.inWritable(d)) return undefined;
    const names = new Set<string>();
    for (const path of this.files.keys()) {
      if (!path.startsWith(`${d}/`)) continue;
      names.add(path.slice(d.length + 1).split('/')[0]!);
    }
    return [...names].sort();
  }

  isDirectory(path: string): boolean {
    return this.writable.includes(path.replace(/\/+$/, '') || '/');
  }
}
