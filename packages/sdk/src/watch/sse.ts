/** One server-sent event: its `event` type (`message` when unnamed), `data` and `id`. */
export interface ServerSentEvent {
  type: string;
  data: string;
  id?: string;
}

/**
 * Reads a `text/event-stream` body as the HTML standard parses one: lines end in LF, CR
 * or CRLF; `event`, `data` (lines joined by LF) and `id` fields; comments (`: ping`) and
 * other fields skipped; an event dispatched at each blank line. `onBytes` hears of every
 * chunk, comments included, so a caller can tell a live stream from a silent one.
 * Resolves when the stream ends; rejects when it fails or is aborted.
 */
export async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: ServerSentEvent) => void, onBytes?: () => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let type = '';
  let data: string[] = [];
  let id: string | undefined;
  // A chunk that ended in CR: an LF opening the next one belongs to that line end.
  let skipLf = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onBytes?.();
    const chunk = decoder.decode(value, { stream: true });
    const text: string = skipLf && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
    skipLf = text.endsWith('\r');
    buffer += text;
    const lines = buffer.split(/\r\n|\r|\n/);
    // The last piece may be half a line.
    buffer = lines.pop()!;
    for (const line of lines) {
      if (line === '') {
        if (data.length) onEvent({ type: type || 'message', data: data.join('\n'), ...(id === undefined ? {} : { id }) });
        type = '';
        data = [];
        continue;
      }
      const colon = line.indexOf(':');
      if (colon === 0) continue;
      const field = colon < 0 ? line : line.slice(0, colon);
      const content = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
      if (field === 'event') type = content;
      else if (field === 'data') data.push(content);
      else if (field === 'id' && !content.includes('\0')) id = content;
    }
  }
}
