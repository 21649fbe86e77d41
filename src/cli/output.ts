/**
 * Where errcode's output goes. By default, process.stdout and process.stderr, as oclif and tests that replace
 * their `write` expect. The fast path (bin/run.js) switches to writing the file descriptors directly: creating
 * either stream loads node:stream, and for a pipe node:net (a few ms of every run, about a tenth of its budget),
 * to write text that is complete before the first byte goes out. A closed pipe (`errcode list | head`) is not an
 * error: the rest of the output is dropped and the run ends with its own exit code.
 */
import {fstatSync, writeSync} from 'node:fs'

type Fd = 1 | 2

let direct = false
const closed = new Set<Fd>()
/** Descriptors that refused a blocking write (EAGAIN: a non-blocking pipe or terminal); their stream takes over. */
const viaStream = new Set<Fd>()

/** Write fds 1 and 2 directly from now on (bin/run.js's fast path). */
export function writeDirectly(on = true): void {
  direct = on
}

const guarded = new Set<Fd>()
/** A stream the fast path falls back to gets the handler bin/run.js gives oclif's: EPIPE ends the run quietly. */
function stream(fd: Fd): NodeJS.WriteStream {
  const s = fd === 1 ? process.stdout : process.stderr
  if (direct && !guarded.has(fd)) {
    guarded.add(fd)
    s.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
      throw error
    })
  }

  return s
}

function write(fd: Fd, text: string): void {
  if (closed.has(fd)) return
  if (!direct || viaStream.has(fd)) {
    stream(fd).write(text)
    return
  }

  const bytes = Buffer.from(text)
  let at = 0
  try {
    while (at < bytes.length) at += writeSync(fd, bytes, at)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EPIPE') closed.add(fd)
    else if (code === 'EAGAIN') {
      viaStream.add(fd)
      stream(fd).write(bytes.subarray(at))
    } else throw error
  }
}

export const writeOut = (text: string): void => write(1, text)
export const writeErr = (text: string): void => write(2, text)

/** Linux's /dev/null (character device 1:3), where a benchmark or cron sends output. */
const DEV_NULL = 259

/**
 * Whether stdout is a terminal, without creating process.stdout when it plainly is not: only a character device
 * can be a terminal, and /dev/null is not one. Anything else asks the stream.
 */
function stdoutMaybeTTY(): boolean {
  try {
    const stat = fstatSync(1)
    return stat.isCharacterDevice() && !(process.platform === 'linux' && stat.rdev === DEV_NULL)
  } catch {
    return true
  }
}

let tty: boolean | undefined
export function stdoutIsTTY(): boolean {
  if (!direct) return Boolean(process.stdout.isTTY)
  tty ??= stdoutMaybeTTY() && Boolean(stream(1).isTTY)
  return tty
}

/** The terminal's width; undefined when stdout is not a terminal. */
export function stdoutColumns(): number | undefined {
  return stdoutIsTTY() ? stream(1).columns : undefined
}
