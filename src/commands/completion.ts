import {Args} from '@oclif/core'

import {BaseCommand} from '../base-command.js'

export default class Completion extends BaseCommand {
  static args = {
    shell: Args.string({description: 'bash, zsh or fish. Default: the one SHELL names.', ignoreStdin: true}),
  }

  static description = `Prints a completion script for bash, zsh or fish. It completes command names, flags, and the values of --provider (every provider slug and alias, your team catalogs' providers included) and of --catalog, --file and --output (paths). The script asks errcode itself at each Tab, so it stays right when errcode is updated.`

  static examples = [
    {command: '<%= config.bin %> <%= command.id %> bash >> ~/.bashrc', description: 'bash'},
    {
      command: '<%= config.bin %> <%= command.id %> zsh > "${fpath[1]}/_errcode"',
      description: 'zsh (a directory on fpath; then start a new shell)',
    },
    {
      command: '<%= config.bin %> <%= command.id %> fish > ~/.config/fish/completions/errcode.fish',
      description: 'fish',
    },
  ]

  static summary = 'Print a shell completion script (commands, flags, provider names).'

  static runner = 'completion' as const
}
