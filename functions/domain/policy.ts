/**
 * The brand-policy check (the CheckPolicy step): a rule engine over a post's content, its
 * promotion and its place in the brand's calendar. Pure functions; the handler reads the
 * brand and the calendar and records the result.
 */

import { POLICY_OUTCOMES } from '../contract/vocabulary.js';
import type { AssetRecord } from './asset.js';
import {
  defaultSeverity,
  type PolicyConfig,
  type PolicyRuleId,
  policyConfigSchema,
} from './policy-config.js';
import {
  countedLength,
  emojiCount,
  hashtagCount,
  isShouting,
  linksIn,
  longestExclamationRun,
  MAX_POLICY_TEXT_LENGTH,
  mentionCount,
  type TermFinder,
  type TextSpan,
  termFinder,
} from './policy-text.js';
import type { ChannelContent, Promotion } from './post.js';

export { containsTerm, findTerm } from './policy-text.js';

export type FindingSeverity = 'block' | 'warn';

/** One broken rule, pointing at the channel and the place in the text (never quoting it). */
export interface PolicyFinding {
  rule: PolicyRuleId;
  severity: FindingSeverity;
  message: string;
  channel: string;
  /** Where in the channel's NFC-normalized text, in UTF-16 code units; absent for whole-post rules. */
  span?: TextSpan;
  /** For term rules, the brand's own term (not the post text). */
  term?: string;
}

export { POLICY_OUTCOMES };

export interface PolicyResult {
  outcome: (typeof POLICY_OUTCOMES)[number];
  /** At most {@link MAX_FINDINGS_PER_RULE} per rule and channel, {@link MAX_FINDINGS} in all: the result travels in an event and a DynamoDB item. */
  findings: PolicyFinding[];
  /** Findings past those bounds: counted in the outcome, not listed. */
  omittedFindings?: number;
  /** The brand profile version whose policy was applied. */
  policyVersion: number;
}

/** Another post of the brand on the calendar, for the cadence rules. */
export interface CalendarEntry {
  postId: string;
  channels: string[];
  /** RFC 3339 UTC. */
  scheduledAt: string;
}

/** What the rules look at. */
export interface PolicySubject {
  postId: string;
  content: Record<string, ChannelContent>;
  promotion?: Promotion;
  scheduledAt: string;
  timeZone: string;
}

export interface PolicyInput {
  post: PolicySubject;
  policy: PolicyConfig;
  policyVersion: number;
  /** The brand's other live posts around the scheduled time (the post itself is ignored). */
  calendar?: readonly CalendarEntry[];
  /** The library assets the content names, by id (functions/domain/asset.ts). */
  assets?: Readonly<Record<string, Pick<AssetRecord, 'alt' | 'media'>>>;
  /** The language alternative text must be in (the brand's language). @default 'en' */
  altLanguage?: string;
}

type Report = (rule: PolicyRuleId, message: string, extra?: Partial<PolicyFinding>) => void;

/** The most findings one rule lists on one channel. */
export const MAX_FINDINGS_PER_RULE = 10;
/** The most findings a result lists. */
export const MAX_FINDINGS = 100;

/**
 * Runs every rule of the brand's policy over each channel's text. `block` findings stop the
 * post; `warn` findings go to the reviewers.
 *
 * @example
 * ```ts
 * const result = evaluatePolicy({
 *   post: { postId: 'p1', content: { x: { text: 'Risk-free returns!!!' } }, scheduledAt, timeZone: 'UTC' },
 *   policy: policyConfigSchema.parse({ claims: { patterns: ['risk-free'] } }),
 *   policyVersion: 3,
 * });
 * // result.outcome === 'block'; result.findings[0].rule === 'misleading-claim'
 * ```
 */
