import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiProblem, api } from './api.js';
import { useSession } from './session.js';

/** A GET of the API as page state: the data, the problem the API answered, and a reload. */
export function useApi<T>(path: string | undefined) {
  const { token } = useSession();
  const [state, setState] = useState<{ data?: T; problem?: ApiProblem; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>(token, 'GET', path).then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) =>
        live &&
        setState({
          loading: false,
          problem: error instanceof ApiProblem ? error : new ApiProblem({ status: 0, detail: String(error) }),
        }),
    );
    return () => {
      live = false;
    };
  }, [path, token, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}
