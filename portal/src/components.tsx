import type { ComponentChildren } from 'preact';
import type { ApiProblem } from './api.js';
import { useSession } from './session.js';

/** The API's problem details as the person reads them: the detail, then each field and rule. */
export function ProblemView({ problem }: { problem: ApiProblem }) {
  const { t } = useSession();
  return (
    <div class="problem" role="alert">
      <p>
        <strong>{t('refused')}</strong> ({problem.problem.status}): {problem.message}
      </p>
      {problem.problem.errors?.length ? (
        <ul>
          {problem.problem.errors.map((e) => (
            <li key={`${e.field}:${e.rule}`}>
              <code>{e.field}</code> — {e.message} <span class="rule">({e.rule})</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A page's data, or its loading note, or the problem the API answered. */
export function Loaded<T>({
  state,
  children,
}: {
  state: { data?: T; problem?: ApiProblem; loading: boolean };
  children: (data: T) => ComponentChildren;
}) {
  const { t } = useSession();
  if (state.problem) return <ProblemView problem={state.problem} />;
  if (state.data === undefined) return <p aria-live="polite">{t('loading')}</p>;
  return <>{children(state.data)}</>;
}

/** A status as a labelled badge. */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`status status-${status.replace(/_/g, '-')}`}>{status.replace(/_/g, ' ')}</span>;
}

/** What a save answered: a saved note, or the problem the API answered. */
export function SaveOutcome({ save }: { save: { done: boolean; problem?: ApiProblem } }) {
  const { t } = useSession();
  if (save.problem) return <ProblemView problem={save.problem} />;
  return save.done ? <p role="status">{t('saved')}</p> : null;
}

/** A table's column headings. */
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