export function evaluatePolicy(input: PolicyInput): PolicyResult {
  const { post, policy } = input;
  const findings: PolicyFinding[] = [];
  const perRule = new Map<string, number>();
  let omitted = 0;
  let blocked = false;
  for (const [channel, content] of Object.entries(post.content)) {
    const report: Report = (rule, message, extra = {}) => {
      const severity = policy.severity[rule] ?? defaultSeverity[rule];
      if (severity === 'off') return;
      blocked ||= severity === 'block';
      const key = `${channel}\u0000${rule}`;
      const listed = perRule.get(key) ?? 0;
      if (listed >= MAX_FINDINGS_PER_RULE || findings.length >= MAX_FINDINGS) {
        omitted += 1;
        return;
      }
      perRule.set(key, listed + 1);
      findings.push({ rule, severity, message, channel, ...extra });
    };
    checkCadence(post, channel, input.calendar ?? [], policy, report);
    if (content.text.length > MAX_POLICY_TEXT_LENGTH) {
      // Past any platform's limit: the post cannot pass, and reading it all would cost for nothing.
      report(
        'length',
        `text has ${content.text.length} code units; the policy check reads at most ${MAX_POLICY_TEXT_LENGTH}`,
      );
      continue;
    }
    const terms = termFinder(content.text);
    checkTerms(terms, policy, report);
    checkDisclosure(terms, post.promotion, policy, report);
    checkChannelLimits(content, policy.channels[channel], report);
    checkAltText(content, input, report);
    checkLinks(content, policy, report);
    checkVoice(content.text, policy, report);
  }
  const outcome = blocked ? 'block' : findings.length > 0 ? 'warn' : 'pass';
  return {
    outcome,
    findings,
    ...(omitted > 0 ? { omittedFindings: omitted } : {}),
    policyVersion: input.policyVersion,
  };
}

/**
 * The old entry point: banned terms only, with the default voice lints.
 *
 * @example
 * ```ts
 * checkPolicy({ x: 'Buy now!!!' }, ['scam']).outcome; // 'warn'
 * ```
 */
export function checkPolicy(
  textByChannel: Record<string, string>,
  bannedTerms: readonly string[],
): PolicyResult {
  const policy = policyConfigSchema.parse({ terms: { banned: [...bannedTerms] }, claims: { patterns: [] } });
  const content = Object.fromEntries(Object.entries(textByChannel).map(([c, text]) => [c, { text }]));
  return evaluatePolicy({
    post: { postId: '-', content, scheduledAt: new Date(0).toISOString(), timeZone: 'UTC' },
    policy,
    policyVersion: 0,
  });
}

function checkTerms(terms: TermFinder, policy: PolicyConfig, report: Report): void {
  if (terms.hidden.count > 0) {
    report(
      'hidden-characters',
      `${terms.hidden.count} invisible formatting characters (zero-width, bidi controls or soft hyphens); they were ignored when matching terms`,
      { span: terms.hidden.first },
    );
  }
  const lists: [PolicyRuleId, readonly string[], string][] = [
    ['banned-term', policy.terms.banned, 'uses a term the brand never allows'],
    ['sensitive-term', policy.terms.sensitive, 'uses a sensitive term; a reviewer should check the context'],
    ['misleading-claim', policy.claims.patterns, 'makes an absolute promise that may mislead'],
  ];
  for (const [rule, list, message] of lists) {
    for (const term of list) {
      const span = terms.find(term);
      if (span) report(rule, `${message}: "${term}"`, { span, term });
    }
  }
}

function checkDisclosure(
  terms: TermFinder,
  promotion: Promotion | undefined,
  policy: PolicyConfig,
  report: Report,
): void {
  if (!promotion || promotion.type === 'organic') return;
  if (policy.disclosure.markers.some((marker) => terms.find(marker))) return;
  const what = promotion.type === 'paid' ? 'a paid promotion' : 'a partner post';
  report(
    'missing-disclosure',
    `${what} must say so: add one of ${policy.disclosure.markers.map((m) => `"${m}"`).join(', ')}`,
  );
}

function checkChannelLimits(
  content: ChannelContent,
  rules: PolicyConfig['channels'][string] | undefined,
  report: Report,
): void {
  if (!rules) return;
  if (rules.maxLength !== undefined) {
    const length = countedLength(content.text, rules.counting);
    if (length > rules.maxLength) {
      report('length', `text counts ${length} (${rules.counting}); the channel allows ${rules.maxLength}`);
    }
  }
  if (rules.mediaRequired && (content.mediaUrls ?? []).length + (content.assets ?? []).length === 0) {
    report('media-required', 'the channel needs at least one image or video');
  }
  const hashtags = hashtagCount(content.text);
  if (rules.maxHashtags !== undefined && hashtags > rules.maxHashtags) {
    report('hashtag-count', `${hashtags} hashtags; the channel allows ${rules.maxHashtags}`);
  }
  const mentions = mentionCount(content.text);
  if (rules.maxMentions !== undefined && mentions > rules.maxMentions) {
    report('mention-count', `${mentions} mentions; the channel allows ${rules.maxMentions}`);
  }
}

