import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { PgLtrInputError } from "../errors/input-error";

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The CA list for TLS when extra PEM certificates are given, or undefined to keep Node's own (which
 * already honours NODE_EXTRA_CA_CERTS). A `ca` option replaces Node's store instead of adding to it, so
 * the public roots and the NODE_EXTRA_CA_CERTS file are listed again next to the extra certificates.
 */
export function trustedCertificates(
  extraPem: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string[] | undefined {
  if (extraPem === undefined) return undefined;
  const extra = extraPem.match(PEM_CERTIFICATE);
  if (!extra) {
    throw new PgLtrInputError(
      "the extra CA certificates hold no PEM certificate: pass the text of a PEM file (-----BEGIN CERTIFICATE-----)",
    );
  }
  return [...rootCertificates, ...nodeExtraCertificates(env), ...extra];
}

function nodeExtraCertificates(env: NodeJS.ProcessEnv): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return readFileSync(file, "utf8").match(PEM_CERTIFICATE) ?? [];
  } catch {
    // Node already warned about an unreadable NODE_EXTRA_CA_CERTS at start-up.
    return [];
  }
}
