// The dashboard's only way to the server: the public HTTP API with the key as a bearer token.
const keyName = 'sharpen.apiKey';

export const session = {
  get key() { return sessionStorage.getItem(keyName); },
  set key(value) {
    if (value) sessionStorage.setItem(keyName, value); else sessionStorage.removeItem(keyName);
  },
};

/** An error answer of the API, carrying OpenAI's error message. */
export class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Listeners told when the server refuses the key (401), so the page can ask for another. */
export const unauthorized = new EventTarget();

/**
 * Calls `path` with the key. A JSON `body` is sent as JSON, a FormData as multipart. Answers the parsed JSON, or
 * the Response itself with `raw: true`; throws ApiError with the server's message on an error status.
 */
export async function api(path, { method = 'GET', body, signal, raw = false, accept } = {}) {
  const headers = { Authorization: `Bearer ${session.key ?? ''}` };
  if (accept) headers.Accept = accept;
  let payload = body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload, signal, cache: 'no-store' });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    let code;
    try {
      const error = (await response.json()).error;
      if (error?.message) message = error.message;
      code = error?.code;
    } catch { /* not JSON: keep the status line */ }
    if (response.status === 401) unauthorized.dispatchEvent(new CustomEvent('unauthorized', { detail: message }));
    throw new ApiError(response.status, message, code);
  }
  return raw ? response : response.json();
}

/** The text content of a file (GET /v1/files/{id}/content). */
export async function fileText(id, signal) {
  const response = await api(`/v1/files/${encodeURIComponent(id)}/content`, { raw: true, signal });
  return response.text();
}

/**
 * Reads a server-sent event stream with fetch (EventSource cannot send the Authorization header) and yields the
 * parsed JSON of each `data:` frame until `data: [DONE]` or the end of the body.
 */
export async function* events(path, signal) {
  const response = await api(path, { raw: true, signal, accept: 'text/event-stream' });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replaceAll('\r\n', '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, ''))
          .join('\n');
        if (data === '[DONE]') return;
        if (data) yield JSON.parse(data);
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
