// Where `check --junit FILE` may write, decided before any lesson runs.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwritableReason } from '../../src/commands/output-file.js';

describe('unwritableReason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshwalk-out-'));
  mkdirSync(join(dir, 'folder'));
  writeFileSync(join(dir, 'file'), '');

  it('accepts a new or existing file in a writable folder, and a device', () => {
    expect(unwritableReason(join(dir, 'new.xml'))).toBeUndefined();
    expect(unwritableReason(join(dir, 'file'))).toBeUndefined();
    expect(unwritableReason('/dev/null')).toBeUndefined();
  });

  it('refuses a missing folder, a folder, and a file in place of the folder', () => {
    expect(unwritableReason(join(dir, 'nope', 'r.xml'))).toBe(`the folder ${join(dir, 'nope')} does not exist`);
    expect(unwritableReason(join(dir, 'folder'))).toBe('it is a folder');
    expect(unwritableReason(join(dir, 'file', 'r.xml'))).toBe(`${join(dir, 'file')} is not a folder`);
  });

  // root may write anywhere, so the permission check is only observable for other users.
  it.skipIf(process.getuid?.() === 0)('refuses a folder without write permission', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    expect(unwritableReason(join(locked, 'r.xml'))).toBe(`the folder ${locked} is not writable`);
  });
});
