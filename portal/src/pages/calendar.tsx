import { useState } from 'preact/hooks';
import { Loaded, StatusBadge } from '../components.js';
import { addDays, type DayKey, dayIn, formatDay, formatTime, monthOf, weekStart } from '../dates.js';
import { useSession } from '../session.js';
import { useApi } from '../use-api.js';

interface CalendarPost {
  postId: string;
  revision: number;
  status: string;
  scheduledAt: string;
  channels: string[];
}

/** The days a view shows: a week from Monday, or a whole month. */
function daysOf(view: 'week' | 'month', anchor: DayKey): DayKey[] {
  if (view === 'week') {
    const first = weekStart(anchor);
    return Array.from({ length: 7 }, (_, i) => addDays(first, i));
  }
  const { first, days } = monthOf(anchor);
  return Array.from({ length: days }, (_, i) => addDays(first, i));
}

/** Week and month views of the brand's posts in the brand's time zone, by channel and status. */
export function CalendarPage({ anchor: initial }: { anchor?: string }) {
  const { t, brandId, brand, timeZone, language } = useSession();
  const [view, setView] = useState<'week' | 'month'>('week');
  const [anchor, setAnchor] = useState<DayKey>(initial ?? dayIn(Date.now(), timeZone));
  const [channel, setChannel] = useState('');
  const [status, setStatus] = useState('');
  const days = daysOf(view, anchor);
  // A day either side: the query is in UTC, the days are the brand's.
  const from = `${addDays(days[0] as DayKey, -1)}T00:00:00Z`;
  const to = `${addDays(days[days.length - 1] as DayKey, 2)}T00:00:00Z`;
  const posts = useApi<CalendarPost[]>(
    `/brands/${encodeURIComponent(brandId)}/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
  );
  const step = (n: number) =>
    setAnchor(
      view === 'week' ? addDays(anchor, 7 * n) : monthOf(addDays(monthOf(anchor).first, n * 31)).first,
    );
  const channels = brand?.profile.channels.map((c) => c.id) ?? [];
  return (
    <section aria-labelledby="calendar-title">
      <h2 id="calendar-title">
        {t('calendarTitle')} <small>({timeZone})</small>
      </h2>
      <div class="toolbar">
        <button type="button" aria-pressed={view === 'week'} onClick={() => setView('week')}>
          {t('week')}
        </button>
        <button type="button" aria-pressed={view === 'month'} onClick={() => setView('month')}>
          {t('month')}
        </button>
        <button type="button" onClick={() => step(-1)}>
          {t('previous')}
        </button>
        <button type="button" onClick={() => setAnchor(dayIn(Date.now(), timeZone))}>
          {t('today')}
        </button>
        <button type="button" onClick={() => step(1)}>
          {t('next')}
        </button>
        <label>
          {t('channel')}{' '}
          <select value={channel} onChange={(e) => setChannel((e.target as HTMLSelectElement).value)}>
            <option value="">{t('all')}</option>
            {channels.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('status')}{' '}
          <input
            type="text"
            value={status}
            placeholder="scheduled"
            onInput={(e) => setStatus((e.target as HTMLInputElement).value.trim())}
          />
        </label>
      </div>
      <Loaded state={posts}>
        {(list) => {
          const shown = list.filter(
            (p) => (!channel || p.channels.includes(channel)) && (!status || p.status === status),
          );
          return (
            <ol class={`calendar calendar-${view}`}>
              {days.map((day) => {
                const onDay = shown.filter((p) => dayIn(p.scheduledAt, timeZone) === day);
                return (
                  <li key={day} class="day" data-day={day}>
                    <h3>{formatDay(day, language)}</h3>
                    <ul>
                      {onDay.map((p) => (
                        <li key={p.postId} class="calendar-post">
                          <time dateTime={p.scheduledAt}>
                            {formatTime(p.scheduledAt, timeZone, language)}
                          </time>{' '}
                          <a href={`#/post/${encodeURIComponent(p.postId)}`}>{p.postId}</a>{' '}
                          <StatusBadge status={p.status} />{' '}
                          <span class="channels">{p.channels.join(', ')}</span>
                        </li>
                      ))}
                    </ul>
                  </li>
                );
              })}
            </ol>
          );
        }}
      </Loaded>
    </section>
  );
}
