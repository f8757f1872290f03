/**
 * A container's files as one `kubectl exec` sees them: a few files the simulator knows
 * (/etc/hostname, the service account's namespace), and what the script itself writes under the
 * directories a fresh container leaves empty and writable (/tmp, $HOME), and the Secret and
 * ConfigMap volumes mounted into it (read-only, as the kubelet mounts them). Everything else in the
 * image is unknown to the simulator, so reading or writing it is refused rather than guessed.
 * Nothing persists after the exec: each `kubectl exec` starts from the image again.
 */
import type { Mount } from '../kube/pod-volumes.js';

export type FileRead = { text: string } | { missing: true } | { refuse: string };
export type FileWrite = { ok: true } | { refuse: string };

export class PodFiles {
  private readonly files = new Map<string, string>();

  constructor(
    known: Record<string, string>,
    /** Directories the script may create files in (no trailing slash). */
    private readonly writable: readonly string[],
    /** Secret and ConfigMap volumes (default: none). */
    private readonly mounts: readonly Mount[] = [],
  ) {
    for (const [k, v] of Object.entries(known)) this.files.set(k, v);
  }

  /** The volume mounted at or above `path`, the innermost one first. */
  private mountOf(path: string): Mount | undefined {
    return [...this.mounts]
      .sort((a, b) => b.dir.length - a.dir.length)
      .find((m) => path === m.dir || path.startsWith(`${m.dir}/`));
  }

  /** The Secret or ConfigMap volume mounted exactly at `dir` (for `ls -l`). */
  mountAt(dir: string): Mount | undefined {
    const d = dir.replace(/\/+$/, '') || '/';
    return this.mounts.find((m) => m.dir === d);
  }

  private inWritable(path: string): boolean {
    return this.writable.some((d) => path === d || path.startsWith(`${d}/`));
  }

  read(path: string): FileRead {
    if (path === '/dev/null') return { text: '' };
    const m = this.mountOf(path);
    if (m) {
      const f = m.files[path.slice(m.dir.length + 1)];
      return f ? { text: f.text } : { missing: true };
    }
    const text = this.files.get(path);
    if (text !== undefined) return { text };
    if (this.inWritable(path)) return { missing: true };
    return { refuse: `reading ${path} inside a pod` };
  }

  write(path: string, text: string, append: boolean): FileWrite {
    if (path === '/dev/null') return { ok: true };
    // Secret and ConfigMap volumes are mounted read-only (EROFS); the shell's words are not modelled.
    if (this.mountOf(path)) return { refuse: `writing ${path} (a read-only Secret or ConfigMap volume)` };
    if (!this.inWritable(path) && !this.files.has(path)) {
      return { refuse: `writing ${path} inside a pod (only ${this.writable.join(' and ')} are)` };
    }
    this.files.set(path, append ? (this.files.get(path) ?? '') + text : text);
    return { ok: true };
  }

  /** Whether `dir` is a directory the simulator can list, and its entries. */
  list(dir: string): string[] | undefined {
    const d = dir.replace(/\/+$/, '') || '/';
    const m = this.mountOf(d);
    if (m) {
      // An item's `path` may name a subdirectory (`items: [{key: k, path: certs/k}]`).
      const rel = d === m.dir ? '' : `${d.slice(m.dir.length + 1)}/`;
      const names = Object.keys(m.files)
        .filter((f) => f.startsWith(rel))
        .map((f) => f.slice(rel.length).split('/')[0]!);
      return names.length > 0 || rel === '' ? [...new Set(names)].sort() : undefined;
    }
    if (!this.inWritable(d)) return undefined;
    const names = new Set<string>();
    for (const path of this.files.keys()) {
      if (!path.startsWith(`${d}/`)) continue;
      names.add(path.slice(d.length + 1).split('/')[0]!);
    }
    return [...names].sort();
  }

  isDirectory(path: string): boolean {
    const d = path.replace(/\/+$/, '') || '/';
    if (this.writable.includes(d)) return true;
    const m = this.mountOf(d);
    return (
      m !== undefined &&
      (m.dir === d || Object.keys(m.files).some((f) => f.startsWith(`${d.slice(m.dir.length + 1)}/`)))
    );
  }
}
