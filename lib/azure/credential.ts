import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { PgLtrInputError } from "../errors/input-error";
import { AZURE_CLOUDS } from "./clouds";

/** Environment variable holding a ready-made ARM access token (CI jobs that already signed in). */
export const ACCESS_TOKEN_VARIABLE = "PG_LTR_ACCESS_TOKEN";

/** How long a token from PG_LTR_ACCESS_TOKEN is assumed valid; its real expiry is the issuer's business. */
const STATIC_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/** A credential that always hands out `token`, for PG_LTR_ACCESS_TOKEN and tests. */
export function accessTokenCredential(token: string): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({
      token,
      expiresOnTimestamp: Date.now() + STATIC_TOKEN_LIFETIME_MS,
      tokenType: "Bearer",
    }),
  };
}

export interface CredentialSources {
  /** A credential given by the caller wins. */
  readonly credential?: TokenCredential;
  /** Where PG_LTR_ACCESS_TOKEN is read from. */
  readonly env: NodeJS.ProcessEnv;
  /** Login authority of the cloud, for DefaultAzureCredential. */
  readonly authorityHost: string;
}

/**
 * The credential a check uses: the caller's, else PG_LTR_ACCESS_TOKEN, else DefaultAzureCredential.
 * @azure/identity is loaded only in the last case because it costs a noticeable share of start-up.
 */
export async function selectCredential(sources: CredentialSources): Promise<TokenCredential> {
  if (sources.credential) return sources.credential;
  const token = sources.env[ACCESS_TOKEN_VARIABLE]?.trim();
  if (token) return accessTokenCredential(token);
  const { DefaultAzureCredential } = await import("@azure/identity");
  // AZURE_AUTHORITY_HOST is the standard way to point Entra sign-in elsewhere (sovereign clouds,
  // Azure Stack, the local emulator); an explicit option would silently override it.
  const authorityHost = sources.env.AZURE_AUTHORITY_HOST?.trim() || sources.authorityHost;
  // MSAL validates unknown authorities against login.microsoftonline.com's instance discovery, which
  // fails (or leaks a request) for hosts that are not one of the public clouds' login hosts.
  const knownHost = Object.values(AZURE_CLOUDS).some((cloud) =>
    sameOrigin(cloud.authorityHost, authorityHost),
  );
  return new DefaultAzureCredential({ authorityHost, disableInstanceDiscovery: !knownHost });
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/**
 * Gets a first token before any request is sent, so that missing credentials stop the check with one
 * message instead of failing every request. The returned credential hands that token to the pipeline
 * first, so a slow source (Azure CLI) is not asked twice.
 */
export async function signIn(
  credential: TokenCredential,
  scope: string,
  abortSignal?: AbortSignal,
): Promise<TokenCredential> {
  let first: AccessToken | null;
  try {
    first = await credential.getToken(scope, abortSignal ? { abortSignal } : {});
  } catch (error) {
    if (abortSignal?.aborted) throw error;
    throw new PgLtrInputError(noCredentialMessage(error, scope));
  }
  if (!first) {
    throw new PgLtrInputError(noCredentialMessage(new Error("the credential returned no token"), scope));
  }
  let cached: AccessToken | null = first;
  return {
    getToken: async (scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> => {
      const reuse = cached;
      cached = null;
      const sameScope = (Array.isArray(scopes) ? scopes : [scopes]).every((s) => s === scope);
      if (reuse && sameScope && reuse.expiresOnTimestamp - Date.now() > 5 * 60 * 1000) return reuse;
      return credential.getToken(scopes, options);
    },
  };
}

const LOGIN_HINT =
  "sign in with `az login`, set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET, run on a managed identity, " +
  `or set ${ACCESS_TOKEN_VARIABLE} to an access token`;

/** One message saying which credential sources were tried and how to provide one. */
export function noCredentialMessage(error: unknown, scope: string): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "AggregateAuthenticationError" || name === "CredentialUnavailableError") {
    const nested = (error as { errors?: unknown[] }).errors;
    const tried =
      Array.isArray(nested) && nested.length > 0 ? nested.map(firstSentence) : [firstSentence(error)];
    return `no Azure credentials for ${scope}: DefaultAzureCredential tried ${tried.join("; ")}; to fix it, ${LOGIN_HINT}`;
  }
  return `could not get an Azure access token for ${scope}: ${firstSentence(error)}; to fix it, ${LOGIN_HINT}`;
}

function firstSentence(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).trim();
  const line = text.split("\n").find((l) => l.trim().length > 0) ?? text;
  const sentence = /^(.*?[.!?])(\s|$)/.exec(line.trim());
  return (sentence ? sentence[1] : line.trim()).replace(/[.!?]$/, "");
}
