import { useState } from 'preact/hooks';
import { ApiProblem, api } from '../api.js';
import { Loaded, ProblemView } from '../components.js';
import { formatDateTime } from '../dates.js';
import { useSession } from '../session.js';
import { useApi } from '../use-api.js';
import { Decisions, DiffView, Previews, type Story } from './story-parts.js';

interface QueueEntry {
  postId: string;
  revision: number;
  authorId: string;
  scheduledAt: string;
  contentHash: string;
  stage: string;
  stageNumber: number;
  stageCount: number;
  remindAt?: string;
  escalateAt?: string;
  waitingMinutes: number;
}

type Decision = 'approve' | 'reject' | 'request_changes';

/** One waiting stage: the post's previews, findings, changes and decisions, and the decision form. */
function ReviewItem({ entry, onDecided }: { entry: QueueEntry; onDecided: (status: string) => void }) {
  const { t, token } = useSession();
  const story = useApi<Story>(`/posts/${encodeURIComponent(entry.postId)}/story`);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const decide = async (decision: Decision) => {
    try {
      // The hash of the content this page showed: a later edit makes the API refuse the approval.
      const answer = await api<{ status: string }>(
        token,
        'POST',
        `/posts/${encodeURIComponent(entry.postId)}/decisions`,
        {
          revision: entry.revision,
          stage: entry.stage,
          decision,
          contentHash: entry.contentHash,
          ...(comment.trim() ? { comment: comment.trim() } : {}),
        },
      );
      onDecided(answer.status);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem({ status: 0, detail: String(error) }));
    }
  };
  const commentId = `comment-${entry.postId}`;
  return (
    <div class="review-item">
      <Loaded state={story}>
        {(s) => (
          <>
            <Previews previews={s.previews} />
            {s.diff ? <DiffView diff={s.diff} /> : null}
            <Decisions decisions={s.decisions} />
          </>
        )}
      </Loaded>
      <form
        class="decision"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label for={commentId}>{t('comment')}</label>
        <textarea
          id={commentId}
          value={comment}
          onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
        />
        <div class="buttons">
          <button type="button" class="approve" onClick={() => decide('approve')}>
            {t('approve')}
          </button>
          <button type="button" class="request-changes" onClick={() => decide('request_changes')}>
            {t('requestChanges')}
          </button>
          <button type="button" class="reject" onClick={() => decide('reject')}>
            {t('reject')}
          </button>
        </div>
      </form>
      {problem ? <ProblemView problem={problem} /> : null}
    </div>
  );
}

/** My reviews: the stages waiting on me, longest-waiting first, with their SLA clock. */
export function ReviewsPage() {
  const { t, brandId, timeZone, language } = useSession();
  const queue = useApi<{ mayDecide: boolean; queue: QueueEntry[] }>(
    `/brands/${encodeURIComponent(brandId)}/reviews`,
  );
  const [open, setOpen] = useState<string | undefined>();
  const [notice, setNotice] = useState('');
  const decided = (postId: string) => (status: string) => {
    setNotice(`${t('decided')}: ${postId} — ${status}`);
    setOpen(undefined);
    queue.reload();
  };
  return (
    <section aria-labelledby="reviews-title">
      <h2 id="reviews-title">{t('reviewsTitle')}</h2>
      <p role="status" class="notice">
        {notice}
      </p>
      <Loaded state={queue}>
        {(data) =>
          !data.mayDecide ? (
            <p>{t('cannotDecide')}</p>
          ) : data.queue.length === 0 ? (
            <p>{t('queueEmpty')}</p>
          ) : (
            <ul class="queue">
              {data.queue.map((entry) => (
                <li key={entry.postId} class="queue-entry">
                  <h3>
                    <a href={`#/post/${encodeURIComponent(entry.postId)}`}>{entry.postId}</a>{' '}
                    <small>r{entry.revision}</small>
                  </h3>
                  <dl>
                    <dt>{t('stage')}</dt>
                    <dd>
                      {entry.stage} ({entry.stageNumber}/{entry.stageCount})
                    </dd>
                    <dt>{t('waiting')}</dt>
                    <dd>
                      {entry.waitingMinutes} {t('minutes')}
                    </dd>
                    {entry.remindAt ? (
                      <>
                        <dt>{t('remindAt')}</dt>
                        <dd>{formatDateTime(entry.remindAt, timeZone, language)}</dd>
                      </>
                    ) : null}
                    {entry.escalateAt ? (
                      <>
                        <dt>{t('escalateAt')}</dt>
                        <dd>{formatDateTime(entry.escalateAt, timeZone, language)}</dd>
                      </>
                    ) : null}
                    <dt>{t('scheduledFor')}</dt>
                    <dd>{formatDateTime(entry.scheduledAt, timeZone, language)}</dd>
                    <dt>{t('author')}</dt>
                    <dd>{entry.authorId}</dd>
                  </dl>
                  <button
                    type="button"
                    aria-expanded={open === entry.postId}
                    onClick={() => setOpen(open === entry.postId ? undefined : entry.postId)}
                  >
                    {t('open')} {entry.postId}
                  </button>
                  {open === entry.postId ? (
                    <ReviewItem entry={entry} onDecided={decided(entry.postId)} />
                  ) : null}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}
