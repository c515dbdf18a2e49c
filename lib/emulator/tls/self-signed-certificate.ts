import { generate } from "selfsigned";

export interface ServerCertificate {
  /** PEM of the certificate; it is its own CA, so clients trust exactly this PEM. */
  readonly certificate: string;
  readonly privateKey: string;
}

/**
 * A certificate made fresh at every start, valid for `localhost` and `127.0.0.1`, so Node's TLS
 * verifies the emulator once its PEM is trusted (NODE_EXTRA_CA_CERTS or the client's `ca`), with no
 * switch that disables verification. EC P-256 because it is generated in milliseconds.
 */
export async function createSelfSignedCertificate(): Promise<ServerCertificate> {
  const now = Date.now();
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    // A little slack for clocks that differ between the emulator and a client in a container.
    notBeforeDate: new Date(now - 60 * 60 * 1000),
    notAfterDate: new Date(now + 30 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  return { certificate: pems.cert, privateKey: pems.private };
}
