/**
 * The README's examples run as printed. Every ```console block of README.md and docs/*.md is replayed against the
 * built CLI (bin/run.js) in a fresh directory and a fresh HOME, at 80 columns with NO_COLOR, and the output must
 * be what the block shows:
 * - `$ errcode ...` runs errcode (quotes, `< FILE`, `> FILE`, `>> FILE` and a trailing `# comment` read as a
 *   shell would); the output is stdout then stderr, as a terminal shows them.
 * - `$ cat FILE` shows an input: its lines become FILE for the commands after it.
 * - `$ mkdir -p DIR` makes DIR (`~` is the fresh HOME).
 * - A line `...` in the output stands for lines left out (the README trims long answers).
 * Only the fresh HOME is normalised (printed paths show it as /home/me); nothing else varies in these commands.
 * A block that cannot run here (a probe needs a live server; har/scrub need a login recorded live) says so on the
 * line before it: `<!-- readme-test: skip (REASON) -->`. `README_UPDATE=1 npx vitest run test/readme.test.ts` re-pastes
 * the output of blocks that drifted (not of those trimmed with `...`); read the diff before committing it. Any other fenced block with a `$ errcode` line must be a
 * console block, so no example is skipped silently.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {ROOT, RUN} from './helpers/cli.js'

const WIDTH = '80'
const SHOWN_HOME = '/home/me'
const SKIP = /^<!-- readme-test: skip \((.+)\) -->$/
// A live-only run may start with the environment it needs (`HTTPS_PROXY=... errcode probe`).
const COMMAND = /^\$ (?:[A-Z][A-Z\d_]*=\S* )*(errcode|cat|mkdir)(?: |$)/

interface Step {
  command: string
  output: string[]
}

interface Block {
  file: string
  line: number
  skip?: string
  steps: Step[]
}

const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => join('docs', f))].filter((f) =>
  f.endsWith('.md'),
)

function blocksOf(file: string): {blocks: Block[]; loose: number[]} {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n')
  const blocks: Block[] = []
  const loose: number[] = []
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)\s*$/.exec(lines[i])
    if (!fence) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i])
    if (fence[1] !== 'console') {
      if (body.some((l) => l.startsWith('$ errcode'))) loose.push(start + 1)
      continue
    }

    let before = start - 1
    while (before >= 0 && lines[before].trim() === '') before--
    const skip = SKIP.exec(lines[before] ?? '')?.[1]
    const steps: Step[] = []
    for (const l of body) {
      if (COMMAND.test(l)) steps.push({command: l.slice(2), output: []})
      else if (steps.length > 0) steps.at(-1)!.output.push(l)
      else steps.push({command: '', output: [l]})
    }

    blocks.push({file, line: start + 1, skip, steps})
  }

  return {blocks, loose}
}

/** Shell words: single and double quotes, backslash escapes, a `#` starting a word begins a comment. */
function shellWords(line: string): string[] {
  const words: string[] = []
  let word: string | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word)
      word = undefined
    } else if (c === '#' && word === undefined) break
    else if (c === "'") {
      const end = line.indexOf("'", i + 1)
      if (end === -1) throw new Error(`unclosed quote in: ${line}`)
      word = (word ?? '') + line.slice(i + 1, end)
      i = end
    } else if (c === '"') {
      word ??= ''
      for (i++; i < line.length && line[i] !== '"'; i++) word += line[i] === '\\' ? line[++i] : line[i]
    } else if (c === '\\') word = (word ?? '') + line[++i]
    else word = (word ?? '') + c
  }

  if (word !== undefined) words.push(word)
  return words
}

/** `...` lines match any number of lines (none included). */
function matches(expected: string[], actual: string[]): boolean {
  const memo = new Map<string, boolean>()
  const at = (e: number, a: number): boolean => {
    const key = `${e},${a}`
    if (memo.has(key)) return memo.get(key)!
    let ok: boolean
    if (e === expected.length) ok = a === actual.length
    else if (expected[e] === '...') ok = at(e + 1, a) || (a < actual.length && at(e, a + 1))
    else ok = a < actual.length && expected[e] === actual[a] && at(e + 1, a + 1)
    memo.set(key, ok)
    return ok
  }

  return at(0, 0)
}

const tidy = (lines: string[]) => {
  const out = lines.map((l) => l.trimEnd())
  while (out.length > 0 && out.at(-1) === '') out.pop()
  return out
}

