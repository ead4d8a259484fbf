import { Loaded, StatusBadge, TableHead } from '../components.js';
import type { PortalConfig } from '../config.js';
import { formatDateTime } from '../dates.js';
import { useSession } from '../session.js';
import { useApi } from '../use-api.js';
import { Decisions, DiffView, Previews, type Story } from './story-parts.js';

/** The Step Functions console page of a post's execution, when the deployment names its state machine. */
function executionLink(stateMachineArn: string | undefined, executionName: string): string | undefined {
  const parts = stateMachineArn?.split(':');
  if (!parts || parts.length < 7) return undefined;
  const [, partition, , region, account, , name] = parts;
  const executionArn = `arn:${partition}:states:${region}:${account}:execution:${name}:${executionName}`;
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

/** A small bar chart of one metric per round, as SVG (no script, no inline style). */
function MetricChart({ title, points }: { title: string; points: { round: number; value: number }[] }) {
  const max = Math.max(1, ...points.map((p) => p.value));
  const width = 24 * Math.max(points.length, 1);
  return (
    <figure class="chart">
      <svg role="img" aria-label={title} width={width} height={60} viewBox={`0 0 ${width} 60`}>
        {points.map((p, i) => {
          const h = Math.round((p.value / max) * 50);
          return (
            <rect key={p.round} x={i * 24 + 4} y={55 - h} width={16} height={h} class="bar">
              <title>{`${p.round}: ${p.value}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}

/** A post's story: previews, changes, decisions, lifecycle log, publications and metrics. */
export function StoryPage({ postId, config }: { postId: string; config: PortalConfig }) {
  const { t, timeZone, language } = useSession();
  const story = useApi<Story>(`/posts/${encodeURIComponent(postId)}/story`);
  return (
    <section aria-labelledby="story-title">
      <h2 id="story-title">
        {t('storyTitle')} {postId}
      </h2>
      <Loaded state={story}>
        {(s) => {
          const link = executionLink(config.stateMachineArn, s.post.executionName);
          const series = new Map<string, { round: number; value: number }[]>();
          for (const m of s.metrics) {
            for (const [name, value] of Object.entries(m.metrics)) {
              if (typeof value !== 'number') continue;
              const key = `${m.channel} · ${name}`;
              series.set(key, [...(series.get(key) ?? []), { round: m.round, value }]);
            }
          }
          return (
            <>
              <p>
                <StatusBadge status={s.post.status} /> r{s.post.revision} · {t('author')} {s.post.authorId} ·{' '}
                {t('scheduledFor')} {formatDateTime(s.post.scheduledAt, timeZone, language)}
              </p>
              {link ? (
                <p>
                  <a href={link} rel="noopener noreferrer" target="_blank">
                    {t('execution')}
                  </a>
                </p>
              ) : null}
              <Previews previews={s.previews} />
              {s.diff ? <DiffView diff={s.diff} /> : null}
              <Decisions decisions={s.decisions} />
              <h3>{t('publishRecords')}</h3>
              <ul>
                {s.publishRecords.map((r) => (
                  <li key={r.channel}>
                    {r.channel}: <StatusBadge status={r.status} />{' '}
                    {r.url ? (
                      <a href={r.url} rel="noopener noreferrer" target="_blank">
                        {r.url}
                      </a>
                    ) : null}{' '}
                    {r.publishedAt ? formatDateTime(r.publishedAt, timeZone, language) : ''}
                  </li>
                ))}
              </ul>
              <h3>{t('metrics')}</h3>
              <div class="charts">
                {[...series].map(([title, points]) => (
                  <MetricChart key={title} title={title} points={points} />
                ))}
              </div>
              <h3>{t('log')}</h3>
              <table>
                <TableHead columns={[t('at'), t('action'), t('actor'), t('revision')]} />
                <tbody>
                  {s.log.map((e) => (
                    <tr key={`${e.at}-${e.action}`}>
                      <td>{formatDateTime(e.at, timeZone, language)}</td>
                      <td>{e.action}</td>
                      <td>{e.actor.id}</td>
                      <td>{e.revision}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
