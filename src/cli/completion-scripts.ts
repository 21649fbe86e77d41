/**
 * The scripts `errcode completion SHELL` prints. Each is a thin shim: it passes the words typed so far to
 * `errcode __complete` (src/cli/complete.ts) and hands the answer to the shell, so the scripts never go stale.
 */
import {UsageError} from '../errors.js'
import type {Outcome} from './outcome.js'

const BASH = `# errcode completion for bash: commands, flags and --provider values.
# Install: errcode completion bash >> ~/.bashrc   (or: eval "$(errcode completion bash)")
_errcode_complete() {
  local cur=\${COMP_WORDS[COMP_CWORD]} line
  COMPREPLY=()
  while IFS= read -r line; do
    if [[ $line == :files ]]; then
      compopt -o filenames 2>/dev/null
      while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
    elif [[ -n $line ]]; then
      COMPREPLY+=("\${line%%$'\\t'*}")
    fi
  done < <(errcode __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
}
complete -F _errcode_complete errcode
`

const ZSH = `#compdef errcode
# errcode completion for zsh: commands, flags and --provider values, with descriptions.
# Install: errcode completion zsh > "\${fpath[1]}/_errcode"   (or, after compinit: eval "$(errcode completion zsh)")
_errcode() {
  local -a candidates
  local line value description
  for line in "\${(@f)$(errcode __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}"; do
    [[ -z $line ]] && continue
    if [[ $line == :files ]]; then
      _files
      return
    fi
    value=\${line%%$'\\t'*}
    description=\${line#*$'\\t'}
    [[ $description == "$line" ]] && description=
    candidates+=("\${value//:/\\\\:}\${description:+:$description}")
  done
  (( \${#candidates} )) && _describe -t values errcode candidates
}
if [[ $funcstack[1] == _errcode ]]; then _errcode "$@"; else compdef _errcode errcode; fi
`

const FISH = `# errcode completion for fish: commands, flags and --provider values, with descriptions.
# Install: errcode completion fish > ~/.config/fish/completions/errcode.fish
function __errcode_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    for line in (errcode __complete -- $words[2..-1] "$current" 2>/dev/null)
        if test "$line" = ':files'
            __fish_complete_path "$current"
        else
            printf '%s\\n' $line
        end
    end
end
complete -c errcode -f -a '(__errcode_complete)'
`

export const SHELLS = {bash: BASH, fish: FISH, zsh: ZSH} as const
export type Shell = keyof typeof SHELLS

const isShell = (name: string): name is Shell => Object.hasOwn(SHELLS, name)

/** `errcode completion [SHELL]`: the script for SHELL, else for the login shell ($SHELL). */
export async function runCompletion(
  shell: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Outcome<{script: string; shell: Shell}>> {
  const name = shell ?? (env.SHELL ?? '').split('/').at(-1) ?? ''
  if (!isShell(name))
    throw new UsageError(
      shell !== undefined
        ? `no completion for "${shell}"; errcode completes bash, zsh and fish`
        : env.SHELL
          ? `no completion for ${env.SHELL} (from SHELL); name the shell: bash, zsh or fish`
          : 'SHELL is not set; name the shell: bash, zsh or fish',
      ['errcode completion bash', 'errcode completion zsh', 'errcode completion fish'],
    )
  const script = SHELLS[name]
  return {data: {script, shell: name}, exit: 0, text: script.trimEnd(), warnings: []}
}
