// `meshwalk room --help` and the README's instructors' section describe every flag the room's
// parser accepts and every subcommand it answers, read from the command itself, so a new one
// cannot go undocumented; and both say who can do what, what is sent and where the data lives.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command, subcommands } from '../../src/commands/room.js';

const usage = command.usage;
const flags = Object.keys(command.flags);
/** The text from a line starting with `title` to the next blank line. */
const block = (text: string, title: string) => {
  const from = text.indexOf(`\n${title}`);
  expect(from, title).toBeGreaterThan(-1);
  return text.slice(from).split(/\n\s*\n/)[0] as string;
};
const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const instructors = readme.slice(readme.indexOf('## Running a workshop room (for instructors)')).split('\n## ')[0]!;

describe('meshwalk room --help', () => {
  it.each(flags)('names --%s in its synopsis and describes it under Flags', (flag) => {
    expect(block(`\n${usage}`, 'Usage:')).toMatch(new RegExp(`--${flag}\\b`));
    expect(block(usage, 'Flags:')).toMatch(new RegExp(`^  (--[a-z-]+, )?--${flag}\\b`, 'm'));
  });

  it.each(subcommands)('names the subcommand %s in its synopsis and describes it', (sub) => {
    expect(block(`\n${usage}`, 'Usage:')).toMatch(new RegExp(`\\b${sub}\\b`));
    expect(block(usage, 'Subcommands')).toMatch(new RegExp(`^  (\\S+ \\S+, )?${sub}\\b`, 'm'));
  });

  it('says who can do what with the join code and the key, what is sent, and where the data lives', () => {
    const who = block(usage, 'Who can do what:');
    expect(who).toMatch(/the join code {2,}anyone who reaches the address/);
    expect(who).toMatch(/the key {2,}steers the room and reads everything/);
    expect(who).toMatch(/127\.0\.0\.1 \(the default\) only this machine/);
    expect(usage).toMatch(/What is sent: [\s\S]*Never commands, their output,\s+manifests, tokens or keys\./);
    expect(usage).toMatch(
      /What is stored where: <data>\/rooms\/NAME\/ \(or --room-dir\), where <data> is \$MESHWALK_HOME/,
    );
    expect(usage).toContain('rooms-joined');
  });
});

describe("README's instructors' section", () => {
  it.each(flags)('describes --%s', (flag) => {
    expect(instructors).toMatch(new RegExp(`[\\s\`|[(]--${flag}\\b`));
  });

  it.each(subcommands)('describes meshwalk room %s', (sub) => {
    expect(instructors).toMatch(new RegExp(`\`meshwalk room ${sub}\\b|\`room ${sub}\\b`));
  });

  it('has the threat model: the address, the join code, the key, what is sent, where it is stored', () => {
    for (const part of ['*Who can reach it:*', '*The join code*', '*The dashboard key*', '*What is sent:*'])
      expect(instructors).toContain(part);
    expect(instructors).toContain('*What is stored where:* `<data>/rooms/NAME/`');
    expect(instructors).toContain('`<data>/rooms-joined/<id>/`');
  });
});
