/**
 * A plain HTTP relay in front of the emulator (imported by *.test.ts only): requests and answers pass
 * byte for byte (the Host header too, so SigV4 signatures still match), and a test may run something
 * after the emulator answered a request and before the client sees the answer — e.g. take the
 * database away while InitiateJob's answer is on its way back — or rewrite answers (a job ListJobs
 * does not show yet, as an eventually consistent listing would). Listens on 127.0.0.1, port 0.
 */
import http from "node:http";
import { type AddressInfo } from "node:net";

export type AnswerRelay = {
  url: string;
  /** Runs `hook` once, when the next answered request that `matches` is about to be relayed. */
  onceAnswered(matches: (req: http.IncomingMessage) => boolean, hook: () => void | Promise<void>): void;
  /** Every answer's body passes through `rewrite` (null: unchanged) until set again. */
  rewriteAnswers(rewrite: ((req: http.IncomingMessage, body: Buffer) => Buffer) | null): void;
  close(): Promise<void>;
};

export async function startAnswerRelay(upstream: string): Promise<AnswerRelay> {
  const target = new URL(upstream);
  let armed: { matches: (req: http.IncomingMessage) => boolean; hook: () => void | Promise<void> } | null =
    null;
  let rewrite: ((req: http.IncomingMessage, body: Buffer) => Buffer) | null = null;
  const server = http.createServer((req, res) => {
    const forward = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const relay = () => {
          const change = rewrite;
          if (!change) {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            return;
          }
          const pieces: Buffer[] = [];
          answer.on("data", (piece: Buffer) => pieces.push(piece));
          answer.on("end", () => {
            const body = change(req, Buffer.concat(pieces));
            res.writeHead(answer.statusCode ?? 502, { ...answer.headers, "content-length": body.length });
            res.end(body);
          });
        };
        const hook = armed?.matches(req) ? armed.hook : null;
        if (!hook) return relay();
        armed = null;
        void Promise.resolve(hook()).then(relay, relay);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    onceAnswered(matches, hook) {
      armed = { matches, hook };
    },
    rewriteAnswers(next) {
      rewrite = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
