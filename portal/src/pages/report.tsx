import { Loaded } from '../components.js';
import { formatDateTime } from '../dates.js';
import { useSession } from '../session.js';
import { useApi } from '../use-api.js';

interface ReportIndex {
  period: string;
  kind: string;
  generatedAt: string;
  timeZone: string;
  language: string;
  bucket: string;
  objects: Record<string, string>;
  /** Presigned GET links, per format, valid for a few minutes. */
  links: Record<string, string>;
  posts: number;
  sample: number;
}

const formats = ['html', 'md', 'csv'] as const;

/** The brand's latest analysis report: what it covers, and links that open each stored format. */
export function ReportPage() {
  const { t, brandId, timeZone, language } = useSession();
  const report = useApi<ReportIndex>(`/brands/${encodeURIComponent(brandId)}/reports/latest`);
  if (report.problem?.problem.status === 404) return <p>{t('noReport')}</p>;
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">{t('reportTitle')}</h2>
      <Loaded state={report}>
        {(r) => (
          <dl>
            <dt>{t('period')}</dt>
            <dd>
              {r.period} ({r.kind})
            </dd>
            <dt>{t('generatedAt')}</dt>
            <dd>{formatDateTime(r.generatedAt, timeZone, language)}</dd>
            <dt>{t('posts')}</dt>
            <dd>{r.posts}</dd>
            <dt>{t('reportFormats')}</dt>
            <dd>
              <ul>
                {formats
                  .filter((format) => r.links[format])
                  .map((format) => (
                    <li key={format}>
                      <a href={r.links[format]} rel="noopener noreferrer">
                        {t(`openReport_${format}`)}
                      </a>
                    </li>
                  ))}
              </ul>
              <p>{t('reportLinksExpire')}</p>
            </dd>
          </dl>
        )}
      </Loaded>
    </section>
  );
}
