/**
 * File and folder names for cluster keys and lesson ids. A kube context may be called anything
 * (`arn:aws:eks:eu-west-1:1:cluster/prod`, `admin@kind`, `Prod` next to `prod`), so every
 * character but lowercase letters, digits, `-` and `_` is written as `%xx` (UTF-8): the name is
 * then safe on Linux, macOS and Windows, and distinct on case-insensitive file systems. The
 * entry inside the file names its cluster and lesson again, so a shortened name still reads back.
 */
import { createHash } from 'node:crypto';

/** Windows refuses these as file names, with any extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/;
/** Well under the 255-byte limit of common file systems, leaving room for `.json.bad-<time>`. */
const MAX_NAME = 120;

export function entryName(key: string): string {
  if (key === '') return '%';
  let name = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(byte);
    name += /[a-z0-9_-]/.test(c) ? c : `%${byte.toString(16).padStart(2, '0')}`;
  }
  if (WINDOWS_RESERVED.test(name)) name = `%${name.charCodeAt(0).toString(16)}${name.slice(1)}`;
  if (name.length <= MAX_NAME) return name;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `${name.slice(0, MAX_NAME - 17)}~${hash}`;
}
