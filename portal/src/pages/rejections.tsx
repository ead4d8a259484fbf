import { Loaded, StatusBadge } from '../components.js';
import { formatDateTime } from '../dates.js';
import { useSession } from '../session.js';
import { useApi } from '../use-api.js';

interface Rejection {
  postId: string;
  revision: number;
  status: string;
  scheduledAt: string;
  decision?: { reviewerId: string; stage: string; decision: string; comment?: string; at: string };
  findings?: { rule: string; message: string; channel: string }[];
}

/** The brand's posts a reviewer rejected or sent back, or the policy blocked, and why. */
export function RejectionsPage() {
  const { t, brandId, timeZone, language } = useSession();
  const answer = useApi<{ rejections: Rejection[] }>(`/brands/${encodeURIComponent(brandId)}/rejections`);
  return (
    <section aria-labelledby="rejections-title">
      <h2 id="rejections-title">{t('rejectionsTitle')}</h2>
      <Loaded state={answer}>
        {({ rejections }) =>
          rejections.length === 0 ? (
            <p>{t('noRejections')}</p>
          ) : (
            <ul>
              {rejections.map((r) => (
                <li key={r.postId}>
                  <a href={`#/post/${encodeURIComponent(r.postId)}`}>{r.postId}</a> r{r.revision}{' '}
                  <StatusBadge status={r.status} /> {formatDateTime(r.scheduledAt, timeZone, language)}
                  {r.decision ? (
                    <p>
                      {r.decision.reviewerId} ({r.decision.stage}): “{r.decision.comment}”
                    </p>
                  ) : null}
                  {r.findings?.map((f) => (
                    <p key={`${f.channel}-${f.rule}`}>
                      {f.channel} · {f.rule}: {f.message}
                    </p>
                  ))}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}