function replay(block: Block): void {
  const cwd = mkdtempSync(join(tmpdir(), 'errcode-readme-'))
  const home = join(cwd, 'home')
  mkdirSync(home)
  const env: NodeJS.ProcessEnv = {...process.env, COLUMNS: WIDTH, HOME: home, NO_COLOR: '1'}
  for (const name of ['CI', 'ERRCODE_CATALOG_PATH', 'ERRCODE_CONFIG_DIR', 'ERRCODE_CONTENT_TYPE', 'ERRCODE_NO_FAST'])
    delete env[name]
  delete env.XDG_CONFIG_HOME
  delete env.FORCE_COLOR
  const path = (p: string) => (p.startsWith('~/') ? join(home, p.slice(2)) : join(cwd, p))

  for (const step of block.steps) {
    const where = `${block.file}:${block.line}: $ ${step.command}`
    expect(step.command, `${where}: output before any command`).not.toBe('')
    const [program, ...words] = shellWords(step.command)
    if (program === 'cat') {
      writeFileSync(path(words[0]), `${step.output.join('\n')}\n`)
      continue
    }

    if (program === 'mkdir') {
      for (const dir of words.filter((w) => w !== '-p')) mkdirSync(path(dir), {recursive: true})
      expect(tidy(step.output), where).toEqual([])
      continue
    }

    const args: string[] = []
    let input = ''
    let output: string | undefined
    let append = false
    for (let i = 0; i < words.length; i++) {
      if (words[i] === '<') input = readFileSync(path(words[++i]), 'utf8')
      else if (words[i] === '>' || words[i] === '>>') {
        append = words[i] === '>>'
        output = path(words[++i])
      } else args.push(words[i].startsWith('~/') ? path(words[i]) : words[i])
    }

    const r = spawnSync(process.execPath, [RUN, ...args], {cwd, encoding: 'utf8', env, input, timeout: 60_000})
    if (output !== undefined) writeFileSync(output, r.stdout, {flag: append ? 'a' : 'w'})
    const shown = (output === undefined ? r.stdout : '') + r.stderr
    const actual = tidy(shown.replaceAll(home, SHOWN_HOME).split('\n'))
    const expected = tidy(step.output)
    // On a mismatch, the whole text as a diff (a `...` line shows where the README trims).
    if (!matches(expected, actual) && process.env.README_UPDATE && !expected.includes('...')) {
      // README_UPDATE=1: re-paste what the CLI prints now (blocks that trim with `...` are left to a person).
      const file = join(ROOT, block.file)
      const was = `$ ${step.command}\n${step.output.join('\n')}`
      const text = readFileSync(file, 'utf8')
      if (text.split(was).length === 2)
        writeFileSync(
          file,
          text.replace(was, () => `$ ${step.command}\n${actual.join('\n')}`),
        )
    } else if (!matches(expected, actual)) expect(actual.join('\n'), where).toBe(expected.join('\n'))
  }
}

const all = files.map((f) => blocksOf(f))
const blocks = all.flatMap((b) => b.blocks)

describe("the README's and docs' examples", () => {
  it('are console blocks (a fenced block with `$ errcode` in it is one), each run or skipped with a reason', () => {
    expect(files.flatMap((f, i) => all[i].loose.map((line) => `${f}:${line}`))).toEqual([])
    const skipped = blocks.filter((b) => b.skip)
    // Only what needs something live is skipped; everything else runs.
    for (const b of skipped)
      expect([`${b.file}:${b.line}`, b.steps[0]?.command]).toEqual([
        `${b.file}:${b.line}`,
        expect.stringMatching(/^(?:[A-Z][A-Z\d_]*=\S* )*errcode (probe|har|scrub|decode PHNhbWxw)/),
      ])
    expect(blocks.filter((b) => !b.skip).length).toBeGreaterThanOrEqual(10)
  })

  for (const block of blocks.filter((b) => !b.skip))
    it(`${block.file}:${block.line} runs as printed (${block.steps.find((s) => s.command.startsWith('errcode'))?.command.slice(0, 60)})`, () => {
      replay(block)
    }, 120_000)

  it('reads commands as a shell would, and a `...` line stands for lines left out', () => {
    expect(shellWords(`errcode lookup 'a b' "c \\"d\\"" e\\ f  # note`)).toEqual([
      'errcode',
      'lookup',
      'a b',
      'c "d"',
      'e f',
    ])
    expect(matches(['a', '...', 'd'], ['a', 'b', 'c', 'd'])).toBe(true)
    expect(matches(['a', '...'], ['a'])).toBe(true)
    expect(matches(['a', '...', 'd'], ['a', 'b', 'c'])).toBe(false)
    expect(matches(['a', 'b'], ['a', 'c'])).toBe(false)
  })
})
