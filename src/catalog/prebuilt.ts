import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type {WordIndex} from './words.js'

/**
 * The build's prebuilt search indexes (dist/data/fuzzy-index.json): trigram postings and BM25 word postings over
 * the built-in entries.
 * It only applies to a catalog of exactly the built-in entries; team files change the list, so fuzzy.ts builds
 * its own index then.
 */
const FILE = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'data', 'fuzzy-index.json')
let cached: undefined | {count: number; postings: Record<string, number[]>; words?: WordIndex}
let read = false

function load() {
  if (!read) {
    read = true
    cached = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : undefined
  }

  return cached
}

export const builtinSize = (): number => load()?.count ?? -1
export const readPrebuilt = (): Record<string, number[]> | undefined => load()?.postings
export const readWordIndex = (): undefined | WordIndex => load()?.words
