/**
 * Read a stream to its end (stdin piped or typed), with no timeout: oclif's own stdin reading gives up after
 * 10 ms, which loses slow pipes. Bounded: past `maxBytes` it stops with the caller's error.
 */
export async function readStream(
  stream: NodeJS.ReadableStream,
  maxBytes: number,
  tooLarge: (bytes: number) => Error,
): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array)
    size += b.length
    if (size > maxBytes) throw tooLarge(size)
    chunks.push(b)
  }

  return Buffer.concat(chunks)
}
