import { once } from "node:events";
import { createServer, Server } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { generate } from "selfsigned";

/** A request as the test server saw it. */
export interface SeenRequest {
  readonly method: string;
  /** Path and query, e.g. `/subscriptions/.../ltrBackupOperations/x?api-version=2025-08-01`. */
  readonly path: string;
  readonly authorization: string | undefined;
}

/** How the test server answers one request. */
export type TestAnswer =
  | {
      readonly status: number;
      /** JSON-serialised unless it is a string, which is sent as is. */
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Never answers (the client's timeout must fire). */
  | { readonly hang: true }
  /** Closes the connection without an answer (ECONNRESET / socket hang up on the client). */
  | { readonly reset: true };

/** Decides the answer; `attempt` counts requests to the same path, 1 for the first. */
export type Responder = (request: SeenRequest, attempt: number) => TestAnswer;

export interface ArmTestServer {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  /** PEM to trust (CheckOptions.caCertificates). */
  readonly certificate: string;
  /** Every request received, in order. */
  readonly requests: SeenRequest[];
  /** Replaces how requests are answered. */
  respond: Responder;
  /** Forgets the requests seen so far (and the attempt counts), for the next test. */
  forget(): void;
  close(): Promise<void>;
}

let certificate: Promise<{ cert: string; key: string }> | undefined;

/** One certificate per test file (module registry), valid for 127.0.0.1. */
function testCertificate(): Promise<{ cert: string; key: string }> {
  certificate ??= generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate: new Date(Date.now() - 60 * 60 * 1000),
    notAfterDate: new Date(Date.now() + 24 * 60 * 60 * 1000),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
    ],
  }).then((pems) => ({ cert: pems.cert, key: pems.private }));
  return certificate;
}

/** An HTTPS server on 127.0.0.1 (port 0) that answers like ARM, as the test tells it to. */
export async function startArmTestServer(respond: Responder): Promise<ArmTestServer> {
  const { cert, key } = await testCertificate();
  const sockets = new Set<Socket>();
  const attempts = new Map<string, number>();
  const requests: SeenRequest[] = [];
  const state: { respond: Responder } = { respond };
  const server: Server = createServer({ cert, key }, (req, res) => {
    const seen: SeenRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      authorization: req.headers.authorization,
    };
    requests.push(seen);
    const attempt = (attempts.get(seen.path) ?? 0) + 1;
    attempts.set(seen.path, attempt);
    const answer = state.respond(seen, attempt);
    if ("hang" in answer) return;
    if ("reset" in answer) {
      req.socket.destroy();
      return;
    }
    const body =
      answer.body === undefined
        ? ""
        : typeof answer.body === "string"
          ? answer.body
          : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      "content-type": "application/json; charset=utf-8",
      "x-ms-request-id": `req-${requests.length}`,
      ...answer.headers,
    });
    res.end(body);
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    certificate: cert,
    requests,
    get respond() {
      return state.respond;
    },
    set respond(next: Responder) {
      state.respond = next;
    },
    forget: () => {
      requests.length = 0;
      attempts.clear();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}
