import { formatDateTime } from '../dates.js';
import { useSession } from '../session.js';

/** One policy finding, pointing into a channel's text. */
export interface Finding {
  rule: string;
  severity: 'block' | 'warn';
  message: string;
  channel: string;
  span?: { start: number; end: number };
}

/** A channel's preview as `GET /posts/{postId}/story` answers it. */
export interface Preview {
  channel: string;
  adapter?: string;
  text: string;
  mediaUrls: string[];
  link?: string;
  length: number;
  counting: string;
  maxLength?: number;
  findings: Finding[];
}

/** `GET /posts/{postId}/story`. */
export interface Story {
  post: {
    postId: string;
    brandId: string;
    revision: number;
    status: string;
    authorId: string;
    scheduledAt: string;
    timeZone: string;
    contentHash: string;
    executionName: string;
  };
  roles: string[];
  previews: Preview[];
  diff?: {
    fromRevision: number;
    channels: Record<string, { op: 'same' | 'add' | 'remove'; text: string }[]>;
  };
  decisions: {
    reviewerId: string;
    at: string;
    revision: number;
    decision: string;
    stage: string;
    comment?: string;
  }[];
  log: { action: string; at: string; revision: number; actor: { id: string } }[];
  publishRecords: { channel: string; status: string; url?: string; publishedAt?: string; attempts: number }[];
  metrics: { channel: string; round: number; at: string; metrics: Record<string, number> }[];
}

/** The text with each finding's place marked; the finding's message is the mark's title and label. */
function MarkedText({ text, findings }: { text: string; findings: Finding[] }) {
  const normalized = text.normalize('NFC');
  const spans = findings
    .flatMap((f) => (f.span ? [{ ...f.span, f }] : []))
    .sort((a, b) => a.start - b.start)
    .filter((s, i, all) => i === 0 || s.start >= (all[i - 1]?.end ?? 0));
  const pieces = [];
  let at = 0;
  for (const span of spans) {
    if (span.start > at) pieces.push(normalized.slice(at, span.start));
    pieces.push(
      <mark key={span.start} class={`finding-${span.f.severity}`} title={span.f.message}>
        {normalized.slice(span.start, span.end)}
      </mark>,
    );
    at = span.end;
  }
  pieces.push(normalized.slice(at));
  return <p class="post-text">{pieces}</p>;
}

/** Per channel: the text with findings marked, the platform's count against its limit, media and link. */
export function Previews({ previews }: { previews: Preview[] }) {
  const { t } = useSession();
  return (
    <div class="previews">
      {previews.map((p) => {
        const over = p.maxLength !== undefined && p.length > p.maxLength;
        return (
          <section class="preview" key={p.channel} aria-label={`${t('channel')} ${p.channel}`}>
            <h4>
              {p.channel} {p.adapter && p.adapter !== p.channel ? <small>({p.adapter})</small> : null}
            </h4>
            <MarkedText text={p.text} findings={p.findings} />
            {p.link ? (
              <p>
                <a href={p.link} rel="noopener noreferrer" target="_blank">
                  {p.link}
                </a>
              </p>
            ) : null}
            {p.mediaUrls.map((url) => (
              <p key={url}>
                <a href={url} rel="noopener noreferrer" target="_blank">
                  {url}
                </a>
              </p>
            ))}
            <p class={over ? 'count over' : 'count'}>
              {p.length}
              {p.maxLength !== undefined ? ` / ${p.maxLength}` : ''} {t('characters')} ({p.counting})
              {over ? ` — ${t('overLimit')}` : ''}
            </p>
            <h5>{t('findings')}</h5>
            {p.findings.length === 0 ? (
              <p>{t('noFindings')}</p>
            ) : (
              <ul class="findings">
                {p.findings.map((f, i) => (
                  <li key={`${f.rule}-${i}`} class={`finding-${f.severity}`}>
                    <strong>{f.severity}</strong> {f.rule}: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

/** The difference from the previous revision, word by word. */
export function DiffView({ diff }: { diff: NonNullable<Story['diff']> }) {
  const { t } = useSession();
  return (
    <section aria-label={`${t('diffTitle')} ${diff.fromRevision}`}>
      <h4>
        {t('diffTitle')} {diff.fromRevision}
      </h4>
      {Object.entries(diff.channels).map(([channel, parts]) => (
        <p key={channel} class="diff">
          <strong>{channel}: </strong>
          {parts.map((part, i) =>
            part.op === 'add' ? (
              <ins key={i}>{part.text}</ins>
            ) : part.op === 'remove' ? (
              <del key={i}>{part.text}</del>
            ) : (
              <span key={i}>{part.text}</span>
            ),
          )}
        </p>
      ))}
    </section>
  );
}

/** Every decision so far, with its comment. */
export function Decisions({ decisions }: { decisions: Story['decisions'] }) {
  const { t, timeZone, language } = useSession();
  return (
    <section>
      <h4>{t('decisionsTitle')}</h4>
      {decisions.length === 0 ? (
        <p>{t('noDecisions')}</p>
      ) : (
        <ul>
          {decisions.map((d) => (
            <li key={d.at}>
              {formatDateTime(d.at, timeZone, language)} — {d.reviewerId} ({d.stage}, r{d.revision}):{' '}
              <strong>{d.decision}</strong>
              {d.comment ? ` “${d.comment}”` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
