/** The bench's everyday questions, each in at most two calls, answered in each channel on its own. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, MAX_CALLS, questions as baseQuestions } from '../../support/questions.js';
import { recordQuestions } from '../../support/questions-records.js';
import { type Fixture, startFixture } from '../../support/sandbox.js';

const questions = (org: Parameters<typeof baseQuestions>[0]) => [...baseQuestions(org), ...recordQuestions(org)];

describe('everyday questions in at most two calls (sandbox org of 1,200)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ sandbox: { size: 1200 } });
  });
  afterAll(() => f.close());

  it('has at least 40 questions', () => {
    expect(questions(f.sandbox.org).length).toBeGreaterThanOrEqual(40);
  });

  it('answers every one in each channel separately', async () => {
    const results = [];
    for (const q of questions(f.sandbox.org)) results.push(await ask(f.client, q));
    for (const r of results) {
      console.log(`${r.pass ? 'PASS' : 'MISS'} ${r.calls} calls, text ${r.textTokens} / structured ${r.structuredTokens} tokens: ${r.question}`);
      const got = { q: r.question, text: r.textMisses, structured: r.structuredMisses };
      expect(got).toEqual({ q: r.question, text: [], structured: [] });
      expect(r.calls).toBeLessThanOrEqual(MAX_CALLS);
    }
  }, 120_000);
});
