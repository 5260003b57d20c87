import { connect } from 'node:net';

/** Sends raw bytes on a fresh connection to `port`, chunk by chunk, and resolves with everything the server sent before closing it. */
export function raw(port: number, ...chunks: Array<{ text: string; afterMs?: number }>): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (data) => (text += data));
    socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
    socket.on('error', reject);
    let delay = 0;
    for (const chunk of chunks) {
      delay += chunk.afterMs ?? 0;
      setTimeout(() => socket.writable && socket.write(chunk.text), delay);
    }
  });
}

/** The JSON body of a raw HTTP answer. */
export const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
