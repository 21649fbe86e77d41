/**
 * errcode's help class (package.json oclif.helpClass). oclif wraps an example command to the terminal and joins
 * the pieces with ` \`, which breaks a command inside a quoted URL or JSON body: pasted into a shell, the
 * continuation lands inside the quotes. Here an example command is printed on one line, whatever its length;
 * only its description wraps.
 */
import {type Command, CommandHelp, Help} from '@oclif/core'

class ErrcodeCommandHelp extends CommandHelp {
  protected examples(examples: Command.Example[] | string | undefined): string | undefined {
    if (!Array.isArray(examples) || examples.some((e) => typeof e === 'string')) return super.examples(examples)
    return (examples as {command: string; description: string}[])
      .map((e) => {
        const command = this.render(e.command)
        const line = command.startsWith(this.config.bin) ? `$ ${command}` : command
        return `${this.wrap(e.description, this.indentSpacing * 2)}\n\n${this.indent(line)}`
      })
      .join('\n\n')
  }
}

export default class ErrcodeHelp extends Help {
  protected CommandHelpClass = ErrcodeCommandHelp
}
