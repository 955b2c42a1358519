/**
 * Incremental parser of one HTTP/1.1 response at a time (RFC 9112): status
 * line, header fields, and the body framed by `Content-Length`, by
 * `Transfer-Encoding: chunked` (extensions and trailers skipped), or by the
 * connection closing; no body for `HEAD`, 1xx, 204 and 304 (RFC 9112 §6.3).
 * Interim 1xx responses (`100 Continue`) are skipped. Bytes are fed as they
 * arrive, split anywhere; the parser copies what it keeps, so the caller may
 * reuse its read buffer.
 */

const CR = 13;
const LF = 10;
/** Largest response head accepted (undici's default `maxHeaderSize` is 16 KiB; Node's is 16 KiB too). */
export const MAX_HEAD_BYTES = 64 * 1024;
const CRLFCRLF = Buffer.from('\r\n\r\n');

/** A response that is not valid HTTP/1.1, or too large a head. `code` groups them in the failure table. */
export class HttpParseError extends Error {
  readonly code = 'HPE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'HttpParseError';
  }
}

const enum State {
  Head,
  Body,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
  Done,
}

/** What the parser has read of the current response. */
export class ResponseParser {
  statusCode = 0;
  /** Header names (as sent) and values, alternating, latin1 strings. */
  rawHeaders: string[] = [];
  /** False when the connection cannot carry another request (`Connection: close`, HTTP/1.0, close-delimited body). */
  keepAlive = true;
  /** True once any byte of the response has arrived. */
  started = false;
  private state = State.Done;
  private noBody = false;
  private remaining = 0;
  private head: Buffer | undefined = undefined;
  private chunks: Buffer[] = [];
  private bodyLength = 0;
  private line = '';

  /** Prepares for the response to a request with `method`. */
  reset(method: string): void {
    this.statusCode = 0;
    this.rawHeaders = [];
    this.keepAlive = true;
    this.started = false;
    this.state = State.Head;
    this.noBody = method === 'HEAD';
    this.head = undefined;
    this.chunks = [];
    this.bodyLength = 0;
    this.line = '';
  }

  /** True when the response is complete. */
  get done(): boolean {
    return this.state === State.Done;
  }

  /** True while the body runs until the connection closes (then {@link end} completes it). */
  get readsUntilClose(): boolean {
    return this.state === State.UntilClose;
  }

  /** The body read so far, as one Buffer. */
  body(): Buffer {
    const { chunks } = this;
    if (chunks.length === 1) return chunks[0]!;
    return chunks.length === 0 ? EMPTY : Buffer.concat(chunks, this.bodyLength);
  }

  /**
   * Feeds `buf[start, end)`. Returns the offset after the last byte that belongs
   * to this response: `end` unless the response completed earlier (the rest is
   * then stray data the caller must treat as an error).
   * @throws HttpParseError on a malformed response or a head over {@link MAX_HEAD_BYTES}
   */
  feed(buf: Buffer, start: number, end: number): number {
    if (start < end) this.started = true;
    let at = start;
    while (at < end && this.state !== State.Done) {
      switch (this.state) {
        case State.Head:
          at = this.feedHead(buf, at, end);
          break;
        case State.Body: {
          const take = Math.min(this.remaining, end - at);
          this.keep(buf, at, at + take);
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = State.Done;
          break;
        }
        case State.UntilClose:
          this.keep(buf, at, end);
          at = end;
          break;
        case State.ChunkSize:
        case State.ChunkDataEnd:
        case State.Trailers:
          at = this.feedChunkLine(buf, at, end);
          break;
        case State.ChunkData: {
          const take = Math.min(this.remaining, end - at);
          this.keep(buf, at, at + take);
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = State.ChunkDataEnd;
          break;
        }
      }
    }
    return at;
  }

  /**
   * The connection closed. Completes a close-delimited body.
   * @throws HttpParseError when the response was cut short
   */
  end(): void {
    if (this.state === State.UntilClose) {
      this.state = State.Done;
      return;
    }
    if (this.state !== State.Done) {
      throw new HttpParseError(
        this.started ? 'connection closed in the middle of the response' : 'no response',
      );
    }
  }

  private keep(buf: Buffer, from: number, to: number): void {
    if (to <= from) return;
    const copy = Buffer.allocUnsafe(to - from);
    buf.copy(copy, 0, from, to);
    this.chunks.push(copy);
    this.bodyLength += to - from;
  }

  private feedHead(buf: Buffer, at: number, end: number): number {
    if (this.head === undefined) {
      const headEnd = buf.indexOf(CRLFCRLF, at);
      if (headEnd !== -1 && headEnd + 4 <= end)
        return this.parseHead(buf.toString('latin1', at, headEnd), headEnd + 4);
      // Not all here yet: keep a copy (the caller reuses its buffer).
      this.head = Buffer.from(buf.subarray(at, end));
      this.checkHeadSize(this.head.length);
      return end;
    }
    // The head spans reads: search the joined bytes (back 3 for a split CRLFCRLF).
    const previous = this.head.length;
    const joined = Buffer.concat([this.head, buf.subarray(at, end)]);
    const headEnd = joined.indexOf(CRLFCRLF, Math.max(0, previous - 3));
    if (headEnd === -1) {
      this.head = joined;
      this.checkHeadSize(joined.length);
      return end;
    }
    this.head = undefined;
    return this.parseHead(joined.toString('latin1', 0, headEnd), at + (headEnd + 4 - previous));
  }

