import { render } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { ApiProblem, api } from './api.js';
import { completeSignIn, signIn, signOut, subjectOf } from './auth.js';
import { ProblemView } from './components.js';
import { type PortalConfig, portalConfig } from './config.js';
import { type Language, languageOf, languages, rememberLanguage, translate } from './i18n.js';
import { AdminPage } from './pages/admin.js';
import { CalendarPage } from './pages/calendar.js';
import { RejectionsPage } from './pages/rejections.js';
import { ReportPage } from './pages/report.js';
import { ReviewsPage } from './pages/reviews.js';
import { StoryPage } from './pages/story.js';
import { type BrandView, type Session, SessionContext } from './session.js';

const useHash = () => {
  const [hash, setHash] = useState(location.hash);
  // Listening from the first commit, and catching up once: a link followed before the
  // listener was there must not leave the page on the route it started on.
  useLayoutEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    changed();
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash;
};

/** The route in the fragment: `#/reviews`, `#/calendar?day=2030-03-31`, `#/post/<id>`... */
function route(hash: string): { page: string; arg?: string; query: URLSearchParams } {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [page = 'reviews', arg] = path.split('/');
  return {
    page: page || 'reviews',
    arg: arg ? decodeURIComponent(arg) : undefined,
    query: new URLSearchParams(search),
  };
}

function Portal({ config, token }: { config: PortalConfig; token: string }) {
  const subject = subjectOf(token);
  const [language, setLanguage] = useState<Language>(languageOf(subject));
  const t = useCallback((key: Parameters<typeof translate>[1]) => translate(language, key), [language]);
  const hash = useHash();
  const { page, arg, query } = route(hash);
  const [brandId, setBrandId] = useState(
    query.get('brand') ?? localStorage.getItem('brandflow.brand') ?? config.brands?.[0] ?? '',
  );
  const [brand, setBrand] = useState<{ view?: BrandView; problem?: ApiProblem }>({});
  const [round, setRound] = useState(0);
  // In the same commit as the text, so a screen reader never reads one language tagged as the other.
  useLayoutEffect(() => {
    document.documentElement.lang = language;
    document.title = t('appName');
  }, [language, t]);
  useEffect(() => {
    if (!brandId) return;
    localStorage.setItem('brandflow.brand', brandId);
    api<BrandView>(token, 'GET', `/brands/${encodeURIComponent(brandId)}`).then(
      (view) => setBrand({ view }),
      (problem: unknown) => setBrand({ problem: problem instanceof ApiProblem ? problem : undefined }),
    );
  }, [brandId, token, round]);
  const session: Session = useMemo(
    () => ({
      token,
      subject,
      language,
      t,
      brandId,
      brand: brand.view,
      timeZone: (brand.view?.profile.timeZone as string | undefined) ?? 'UTC',
      reloadBrand: () => setRound((r) => r + 1),
    }),
    [token, subject, language, t, brandId, brand.view],
  );
  const nav: [string, Parameters<typeof translate>[1]][] = [
    ['reviews', 'navReviews'],
    ['calendar', 'navCalendar'],
    ['rejections', 'navRejections'],
    ['admin', 'navAdmin'],
    ['report', 'navReport'],
  ];
  return (
    <SessionContext.Provider value={session}>
      <header>
        <h1>{t('appName')}</h1>
        <nav aria-label={t('appName')}>
          <ul>
            {nav.map(([id, key]) => (
              <li key={id}>
                <a href={`#/${id}`} aria-current={page === id ? 'page' : undefined}>
                  {t(key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="session">
          <label>
            {t('brand')}{' '}
            <input
              list="brands"
              value={brandId}
              onChange={(e) => setBrandId((e.target as HTMLInputElement).value.trim())}
            />
          </label>
          <datalist id="brands">
            {(config.brands ?? []).map((b) => (
              <option key={b} value={b} />
            ))}
          </datalist>
          <label>
            {t('language')}{' '}
            <select
              value={language}
              onChange={(e) => {
                const chosen = (e.target as HTMLSelectElement).value as Language;
                rememberLanguage(subject, chosen);
                setLanguage(chosen);
              }}
            >
              {languages.map((l) => (
                <option key={l} value={l}>
                  {l === 'en' ? 'English' : '简体中文'}
                </option>
              ))}
            </select>
          </label>
          <span>
            {t('signedInAs')} <strong class="subject">{subject}</strong>
          </span>
          <button
            type="button"
            onClick={() => {
              signOut();
              location.reload();
            }}
          >
            {t('signOut')}
          </button>
        </div>
      </header>
      <main>
        {brand.problem ? <ProblemView problem={brand.problem} /> : null}
        {!brand.view ? null : page === 'calendar' ? (
          <CalendarPage anchor={query.get('day') ?? undefined} />
        ) : page === 'post' && arg ? (
          <StoryPage postId={arg} config={config} />
        ) : page === 'rejections' ? (
          <RejectionsPage />
        ) : page === 'admin' ? (
          <AdminPage />
        ) : page === 'report' ? (
          <ReportPage />
        ) : (
          <ReviewsPage />
        )}
      </main>
    </SessionContext.Provider>
  );
}

function SignIn({ failure }: { failure?: string }) {
  const language: Language = navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  return (
    <main class="sign-in">
      <h1>{translate(language, 'appName')}</h1>
      {failure ? <p role="alert">{failure}</p> : null}
      <button type="button" onClick={() => signIn()}>
        {translate(language, 'signIn')}
      </button>
    </main>
  );
}

async function start(root: HTMLElement) {
  const config = await portalConfig();
  try {
    const token = await completeSignIn();
    render(token ? <Portal config={config} token={token} /> : <SignIn />, root);
  } catch (error) {
    render(<SignIn failure={String(error)} />, root);
  }
}

const root = document.getElementById('app');
if (root) void start(root);
