// Splits the corpus ONCE into training and validation and writes test/fixtures/corpus/split.json. Run again only
// when records are added: ids already assigned keep their side, new ids are drawn at random (seeded), so a split
// nobody tuned on stays that way.
//
// The 63 development samples always go to training: earlier sessions tuned errcode on them one by one, so they
// cannot tell how it does on pastes it has never seen. The new pastes fill validation up to 30% of the whole set.
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'corpus')
const read = (name) =>
  readFileSync(join(dir, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l).id)

// mulberry32: a small seeded generator, so the draw is the same on every machine.
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function split(fixed, pool, previous, seed) {
  const rand = random(seed)
  const training = new Set(fixed)
  const validation = new Set()
  for (const id of pool) {
    if (previous?.training.includes(id)) training.add(id)
    if (previous?.validation.includes(id)) validation.add(id)
  }

  const fresh = pool.filter((id) => !training.has(id) && !validation.has(id))
  for (let i = fresh.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[fresh[i], fresh[j]] = [fresh[j], fresh[i]]
  }

  const total = fixed.length + pool.length
  for (const id of fresh) (validation.size < Math.round(total * 0.3) ? validation : training).add(id)
  return {training: [...training].sort(), validation: [...validation].sort()}
}

const path = join(dir, 'split.json')
const previous = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined
const dev = read('dev-samples.jsonl')
// Every gathered batch (pastes-a.jsonl, pastes-b.jsonl, ...), as test/helpers/corpus.ts reads them.
const batches = (prefix) =>
  readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => read(f))
const pastes = batches('pastes-')
const queries = batches('lookup-')
const out = {
  note: 'Written by scripts/split-corpus.mjs. Fit on training only; read validation misses only as counts by kind.',
  decode: split(dev, pastes, previous?.decode, 20261201),
  lookup: split([], queries, previous?.lookup, 20261202),
}
writeFileSync(path, `${JSON.stringify(out, null, 1)}\n`)
for (const k of ['decode', 'lookup'])
  console.log(k, 'training', out[k].training.length, 'validation', out[k].validation.length)
