// Calls to the API with the session cookie; state-changing calls carry the CSRF token.
export type { HazardView, HistoryView, TimelineRung, UnitChannels, WorkItem } from '../../common/views';

export interface Me {
  role: 'lead' | 'bureau' | 'department' | 'school' | 'inspector' | 'government';
  roleLabel: string;
  unitId: string | null;
  unitName: string;
  name: string | null;
  via: 'account' | 'link' | 'api_key';
  subject: string | null;
  csrfToken: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { field: string; reason: string }[],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (t: string | null) => {
  csrfToken = t;
};

/** The CSRF header of the session, for requests made without api(). */
export const csrf = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

export async function api<T = any>(method: string, path: string, body?: unknown, init: { form?: FormData } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: init.form ?? (body === undefined ? undefined : JSON.stringify(body)) });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? 'error', json?.error?.message ?? `请求失败（${res.status}）`, json?.error?.details);
  return json as T;
}
