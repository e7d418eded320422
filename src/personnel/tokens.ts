/**
 * A fast, dependency-free token estimate that is meant to stay at or above what real BPE tokenizers
 * (cl100k/o200k class) count for the text this server produces: JSON, markdown, names in any script.
 * It mirrors a BPE pre-tokenizer: every word, number group and punctuation run is at least one token,
 * long words and non-Latin scripts cost more. The test suite checks it against a real tokenizer.
 */
const PIECE = /[A-Za-z]+|\p{L}+|\p{N}{1,3}|[^\s\p{L}\p{N}]+|\s+/gu;

export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const match of text.matchAll(PIECE)) {
    const piece = match[0];
    const c = piece.charCodeAt(0);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      // ASCII words: common ones are one token and rare ones split every ~4 letters; mixed-case runs
      // (identifiers, base64) split far more often.
      tokens += Math.ceil(piece.length / (/[a-z][A-Z]|[A-Z]{2}[a-z]/.test(piece) ? 1.5 : 4));
    } else if (/^\p{L}/u.test(piece)) {
      // Letters outside ASCII: byte-level BPE spends about one token per 1-2 bytes of UTF-8.
      tokens += Math.ceil(Buffer.byteLength(piece, 'utf8') / 1.5);
    } else if (/^\s/.test(piece)) {
      // A single space usually merges into the next word; longer runs and newlines cost a token.
      tokens += piece === ' ' ? 0 : Math.ceil(piece.length / 8) || 1;
    } else if (/^\p{N}/u.test(piece)) {
      tokens += 1;
    } else {
      // Punctuation runs (`":"`, `"},{"`, `**`): common runs of up to three characters are one token.
      tokens += Math.ceil(Buffer.byteLength(piece, 'utf8') / 3);
    }
  }
  return tokens;
}

/** Tokens of a tool result as the model receives it: its text blocks plus the serialized structured content. */
export function resultTokens(texts: readonly string[], structured: unknown): number {
  let total = 0;
  for (const t of texts) total += estimateTokens(t);
  if (structured !== undefined) total += estimateTokens(JSON.stringify(structured));
  return total;
}
