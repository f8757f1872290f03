/**
 * The building blocks of kubectl 1.32's describe output (k8s.io/kubectl/pkg/describe/describe.go):
 * a PrefixWriter whose text goes through Go's tabwriter, labels and annotations on several
 * lines, the generic describer's field listing for custom resources, and the Events section.
 * The simulated cluster records no events; kubectl prints `Events:  <none>` for objects whose
 * events have expired (after an hour), which is what is shown.
 */
import { tabwrite } from './tabwriter.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

export class Writer {
  private text = '';
  /** `w.Write(level, s)`: two spaces per level, then s (which carries its own tabs and newline). */
  w(level: number, s: string): this {
    this.text += '  '.repeat(level) + s;
    return this;
  }
  /** The text, aligned as tabbedString does. */
  done(): string {
    return tabwrite(this.text);
  }
}

const sortedKeys = (m: Record<string, unknown>) => Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** printLabelsMultilineWithIndent. */
export function labelsMultiline(
  w: Writer,
  title: string,
  labels: Record<string, string> | undefined,
  initialIndent = '',
): void {
  w.w(0, `${initialIndent}${title}:\t`);
  const keys = sortedKeys(labels ?? {});
  if (keys.length === 0) {
    w.w(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.w(0, `${initialIndent}\t`);
    w.w(0, `${k}=${labels?.[k] ?? ''}\n`);
  });
}

/** printAnnotationsMultiline (the last-applied-configuration annotation is skipped). */
export function annotationsMultiline(w: Writer, title: string, annotations: Record<string, string> | undefined): void {
  w.w(0, `${title}:\t`);
  const keys = sortedKeys(annotations ?? {}).filter((k) => k !== LAST_APPLIED);
  if (keys.length === 0) {
    w.w(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.w(0, '\t');
    const value = (annotations?.[k] ?? '').replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.w(0, `${k}:\n`);
      for (const s of value.split('\n'))
        w.w(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s}\n`);
    } else w.w(0, `${k}: ${value}\n`);
  });
}

export function events(w: Writer): void {
  w.w(0, 'Events:\t<none>\n');
}

/** time.RFC1123Z in the local time zone, as Go's Time.Format prints it on the learner's machine. */
export function rfc1123z(iso: string | undefined): string {
  const d = new Date(iso ?? '');
  if (Number.isNaN(d.getTime())) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const p = (n: number) => String(n).padStart(2, '0');
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${p(Math.floor(Math.abs(off) / 60))}${p(Math.abs(off) % 60)}`;
  return `${days[d.getDay()]}, ${p(d.getDate())} ${months[d.getMonth()]} ${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${zone}`;
}

/** smartLabelFor: camelCase split, title-cased, common acronyms upper-cased. */
export function smartLabel(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  const parts = camelSplit(field);
  return parts
    .filter((p) => p !== '_')
    .map((p) => (['API', 'URL', 'UID', 'OSB', 'GUID'].includes(p.toUpperCase()) ? p.toUpperCase() : titleWord(p)))
    .join(' ');
}

/** strings.Title: upper-cases the first letter of each word (words here have no spaces). */
function titleWord(p: string): string {
  return p.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());
}

/** github.com/fatih/camelcase Split: runs of lower, upper (the last upper starts the next word), digits, other. */
function camelSplit(s: string): string[] {
  const cls = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{N}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = cls(c);
    if (k === last && runs.length > 0) runs[runs.length - 1]?.push(c);
    else runs.push([c]);
    last = k;
  }
  // An upper run followed by a lower run gives its last letter to the lower run ("HTTPServer" -> "HTTP", "Server").
  for (let i = 0; i < runs.length - 1; i++) {
    const a = runs[i] ?? [];
    const b = runs[i + 1] ?? [];
    if (cls(a[0] ?? '') === 2 && cls(b[0] ?? '') === 1 && a.length > 0) {
      b.unshift(a.pop() ?? '');
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/** printUnstructuredContent: every field, sorted, maps and lists nested one level deeper. */
export function unstructured(
  w: Writer,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
  skip: readonly string[],
): void {
  for (const field of sortedKeys(content)) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (skip.includes(path)) continue;
    if (isMap(value)) {
      w.w(level, `${smartLabel(field)}:\n`);
      unstructured(w, level + 1, value, path, skip);
    } else if (Array.isArray(value)) {
      w.w(level, `${smartLabel(field)}:\n`);
      for (const child of value) {
        if (isMap(child)) unstructured(w, level + 1, child, path, skip);
        else w.w(level + 1, `${goValue(child)}\n`);
      }
    } else w.w(level, `${smartLabel(field)}:\t${goValue(value)}\n`);
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** fmt's %v of a JSON value. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}
