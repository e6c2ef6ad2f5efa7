// One GET of the API as a page reads it: the data, whether it is loading, the refusal in Chinese,
// and reload(). A new path forgets the old data (unless keepData: a list keeps its rows while the
// next filter loads); an answer to an older request is dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './api';
import { zhApiError } from './zh';

export interface ApiState<T> {
  data: T | undefined;
  /** The first load of this path, or a reload, is under way. */
  loading: boolean;
  /** The refusal: HTTP status (0 when the network failed) and its message in Chinese. */
  error: { status: number; message: string } | undefined;
  /** Loads the path again; the data stays on the page meanwhile. */
  reload(): Promise<void>;
}

/** Loads `path` (GET) when it changes; null loads nothing. */
export function useApi<T>(path: string | null, { keepData = false }: { keepData?: boolean } = {}): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiState<T>['error']>();
  const [loading, setLoading] = useState(path !== null);
  const latest = useRef(0);

  const load = useCallback(async () => {
    if (path === null) return;
    const request = ++latest.current;
    setLoading(true);
    try {
      const d = await api<T>('GET', path);
      if (request !== latest.current) return;
      setData(d);
      setError(undefined);
    } catch (err) {
      if (request !== latest.current) return;
      setError({ status: err instanceof ApiError ? err.status : 0, message: zhApiError(err).message });
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    if (!keepData) setData(undefined);
    setError(undefined);
    setLoading(path !== null);
    void load();
    return () => {
      // eslint-disable-next-line react-hooks/exhaustive-deps -- a counter, not an element: the cleanup moves it on on purpose
      latest.current++; // an answer after unmount or a new path is dropped
    };
  }, [load, path, keepData]);

  return { data, loading, error, reload: load };
}
