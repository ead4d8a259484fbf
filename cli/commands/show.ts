import type { Command } from '../command.js';
import { clip, fields, shortTime, table } from '../format.js';
import { requiredArg } from '../options.js';
import { describeStatus, publicLogEntry, publicPost, requirePost } from '../post-view.js';

/** `brandflow show <postId>`: the post, its lifecycle log, publish records and metrics. */
export const showCommand: Command = {
  name: 'show',
  usage: 'show <postId>',
  summary: 'show a post with its lifecycle log, publish records and metrics',
  examples: ['brandflow show spring-launch', 'brandflow show spring-launch --json | jq .log'],
  async run({ args, connection }) {
    const postId = requiredArg(args, 0, 'postId');
    const records = await connection.records();
    const post = await requirePost(records, postId);
    const [fullLog, publishRecords, metrics, conversions] = await Promise.all([
      records.listLifecycleLog(postId),
      records.listPublishRecords(postId),
      records.listMetricSnapshots(postId),
      records.listConversions(postId),
    ]);
    const log = fullLog.map(publicLogEntry);
    const sections = [
      fields([
        ['post', post.postId],
        ['brand', post.brandId],
        ['campaign', post.campaign],
        ['status', describeStatus(post)],
        ['revision', post.revision],
        ['scheduled', `${shortTime(post.scheduledAt)} (${post.timeZone})`],
        ['channels', post.channels.join(' ')],
        ['execution', post.executionName],
        ['published', post.publishedAt ? shortTime(post.publishedAt) : undefined],
        [
          'failure',
          post.failure
            ? `${post.failure.error}${post.failure.message ? `: ${post.failure.message}` : ''}`
            : undefined,
        ],
      ]),
      section(
        'Content',
        Object.entries(post.content)
          .map(([channel, content]) => `  ${channel}: ${content.text}`)
          .join('\n'),
      ),
      section(
        'Lifecycle log',
        table(
          ['at (UTC)', 'action', 'by', 'rev', 'details'],
          log.map((entry) => [
            shortTime(entry.at),
            entry.action,
            `${entry.actor.type}:${entry.actor.id}`,
            String(entry.revision),
            entry.details ? clip(JSON.stringify(entry.details), 100) : '',
          ]),
        ),
      ),
      section(
        'Publish records',
        table(
          ['channel', 'status', 'attempts', 'published (UTC)', 'url / error'],
          publishRecords.map((record) => [
            record.channel,
            record.status,
            String(record.attempts),
            record.publishedAt ? shortTime(record.publishedAt) : '',
            record.url ?? record.lastError ?? '',
          ]),
        ),
      ),
      section(
        'Metrics',
        table(
          ['channel', 'round', 'collected (UTC)', 'metrics'],
          metrics.map((snapshot) => [
            snapshot.channel,
            String(snapshot.round),
            shortTime(snapshot.collectedAt),
            Object.entries(snapshot.metrics)
              .map(([name, value]) => `${name} ${value}`)
              .join(', '),
          ]),
        ),
      ),
    ];
    if (conversions.length) sections.push(section('Conversions', `  ${conversions.length} recorded`));
    return {
      data: { post: publicPost(post), log, publishRecords, metrics, conversions },
      text: sections.filter(Boolean).join('\n\n'),
    };
  },
};

function section(title: string, body: string): string {
  return body ? `${title}\n${body}` : `${title}\n  none`;
}
