import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatePolicy } from '../functions/domain/policy.js';
import { policyConfigSchema } from '../functions/domain/policy-config.js';
import { REPO_ROOT } from '../infra/core/repo-root.js';
import { median, percentile, since } from './stats.js';

/*
 * The policy check (CheckPolicy's rules, in-process) on texts of 1,000, 10,000 and 100,000
 * characters: every text function must grow linearly, and 100,000 characters take under 50 ms.
 * `npm run bench -- --policy-only` runs this part alone and rewrites its section of
 * docs/benchmarks.md; the full bench runs it too.
 */

const SIZES = [1_000, 10_000, 100_000] as const;
const TARGET_MS_AT_100K = 50;
const RUNS = 15;
const START = '<!-- policy-check:start -->';
const END = '<!-- policy-check:end -->';

const policy = policyConfigSchema.parse({
  terms: { banned: ['cheap', 'scam', 'fake', '便宜', 'дёшево'], sensitive: ['detox', 'election'] },
  channels: {
    x: { counting: 'x-weighted', maxLength: 280, maxHashtags: 2 },
    bluesky: { counting: 'graphemes', maxLength: 300, maxMentions: 5 },
  },
  links: { allowedDomains: ['aurora.example'], utm: 'require' },
  voice: { maxEmoji: 3 },
});

/** Post-like text: words, CJK, emoji, hashtags, mentions, links with and without a scheme, and evasions. */
const sample =
  'Spring tea is here at https://aurora.example/tea?utm_source=x 🍵👍🏽 #tea @aurora 春茶上市了！ ' +
  'see shop.aurora.example/deal ch\u200Beap? Ｃｈｅａｐ! ok… ';
/** The worst case the old code met: a link followed by a long run of trailing punctuation. */
const adversarial = `https://aurora.example/a${'.'.repeat(40)}!`;

function textOf(length: number, unit: string): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

export interface PolicyCheckTiming {
  text: 'post-like' | 'adversarial';
  channel: string;
  characters: number;
  medianMs: number;
  p95Ms: number;
  /** CPU time of the process, which other work on the machine does not inflate. */
  medianCpuMs: number;
}

function time(text: string, channel: string): Omit<PolicyCheckTiming, 'text' | 'channel' | 'characters'> {
  const check = () =>
    evaluatePolicy({
      post: {
        postId: 'bench',
        content: { [channel]: { text } },
        scheduledAt: '2030-03-10T09:00:00Z',
        timeZone: 'UTC',
      },
      policy,
      policyVersion: 1,
    });
  for (let i = 0; i < 3; i += 1) check();
  const durations: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    check();
    const used = process.cpuUsage(startCpu);
    durations.push(since(start));
    cpu.push((used.user + used.system) / 1000);
  }
  return { medianMs: median(durations), p95Ms: percentile(durations, 95), medianCpuMs: median(cpu) };
}

/**
 * Times the policy check: the median and 95th percentile of 15 runs after 3 warm-up runs, for
 * each size, text and channel counting.
 *
 * @example
 * ```ts
 * const timings = measurePolicyCheck();
 * ```
 */
export function measurePolicyCheck(): PolicyCheckTiming[] {
  const timings: PolicyCheckTiming[] = [];
  for (const [text, unit] of [
    ['post-like', sample],
    ['adversarial', adversarial],
  ] as const) {
    for (const channel of ['x', 'bluesky']) {
      for (const characters of SIZES) {
        timings.push({ text, channel, characters, ...time(textOf(characters, unit), channel) });
      }
    }
  }
  return timings;
}

const ms = (value: number) => value.toFixed(1);

/**
 * The section of docs/benchmarks.md for the policy check.
 *
 * @example
 * ```ts
 * renderPolicyCheck(measurePolicyCheck(), '2 × CPU');
 * ```
 */
export function renderPolicyCheck(timings: readonly PolicyCheckTiming[], machine: string): string {
  const rows = timings.map((t) => {
    const base = timings.find(
      (o) => o.text === t.text && o.channel === t.channel && o.characters === SIZES[1],
    );
    const growth =
      t.characters === SIZES[2] && base
        ? ` (×${(t.medianCpuMs / base.medianCpuMs).toFixed(1)} for ×10 text)`
        : '';
    return `| ${t.text} | ${t.channel} | ${t.characters.toLocaleString('en-US')} | ${ms(t.medianCpuMs)}${growth} | ${ms(t.medianMs)} | ${ms(t.p95Ms)} |`;
  });
  const worst = Math.max(...timings.filter((t) => t.characters === SIZES[2]).map((t) => t.medianCpuMs));
  return `${START}
## Policy check on long text

The brand-policy rules (\`evaluatePolicy\`: term folding and matching, links, lengths, voice)
on one channel's text, in-process, measured by \`npm run bench -- --policy-only\`
(\`bench/policy-check.ts\`): medians and the 95th percentile of ${RUNS} runs after 3 warm-up
runs, on ${machine}. CPU time is the process's own (\`process.cpuUsage\`); wall time also
counts whatever else the machine was running, so it is the noisier figure on a shared machine. The policy has 5 banned and 2 sensitive terms, the default claims and
disclosure markers, an allow-list with UTM parameters required, and an emoji limit; \`x\`
counts with twitter-text, \`bluesky\` in graphemes. The post-like text mixes words, Chinese,
emoji, hashtags, mentions, links with and without a scheme and evasions; the adversarial one
repeats a link followed by a run of punctuation, which took 10.8 s at 80,000 characters
before the link trimming became linear.

Target: under ${TARGET_MS_AT_100K} ms at 100,000 characters, growing linearly. Slowest median
CPU time at 100,000 characters: ${ms(worst)} ms.

| Text | Channel | Characters | Median CPU ms | Median wall ms | p95 wall ms |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
${END}`;
}

/**
 * Measures the policy check and writes its section into docs/benchmarks.md (replacing the
 * previous one, or appended when there is none).
 *
 * @example
 * ```ts
 * writePolicyCheckBench('2 × Intel Xeon');
 * ```
 */
export function writePolicyCheckBench(machine: string, write = true): string {
  const section = renderPolicyCheck(measurePolicyCheck(), machine);
  if (write) {
    const path = join(REPO_ROOT, 'docs', 'benchmarks.md');
    const page = readFileSync(path, 'utf8');
    const start = page.indexOf(START);
    const end = page.indexOf(END);
    const next =
      start >= 0 && end > start
        ? `${page.slice(0, start)}${section}${page.slice(end + END.length)}`
        : `${page.trimEnd()}\n\n${section}\n`;
    writeFileSync(path, next);
  }
  return section;
}
