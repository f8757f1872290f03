import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/errors.js';
import { parseRoomFlags } from '../../src/room/client/join-flags.js';

const user = () => 'ada';
const parse = (v: Record<string, string>) => parseRoomFlags('run', v, {}, user);
const problem = (v: Record<string, string>) => {
  try {
    parse(v);
  } catch (e) {
    expect(e).toBeInstanceOf(UserFacingError);
    expect((e as UserFacingError).exitCode).toBe(2);
    return (e as Error).message;
  }
  throw new Error('no problem reported');
};

describe('--room --code --name', () => {
  it('none given: no room', () => expect(parse({})).toBeUndefined());

  it.each([
    [
      { room: 'http://10.0.0.5:7470', code: 'AB12' },
      { url: 'http://10.0.0.5:7470/', code: 'AB12', name: 'ada' },
    ],
    [
      { room: 'https://room.example/ws/#key=SECRET', code: 'x-1', name: '  Grace  ' },
      { url: 'https://room.example/ws/', code: 'x-1', name: 'Grace' },
    ],
    [
      { room: 'http://h:1/?a=1', code: 'Z', name: 'Ünïcødé' },
      { url: 'http://h:1/', code: 'Z', name: 'Ünïcødé' },
    ],
  ])('%j → %j', (flags, want) => expect(parse(flags)).toEqual(want));

  it.each([
    [{ code: 'AB12' }, /--code needs --room URL/],
    [{ room: 'http://h' }, /--room needs --code CODE/],
    [{ name: 'x' }, /--name .* give --room URL --code CODE/],
    [{ room: 'ftp://h', code: 'A' }, /http:\/\/ or https:\/\//],
    [{ room: 'not a url', code: 'A' }, /--room takes the room's address/],
    [{ room: 'http://u:p@h', code: 'A' }, /no user name or password/],
    [{ room: 'http://h', code: 'A/B' }, /--code takes the room's join code/],
    [{ room: 'http://h', code: 'A', name: 'a\u001b[2Jb' }, /control characters/],
    [{ room: 'http://h', code: 'A', name: '   ' }, /may not be empty/],
    [{ room: 'http://h', code: 'A', name: 'n'.repeat(41) }, /at most 40/],
  ])('%j is refused in one line', (flags, want) => {
    const m = problem(flags);
    expect(m).toMatch(want);
    expect(m.startsWith('meshwalk run: ')).toBe(true);
    expect(m).not.toContain('\n');
  });

  it('names the OS user when --name is missing, and asks for --name when there is none', () => {
    expect(parseRoomFlags('tui', { room: 'http://h', code: 'A' }, {}, () => ' bob\u0007 ')?.name).toBe('bob');
    expect(() => parseRoomFlags('tui', { room: 'http://h', code: 'A' }, {}, () => undefined)).toThrow(
      /^meshwalk: cannot tell your user name: give --name NAME$/,
    );
  });
});
