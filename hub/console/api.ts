// The console's only way to the hub: JSON over fetch, the session in its HttpOnly cookie, the
// CSRF token (from the session answer) on every state change.
export interface Session {
  signedIn: boolean;
  login?: string;
  name?: string;
  role?: 'dept-staff' | 'supervisor' | 'admin';
  departmentId?: string | null;
  csrf?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let csrf = '';
export const setCsrf = (token: string | undefined) => void (csrf = token ?? '');

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } & Record<string, unknown> };
  if (!res.ok) throw new ApiError(res.status, body.error?.code ?? 'internal', body.error?.message ?? res.statusText, body.error ?? {});
  return body as T;
}

export const get = async <T>(path: string): Promise<T> => answer<T>(await fetch(path, { credentials: 'same-origin' }));

export async function post<T>(path: string, body: unknown = {}): Promise<T> {
  return answer<T>(
    await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) }),
  );
}
