import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyInstance } from 'fastify';
import type { ErrorCode } from '../../shared/errors.js';
import { HTTP_STATUS } from './errors.js';
import { errorMessage, langFrom } from './i18n.js';

/** The methods fangtan answers, named in `Allow` when a request uses one nobody speaks. */
const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refused the bytes (a head over 16 KB, an unknown
 * method, a broken request line), so there is no request object, only the socket. The answer is still
 * the contract's error body, in the language of the `Accept-Language` line if one can be found.
 */
export function clientErrorHandler(this: FastifyInstance, err: ConnectionError, socket: Socket): void {
  // A reset connection is gone already; there is nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const packet = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.toString('latin1') : '';
  const code = clientErrorCode(err.code, packet);
  const status = HTTP_STATUS[code];
  const lang = langFrom(/\r\naccept-language:[ \t]*([^\r\n]*)/i.exec(packet)?.[1]);
  const body = JSON.stringify({ error: code, message: errorMessage(code, lang) });
  this.log.info({ code, status, parserError: err.code }, 'request refused by the HTTP parser');
  if (!socket.writable) return void socket.destroy();
  socket.write(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...(code === 'method_not_allowed' ? [`Allow: ${ALLOWED_METHODS}`] : []),
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
  // What follows the refused bytes cannot be trusted to start a request: close once the answer is out.
  socket.destroySoon();
}

/**
 * The contract's code for a parser error. Node counts the request line and the headers against one limit
 * (16 KB); when the request line alone takes more than half of it, the URL is what was too long.
 */
function clientErrorCode(parserCode: string, packet: string): ErrorCode {
  switch (parserCode) {
    case 'HPE_HEADER_OVERFLOW': {
      const lineEnd = packet.indexOf('\r\n');
      const requestLine = lineEnd < 0 ? packet.length : lineEnd;
      return /^[A-Z]+ /.test(packet) && requestLine > maxHeaderSize / 2 ? 'uri_too_long' : 'headers_too_large';
    }
    case 'HPE_INVALID_METHOD':
      return 'method_not_allowed';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'request_timeout';
    default:
      return 'bad_request';
  }
}
