/**
 * Issue #15: everyday questions (test/support/questions.ts), each answered by a scripted sequence of at most
 * two tool calls against the sandbox (org of 1,200, in-memory MCP client, real HTTP), checked against ground
 * truth in each channel on its own. Prints calls and tokens per question (text and structured apart) and
 * misses any question that needs more calls or whose answer is missing from a channel.
 */
import { ask, MAX_CALLS, questions } from '../../test/support/questions.js';
import { recordQuestions } from '../../test/support/questions-records.js';
import { startFixture } from '../../test/support/sandbox.js';
import { type Figure, figure, log } from './util.js';

export interface QuestionAnswer {
  question: string;
  pass: boolean;
  detail: string;
}

export async function benchQuestions(): Promise<{ figures: Figure[]; answers: QuestionAnswer[] }> {
  log('questions: org of 1,200…');
  const f = await startFixture({ sandbox: { size: 1200 } });
  const figures: Figure[] = [];
  const answers: QuestionAnswer[] = [];
  try {
    const set = [...questions(f.sandbox.org), ...recordQuestions(f.sandbox.org)];
    let calls = 0;
    let text = 0;
    let structured = 0;
    for (const q of set) {
      const r = await ask(f.client, q);
      calls += r.calls;
      text += r.textTokens;
      structured += r.structuredTokens;
      const misses = [
        ...(r.calls > MAX_CALLS ? [`${r.calls} calls`] : []),
        ...r.textMisses.map((m) => `text: ${m}`),
        ...r.structuredMisses.map((m) => `structured: ${m}`),
      ];
      const detail = `${r.calls} calls; text ${r.textTokens}, structured ${r.structuredTokens} tokens`;
      answers.push({ question: r.question, pass: r.pass, detail: misses.length ? `${detail}; ${misses.join('; ')}` : detail });
      figures.push(
        figure('questions 1,200', r.question, r.calls, 'calls', { target: `≤ ${MAX_CALLS}, answer in each channel`, pass: r.pass }, detail),
      );
    }
    figures.push(
      figure(
        'questions 1,200',
        'all questions: calls / text tokens / structured tokens',
        `${calls} / ${text} / ${structured}`,
        '',
        { target: `${set.length} questions ≥ 40, each ≤ ${MAX_CALLS} calls`, pass: set.length >= 40 && answers.every((a) => a.pass) },
        `${answers.filter((a) => a.pass).length} of ${set.length} answered in both channels`,
      ),
    );
  } finally {
    await f.close();
  }
  return { figures, answers };
}
