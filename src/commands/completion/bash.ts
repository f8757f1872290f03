/** `meshwalk completion bash`: a bash completion function for meshwalk, from the command specs. */
import type { CommandSpec } from './spec.js';
import { commandFunctions, flagListFunction, kindFunction, LESSONS_FUNCTION, shellQuote } from './posix-parts.js';

export function bashScript(specs: readonly CommandSpec[], version: string): string {
  const names = specs.map((c) => c.name).join(' ');
  return `# bash completion for meshwalk ${version}, written by \`meshwalk completion bash\`.
# Install it where bash-completion finds it (it is loaded the first time you complete meshwalk):
#   meshwalk completion bash > ~/.local/share/bash-completion/completions/meshwalk
# or, without bash-completion, add to ~/.bashrc:  source <(meshwalk completion bash)
# Lesson ids are asked of \`meshwalk list --json\` when you press Tab.

_meshwalk_commands=${shellQuote(names)}

${LESSONS_FUNCTION}

${commandFunctions(specs)}

${flagListFunction(specs)}

${kindFunction(specs)}

# Reads candidates, one a line, into COMPREPLY (bash 3.2 has no mapfile).
_meshwalk_reply() {
  local line
  COMPREPLY=()
  while IFS= read -r line; do COMPREPLY+=("$line"); done
}

# Fills COMPREPLY with the candidates of one kind (see _meshwalk_kind) for the word $2.
_meshwalk_complete_kind() {
  local kind=$1 cur=$2
  case $kind in
    lessons) _meshwalk_reply < <(compgen -W "$(_meshwalk_lessons "$_meshwalk_prog" "\${_meshwalk_lesson_dirs[@]}")" -- "$cur") ;;
    files) compopt -o filenames 2>/dev/null; _meshwalk_reply < <(compgen -f -- "$cur") ;;
    dirs) compopt -o filenames 2>/dev/null; _meshwalk_reply < <(compgen -d -- "$cur") ;;
    choices:*) _meshwalk_reply < <(compgen -W "\${kind#choices:}" -- "$cur") ;;
    *) COMPREPLY=() ;;
  esac
}

_meshwalk() {
  local cur=\${COMP_WORDS[COMP_CWORD]}
  local cmd=tui first=1 i w n=0 valued
  local _meshwalk_prog=\${COMP_WORDS[0]}
  local -a _meshwalk_lesson_dirs=()
  COMPREPLY=()
  [[ $cur == = ]] && cur=
  if ((COMP_CWORD == 1)) && [[ $cur != -* ]]; then
    _meshwalk_reply < <(compgen -W "$_meshwalk_commands" -- "$cur")
    return 0
  fi
  if [[ \${COMP_WORDS[1]} != -* ]]; then
    cmd=\${COMP_WORDS[1]}
    first=2
  fi
  valued=$(_meshwalk_valued "$cmd") || return 0
  for ((i = first; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    if [[ $w == -- ]] && _meshwalk_stops "$cmd"; then
      return 0
    fi
    if [[ $w == -?* ]]; then
      if [[ $w != *=* && " $valued " == *" $w "* ]]; then
        ((i++))
        [[ \${COMP_WORDS[i]} == = ]] && ((i++))
        if ((i >= COMP_CWORD)); then
          _meshwalk_complete_kind "$(_meshwalk_kind "$cmd" "$w")" "$cur"
          return 0
        fi
        [[ $w == --lessons ]] && _meshwalk_lesson_dirs+=(--lessons "\${COMP_WORDS[i]}")
      fi
      continue
    fi
    ((n++))
  done
  if [[ $cur == -* ]]; then
    local all
    all=$(_meshwalk_flags "$cmd")
    ((COMP_CWORD == 1)) && all="$all --version"
    _meshwalk_reply < <(compgen -W "$all" -- "$cur")
    return 0
  fi
  _meshwalk_complete_kind "$(_meshwalk_kind "$cmd" "@$n")" "$cur"
}

complete -F _meshwalk meshwalk
`;
}
