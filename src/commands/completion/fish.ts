/** `meshwalk completion fish`: fish completions for meshwalk, from the command specs. */
import type { CommandSpec, FlagSpec, ValueKind } from './spec.js';
import { kindWord } from './posix-parts.js';

/** fish single quotes: only `\` and `'` need a backslash. */
function q(s: string): string {
  return `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** What fish offers for a value of this kind (after -x/-r). */
function valueArgs(k: ValueKind): string {
  switch (k.kind) {
    case 'lessons':
      return `-x -a '(__meshwalk_lessons)'`;
    case 'files':
      return '-r -F';
    case 'dirs':
      return `-x -a '(__fish_complete_directories (commandline -ct))'`;
    case 'choices':
      return `-x -a ${q(k.choices.join(' '))}`;
    case 'any':
      return '-x';
    default: {
      const never: never = k;
      return never;
    }
  }
}

function flagLine(c: CommandSpec, f: FlagSpec): string {
  const parts = ['complete -c meshwalk', `-n ${q(`__meshwalk_in ${c.name}`)}`, `-l ${f.long}`];
  if (f.short) parts.push(`-s ${f.short}`);
  if (f.takesValue) parts.push(valueArgs(f.value));
  if (f.description) parts.push(`-d ${q(f.description)}`);
  return parts.join(' ');
}

export function fishScript(specs: readonly CommandSpec[], version: string): string {
  const valued = specs
    .map((c) => {
      const words = c.flags
        .filter((f) => f.takesValue)
        .flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]);
      return `        case ${c.name}\n            echo ${q(words.join(' '))}`;
    })
    .join('\n');
  const kinds: string[] = [];
  for (const c of specs) {
    c.positionals.forEach((p, i) => {
      if (p.kind !== 'any') kinds.push(`        case ${q(`${c.name} @${i}`)}\n            echo ${q(kindWord(p))}`);
    });
    const last = c.positionals.at(-1);
    if (c.repeatLast && last && last.kind !== 'any')
      kinds.push(`        case ${q(`${c.name} @*`)}\n            echo ${q(kindWord(last))}`);
  }
  const stops = specs.filter((c) => c.stopsAtDashDash).map((c) => c.name);
  const commands = specs.map((c) => `complete -c meshwalk -n __meshwalk_at_command -a ${c.name} -d ${q(c.summary)}`);
  const flags = specs.flatMap((c) => c.flags.map((f) => flagLine(c, f)));
  return `# fish completions for meshwalk ${version}, written by \`meshwalk completion fish\`.
# Install:
#   meshwalk completion fish > ~/.config/fish/completions/meshwalk.fish
# Lesson ids are asked of \`meshwalk list --json\` when you press Tab.

# The command being completed: the first word after meshwalk, or tui when that is a flag.
function __meshwalk_cmd
    set -l tokens (commandline -opc)
    if test (count $tokens) -ge 2; and not string match -q -- '-*' $tokens[2]
        echo $tokens[2]
    else
        echo tui
    end
end

function __meshwalk_at_command
    test (count (commandline -opc)) -eq 1
end

function __meshwalk_in
    test (__meshwalk_cmd) = $argv[1]
end

# The flags of a command that take a value; fails for an unknown command.
function __meshwalk_valued
    switch $argv[1]
${valued}
        case '*'
            return 1
    end
end

function __meshwalk_stops
    contains -- $argv[1] ${stops.length ? stops.map(q).join(' ') : "''"}
end

# What the Nth argument of a command takes: lessons, files, dirs, any, or choices:a b.
function __meshwalk_kind
    switch "$argv[1] $argv[2]"
${kinds.join('\n')}
        case '*'
            echo any
    end
end

# The kind of the word being completed when it is an argument (not a flag or a flag's value).
function __meshwalk_arg_kind
    set -l tokens (commandline -opc)
    set -l cmd (__meshwalk_cmd)
    set -l i 2
    test $cmd = tui; or set i 3
    set -l out (__meshwalk_valued $cmd); or return 1
    set -l valued (string split ' ' -- $out)
    set -l n 0
    while test $i -le (count $tokens)
        set -l w $tokens[$i]
        if test "$w" = --; and __meshwalk_stops $cmd
            echo none
            return
        end
        if string match -q -- '-?*' $w
            if not string match -q -- '*=*' $w; and contains -- $w $valued
                set i (math $i + 1)
                if test $i -gt (count $tokens)
                    echo flag-value
                    return
                end
            end
        else
            set n (math $n + 1)
        end
        set i (math $i + 1)
    end
    __meshwalk_kind $cmd "@$n"
end

function __meshwalk_arg_is
    string match -q -- "$argv[1]*" (__meshwalk_arg_kind)
end

function __meshwalk_arg_choices
    string split ' ' -- (string replace -- 'choices:' '' (__meshwalk_arg_kind))
end

# Lesson ids from \`meshwalk list --json\`, with the --lessons folders already on the line.
function __meshwalk_lessons
    set -l tokens (commandline -opc)
    set -l dirs
    for i in (seq (count $tokens))
        if test "$tokens[$i]" = --lessons; and test $i -lt (count $tokens)
            set -a dirs --lessons $tokens[(math $i + 1)]
        end
    end
    $tokens[1] list --json $dirs 2>/dev/null | string match -ar '"id":"[^"]*"' | string replace -r '^"id":"(.*)"$' '$1'
end

complete -c meshwalk -f
${commands.join('\n')}
complete -c meshwalk -n __meshwalk_at_command -l version -s v -d 'print the version'
${flags.join('\n')}
complete -c meshwalk -n '__meshwalk_arg_is lessons' -a '(__meshwalk_lessons)'
complete -c meshwalk -n '__meshwalk_arg_is files' -F
complete -c meshwalk -n '__meshwalk_arg_is dirs' -a '(__fish_complete_directories (commandline -ct))'
complete -c meshwalk -n '__meshwalk_arg_is choices' -a '(__meshwalk_arg_choices)'
`;
}