  private checkHeadSize(length: number): void {
    if (length > MAX_HEAD_BYTES)
      throw new HttpParseError(`response head larger than ${MAX_HEAD_BYTES} bytes`);
  }

  /** Parses a complete head (without its final blank line); returns `next`, where the body starts. */
  private parseHead(text: string, next: number): number {
    let lineEnd = text.indexOf('\r\n');
    const statusLine = lineEnd === -1 ? text : text.slice(0, lineEnd);
    // HTTP-version SP status-code SP [reason-phrase]
    if (!statusLine.startsWith('HTTP/1.') || statusLine.charCodeAt(8) !== 32) {
      throw new HttpParseError(`not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 40))}`);
    }
    const status = statusDigits(statusLine);
    if (status < 100)
      throw new HttpParseError(`bad status code in ${JSON.stringify(statusLine.slice(0, 40))}`);
    const http10 = statusLine.charCodeAt(7) === 48; // '0'
    let contentLength = -1;
    let chunked = false;
    let connection: string | undefined;
    const raw: string[] = [];
    // Header lines one by one, without splitting the whole head first.
    while (lineEnd !== -1) {
      const from = lineEnd + 2;
      lineEnd = text.indexOf('\r\n', from);
      const line = lineEnd === -1 ? text.slice(from) : text.slice(from, lineEnd);
      const colon = line.indexOf(':');
      if (colon <= 0) throw new HttpParseError(`malformed header line ${JSON.stringify(line.slice(0, 40))}`);
      const name = line.slice(0, colon);
      const value = trimOws(line, colon + 1);
      raw.push(name, value);
      switch (name.length) {
        case 10:
          if (name.toLowerCase() === 'connection') connection = value.toLowerCase();
          break;
        case 14:
          if (name.toLowerCase() === 'content-length') {
            const length = Number(value);
            if (!/^\d+$/.test(value) || (contentLength !== -1 && contentLength !== length)) {
              throw new HttpParseError(`bad content-length ${JSON.stringify(value)}`);
            }
            contentLength = length;
          }
          break;
        case 17:
          if (name.toLowerCase() === 'transfer-encoding') chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
          break;
      }
    }
    if (status < 200) {
      // Interim response (100 Continue, 103 Early Hints): the real one follows.
      this.state = State.Head;
      return next;
    }
    this.statusCode = status;
    this.rawHeaders = raw;
    this.keepAlive = http10 ? connection === 'keep-alive' : connection !== 'close';
    if (this.noBody || status === 204 || status === 304) {
      this.state = State.Done;
    } else if (chunked) {
      this.state = State.ChunkSize;
    } else if (contentLength >= 0) {
      this.remaining = contentLength;
      this.state = contentLength === 0 ? State.Done : State.Body;
    } else {
      this.keepAlive = false;
      this.state = State.UntilClose;
    }
    return next;
  }

  /** Reads one CRLF-terminated line of the chunked framing (size line, data's CRLF, trailers). */
  private feedChunkLine(buf: Buffer, at: number, end: number): number {
    const lf = buf.indexOf(LF, at);
    if (lf === -1 || lf >= end) {
      this.line += buf.toString('latin1', at, end);
      if (this.line.length > MAX_HEAD_BYTES) throw new HttpParseError('chunk line too long');
      return end;
    }
    let line = this.line + buf.toString('latin1', at, lf);
    this.line = '';
    if (line.charCodeAt(line.length - 1) === CR) line = line.slice(0, -1);
    switch (this.state) {
      case State.ChunkSize: {
        const semicolon = line.indexOf(';');
        const hex = (semicolon === -1 ? line : line.slice(0, semicolon)).trim();
        if (!/^[0-9a-fA-F]{1,12}$/.test(hex))
          throw new HttpParseError(`bad chunk size ${JSON.stringify(hex)}`);
        const size = parseInt(hex, 16);
        if (size === 0) {
          this.state = State.Trailers;
        } else {
          this.remaining = size;
          this.state = State.ChunkData;
        }
        break;
      }
      case State.ChunkDataEnd:
        if (line.length !== 0) throw new HttpParseError('chunk data longer than its size');
        this.state = State.ChunkSize;
        break;
      case State.Trailers:
        if (line.length === 0) this.state = State.Done;
        break;
    }
    return lf + 1;
  }
}

const EMPTY = Buffer.alloc(0);

/** The three-digit status code at offset 9 of a status line; -1 when they are not digits. */
function statusDigits(line: string): number {
  const a = line.charCodeAt(9) - 48;
  const b = line.charCodeAt(10) - 48;
  const c = line.charCodeAt(11) - 48;
  if (a < 1 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  const next = line.charCodeAt(12);
  if (!Number.isNaN(next) && next !== 32) return -1;
  return a * 100 + b * 10 + c;
}

/** `line` from `from` without leading and trailing spaces and tabs (RFC 9110 §5.6.3 OWS). */
function trimOws(line: string, from: number): string {
  let start = from;
  let end = line.length;
  while (start < end && (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9)) start++;
  while (end > start && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
  return line.slice(start, end);
}
