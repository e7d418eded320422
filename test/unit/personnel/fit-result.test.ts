/** The tool runner's last line of defence: any result is fitted to the budget, long strings first. */
import { describe, expect, it } from 'vitest';
import { fitResult, tokensOf } from '../../../src/personnel/budget.js';

describe('fitResult', () => {
  it('leaves a result within budget untouched', () => {
    const r = { text: 'short', structured: { a: 'short' } };
    expect(fitResult(r, 100)).toEqual({ rendered: r, shortened: false, fits: true });
  });

  it('says when even shortened the structured content is over the budget', () => {
    const structured = { counts: Array.from({ length: 400 }, (_, i) => i) };
    const { fits, rendered } = fitResult({ text: 'a\nb', structured }, 100);
    expect(fits).toBe(false);
    expect(rendered.structured).toEqual(structured);
  });

  it('shortens the longest strings in both channels and states their full length', () => {
    const long = 'word '.repeat(6_000).trim();
    const r = { text: `reason: ${long}\nnext line`, structured: { changes: [{ before: null, after: long }], n: 1 } };
    const { rendered, shortened } = fitResult(r, 800);
    expect(shortened).toBe(true);
    expect(tokensOf(rendered)).toBeLessThanOrEqual(800);
    const after = rendered.structured.changes[0]?.after ?? '';
    expect(after).toMatch(/… \[shortened from 29999 characters\]$/);
    expect(after.startsWith('word word')).toBe(true);
    // The text carries the very same shortened value, and the rest of the text is kept.
    expect(rendered.text).toContain(after);
    expect(rendered.text).toContain('next line');
    // Other values are untouched.
    expect(rendered.structured.n).toBe(1);
  });

  it('cuts text lines, saying so, when the text alone is over budget', () => {
    const r = { text: Array.from({ length: 400 }, (_, i) => `line ${i} with a few words`).join('\n'), structured: {} };
    const { rendered } = fitResult(r, 300);
    expect(tokensOf(rendered)).toBeLessThanOrEqual(300);
    expect(rendered.text).toMatch(/^line 0 with a few words\n/);
    expect(rendered.text).toMatch(/… \(cut to fit the output budget\)$/);
  });
});