function checkAltText(content: ChannelContent, input: PolicyInput, report: Report): void {
  const language = input.altLanguage ?? 'en';
  for (const assetId of content.assets ?? []) {
    const asset = input.assets?.[assetId];
    if (asset?.media?.kind === 'image' && !asset.alt?.[language]?.trim()) {
      report('alt-text', `image ${assetId} has no alternative text in ${language}`, { term: assetId });
    }
  }
}

function checkLinks(content: ChannelContent, policy: PolicyConfig, report: Report): void {
  const links: { url: string; span?: TextSpan; bare?: boolean; media?: boolean }[] = linksIn(content.text);
  if (content.link) links.push({ url: content.link });
  for (const url of content.mediaUrls ?? []) links.push({ url, media: true });
  const allowed = policy.links.allowedDomains?.map((d) => d.toLowerCase());
  for (const { url, span, bare, media } of links) {
    let parsed: URL;
    try {
      parsed = new URL(bare ? `https://${url}` : url);
    } catch {
      report('link-https', 'a link cannot be read as a URL', { span });
      continue;
    }
    // A bare domain names no scheme: the platform picks one, so only its domain is checked.
    if (policy.links.httpsOnly && !bare && parsed.protocol !== 'https:') {
      report('link-https', 'links must use https', { span });
    }
    const host = parsed.hostname.toLowerCase();
    if (allowed && !allowed.some((d) => host === d || host.endsWith(`.${d}`))) {
      const what = media ? 'media' : 'links';
      report('link-domain', `${what} may only point at ${allowed.join(', ')}`, { span });
    }
    if (policy.links.utm === 'require' && !media) {
      const missing = policy.links.utmParameters.filter((p) => !parsed.searchParams.get(p));
      if (missing.length > 0) report('link-utm', `the link lacks ${missing.join(', ')}`, { span });
    }
  }
}

function checkVoice(text: string, policy: PolicyConfig, report: Report): void {
  if (policy.voice.noShouting && isShouting(text)) report('shouting', 'the text shouts in capitals');
  const run = longestExclamationRun(text);
  if (run.length > policy.voice.maxExclamationRun) {
    report(
      'exclamation-run',
      `${run.length} exclamation marks in a row; the voice allows ${policy.voice.maxExclamationRun}`,
      {
        span: run.span,
      },
    );
  }
  const emoji = emojiCount(text);
  if (policy.voice.maxEmoji !== undefined && emoji > policy.voice.maxEmoji) {
    report('emoji-count', `${emoji} emoji; the voice allows ${policy.voice.maxEmoji}`);
  }
}

/** The calendar day of an instant in a time zone, e.g. `2030-01-31`. */
function localDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}

function checkCadence(
  post: PolicySubject,
  channel: string,
  calendar: readonly CalendarEntry[],
  policy: PolicyConfig,
  report: Report,
): void {
  const { maxPostsPerChannelPerDay, minGapMinutes } = policy.cadence;
  const others = calendar.filter((e) => e.postId !== post.postId && e.channels.includes(channel));
  if (maxPostsPerChannelPerDay !== undefined) {
    const day = localDay(post.scheduledAt, post.timeZone);
    const sameDay = others.filter((e) => localDay(e.scheduledAt, post.timeZone) === day).length;
    if (sameDay + 1 > maxPostsPerChannelPerDay) {
      report(
        'cadence-daily',
        `${sameDay + 1} posts on ${day}; the calendar allows ${maxPostsPerChannelPerDay} a day`,
      );
    }
  }
  if (minGapMinutes !== undefined) {
    const at = Date.parse(post.scheduledAt);
    const nearest = Math.min(...others.map((e) => Math.abs(Date.parse(e.scheduledAt) - at)));
    if (nearest < minGapMinutes * 60_000) {
      report(
        'cadence-gap',
        `another post is ${Math.round(nearest / 60_000)} minutes away; the calendar asks for ${minGapMinutes}`,
      );
    }
  }
}
