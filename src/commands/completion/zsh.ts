/** `meshwalk completion zsh`: a zsh completion function for meshwalk, from the command specs. */
import type { CommandSpec, FlagSpec } from './spec.js';
import { commandFunctions, kindFunction, LESSONS_FUNCTION } from './posix-parts.js';

/** One `_describe` entry: `name:description`, the name's colons escaped, the whole single-quoted. */
function entry(name: string, description: string): string {
  const text = description ? `${name.replace(/:/g, '\\:')}:${description}` : name.replace(/:/g, '\\:');
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

const flagEntries = (f: FlagSpec) => [
  entry(`--${f.long}`, f.description),
  ...(f.short ? [entry(`-${f.short}`, f.description)] : []),
];

export function zshScript(specs: readonly CommandSpec[], version: string): string {
  const commands = specs.map((c) => `    ${entry(c.name, c.summary)}`).join('\n');
  const flagArms = specs
    .map(
      (c) =>
        `    ${c.name}) flags=(\n${c.flags
          .flatMap(flagEntries)
          .map((e) => `      ${e}`)
          .join('\n')}\n    ) ;;`,
    )
    .join('\n');
  return `#compdef meshwalk
# zsh completion for meshwalk ${version}, written by \`meshwalk completion zsh\`.
# Install it as _meshwalk in a folder of your fpath, before compinit runs in ~/.zshrc:
#   mkdir -p ~/.zsh/completions
#   meshwalk completion zsh > ~/.zsh/completions/_meshwalk
#   # in ~/.zshrc: fpath=(~/.zsh/completions $fpath); autoload -Uz compinit; compinit
# or, after compinit:  source <(meshwalk completion zsh)
# Lesson ids are asked of \`meshwalk list --json\` when you press Tab.

${LESSONS_FUNCTION}

${commandFunctions(specs)}

${kindFunction(specs)}

# Offers the candidates of one kind (see _meshwalk_kind).
_meshwalk_complete_kind() {
  local -a ids choices
  case $1 in
    lessons)
      ids=(\${(f)"$(_meshwalk_lessons "$_meshwalk_prog" "\${_meshwalk_lesson_dirs[@]}")"})
      compadd -a ids ;;
    files) _files ;;
    dirs) _files -/ ;;
    choices:*)
      choices=(\${=\${1#choices:}})
      compadd -a choices ;;
    *) _message 'value' ;;
  esac
}

_meshwalk() {
  local cur=\${words[CURRENT]} cmd=tui first=2 i w n=0 valued
  local _meshwalk_prog=\${words[1]}
  local -a _meshwalk_lesson_dirs commands flags
  if ((CURRENT == 2)) && [[ $cur != -* ]]; then
    commands=(
${commands}
    )
    _describe 'command' commands
    return
  fi
  if [[ \${words[2]} != -* ]]; then
    cmd=\${words[2]}
    first=3
  fi
  valued=$(_meshwalk_valued "$cmd") || return 1
  for ((i = first; i < CURRENT; i++)); do
    w=\${words[i]}
    if [[ $w == -- ]] && _meshwalk_stops "$cmd"; then
      return 1
    fi
    if [[ $w == -?* ]]; then
      if [[ $w != *=* && " $valued " == *" $w "* ]]; then
        ((i++))
        if ((i >= CURRENT)); then
          _meshwalk_complete_kind "$(_meshwalk_kind "$cmd" "$w")"
          return
        fi
        [[ $w == --lessons ]] && _meshwalk_lesson_dirs+=(--lessons "\${words[i]}")
      fi
      continue
    fi
    ((n++))
  done
  if [[ $cur == -* ]]; then
    case $cmd in
${flagArms}
    esac
    ((CURRENT == 2)) && flags+=('--version:print the version')
    _describe 'flag' flags
    return
  fi
  _meshwalk_complete_kind "$(_meshwalk_kind "$cmd" "@$n")"
}

if [[ $funcstack[1] == _meshwalk ]]; then
  _meshwalk "$@"
else
  compdef _meshwalk meshwalk
fi
`;
}
