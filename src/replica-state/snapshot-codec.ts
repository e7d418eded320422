/**
 * How a shared snapshot is stored in Redis: gzip of one header line (everything but the people, and how
 * many there are) then one person per line. Written and read a batch of lines at a time, so neither side
 * ever holds the whole org as one string: at 20,000 people that string (and JSON.parse of it) had doubled
 * a replica's peak memory. A blob that is corrupt, cut short or of another shape is refused, never half used.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Person } from '../personnel/model.js';
import type { SharedSnapshotRecord } from '../personnel/snapshot-share.js';

/** People serialized per chunk handed to gzip. */
const BATCH = 200;

type Header = Omit<SharedSnapshotRecord, 'people'> & { count: number };

/** The stored form of `record` (gzip, NDJSON: header, then people). */
export async function encodeSnapshot(record: SharedSnapshotRecord): Promise<Buffer> {
  const { people, ...rest } = record;
  const header: Header = { ...rest, count: people.length };
  function* text(): Generator<string> {
    yield `${JSON.stringify(header)}\n`;
    for (let i = 0; i < people.length; i += BATCH) {
      yield people
        .slice(i, i + BATCH)
        .map((p) => `${JSON.stringify(p)}\n`)
        .join('');
    }
  }
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await pipeline(Readable.from(text(), { objectMode: false }), createGzip(), collect);
  return Buffer.concat(chunks);
}

/** The record `encodeSnapshot` stored; rejects when the blob is not a whole snapshot. */
export async function decodeSnapshot(data: Buffer): Promise<SharedSnapshotRecord> {
  const gunzip = createGunzip();
  gunzip.setEncoding('utf8'); // a character split between two chunks is joined before it is read
  Readable.from([data]).pipe(gunzip);
  let header: Header | undefined;
  const people: Person[] = [];
  let partial = '';
  const take = (line: string) => {
    if (header === undefined) header = parseHeader(line);
    else people.push(JSON.parse(line) as Person);
  };
  for await (const chunk of gunzip as AsyncIterable<string>) {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) take(line);
  }
  if (partial) take(partial);
  if (header === undefined || people.length !== header.count) {
    throw new Error(`shared snapshot cut short: ${people.length} of ${header?.count ?? '?'} people`);
  }
  const { count: _count, ...rest } = header;
  return { ...rest, people };
}

function parseHeader(line: string): Header {
  const h = JSON.parse(line) as Partial<Header>;
  const ok =
    typeof h.id === 'string' &&
    Array.isArray(h.statuses) &&
    [h.asOf, h.pages, h.seq, h.count].every((n) => typeof n === 'number' && Number.isFinite(n));
  if (!ok) throw new Error('shared snapshot has no valid header');
  return h as Header;
}
