/**
 * `@vuln-report/sdk/upload`: a `fetch` that reports upload progress, for reports and
 * replies with files. `fetch` cannot tell how much of a body is sent over HTTP/1.1, so this
 * one sends through `XMLHttpRequest` and its `upload` progress events. An entry of its own:
 * a page that never shows progress carries none of it.
 *
 * ```ts
 * await client.report(fields, { attachments, fetch: progressFetch((sent, total) => bar.value = sent / total) });
 * ```
 *
 * @packageDocumentation
 */

/** Told as the body goes out: bytes sent so far, and in all. */
export type UploadProgress = (sent: number, total: number) => void;

/**
 * A `fetch` for one request at a time that calls `onProgress` while the body is sent.
 * Honours the request's method, headers and abort signal; the answer is a `Response` with
 * the status, headers and body; a request that gets no answer rejects with a `TypeError`,
 * as `fetch` does. Browsers only (it needs `XMLHttpRequest`).
 */
export function progressFetch(onProgress: UploadProgress): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? await request.blob() : null;
    return new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const { signal } = request;
      const onAbort = () => xhr.abort();
      xhr.open(request.method, request.url);
      xhr.responseType = 'arraybuffer';
      xhr.withCredentials = request.credentials === 'include';
      request.headers.forEach((value, name) => xhr.setRequestHeader(name, value));
      xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : (body?.size ?? 0));
      xhr.onload = () => {
        signal.removeEventListener('abort', onAbort);
        const headers = new Headers();
        for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
          const colon = line.indexOf(':');
          if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
        }
        // A null-body status (204, 304) takes no body, even an empty one.
        const content = [101, 204, 205, 304].includes(xhr.status) ? null : xhr.response;
        resolve(new Response(content, { status: xhr.status, statusText: xhr.statusText, headers }));
      };
      xhr.onerror = xhr.ontimeout = () => reject(new TypeError('Failed to fetch'));
      xhr.onabort = () => reject(signal.reason ?? new DOMException('The request was aborted.', 'AbortError'));
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      xhr.send(body);
    });
  };
}
