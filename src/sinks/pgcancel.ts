// PostgreSQL's cancel request: a 16-byte message on a new connection that asks
// the server to cancel whatever the given backend is running. It needs no
// password (the backend's secret key stands in for it), so it works even while
// the session waits on a lock. https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-CANCELING-REQUESTS
import { connect } from 'node:net';

const CANCEL_REQUEST_CODE = 80877102;

/** Sends the cancel request; resolves once it is written (or could not be), never rejects. */
export function sendCancel(host: string, port: number, processID: number, secretKey: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = host.startsWith('/') ? connect(`${host}/.s.PGSQL.${port}`) : connect(port, host);
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.setTimeout(2000, done);
    socket.on('error', done);
    socket.on('connect', () => {
      const msg = Buffer.alloc(16);
      msg.writeInt32BE(16, 0);
      msg.writeInt32BE(CANCEL_REQUEST_CODE, 4);
      msg.writeInt32BE(processID, 8);
      msg.writeInt32BE(secretKey, 12);
      socket.end(msg);
    });
    socket.on('close', done);
  });
}
