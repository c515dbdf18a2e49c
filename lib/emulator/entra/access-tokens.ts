import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { AZURE_CLOUDS } from "../../azure/clouds";

/** Who a token was issued to, for ARM's AuthorizationFailed message. */
export interface TokenPrincipal {
  readonly clientId: string;
  readonly objectId: string;
}

export type TokenCheck =
  | { readonly valid: true; readonly principal: TokenPrincipal }
  | { readonly valid: false; readonly code: "InvalidAuthenticationToken"; readonly message: string }
  | { readonly valid: false; readonly code: "ExpiredAuthenticationToken"; readonly message: string }
  | { readonly valid: false; readonly code: "InvalidAuthenticationTokenAudience"; readonly message: string };

interface Claims {
  readonly aud: string;
  readonly iss: string;
  readonly tid: string;
  readonly appid: string;
  readonly oid: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
}

/**
 * The audiences ARM accepts: each known cloud's resource manager. Clients ask for
 * `<resource manager>/.default` whatever URL they send requests to (a proxy, a private link, this
 * emulator), so the emulator stands in for every cloud's ARM at once.
 */
export const ARM_AUDIENCES: readonly string[] = Object.values(AZURE_CLOUDS).map((cloud) =>
  trimSlash(cloud.resourceManager),
);

/** Whether `resource` is an ARM audience, with or without the trailing slash. */
export function isArmAudience(resource: string): boolean {
  return ARM_AUDIENCES.includes(trimSlash(resource));
}

/** How the emulator judges bearer tokens. */
export interface AccessTokenSettings {
  /** Tokens from the state file, accepted as they are; they never expire. */
  readonly fixedTokens: readonly string[];
  /**
   * Accept only tokens the token endpoint issued (signed, for an ARM audience, not expired) and the
   * fixed ones. Otherwise any well-formed bearer token is accepted, the convention of local emulators.
   */
  readonly strict: boolean;
}

/** RFC 6750's b64token: what a bearer token may consist of. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Bearer tokens: JWTs the token endpoint issues (HS256 with a key made at start, so a token from an
 * earlier emulator run is refused in strict mode), the fixed tokens of the state file, and by default
 * any other well-formed token.
 */
export class AccessTokens {
  private readonly key = randomBytes(32);
  private readonly fixed: ReadonlySet<string>;
  private readonly strict: boolean;

  constructor(settings: AccessTokenSettings) {
    this.fixed = new Set(settings.fixedTokens);
    this.strict = settings.strict;
  }

  /** Issues a token for `resource` to a client of a tenant, valid `lifetimeSeconds`. */
  issue(options: {
    tenantId: string;
    clientId: string;
    resource: string;
    issuer: string;
    lifetimeSeconds: number;
    now: number;
  }): string {
    const iat = Math.floor(options.now / 1000);
    const claims: Claims = {
      aud: options.resource,
      iss: options.issuer,
      tid: options.tenantId,
      appid: options.clientId,
      oid: guidFrom(`${options.tenantId}/${options.clientId}`),
      iat,
      nbf: iat,
      exp: iat + options.lifetimeSeconds,
    };
    const unsigned = `${base64url(JSON.stringify({ typ: "JWT", alg: "HS256" }))}.${base64url(JSON.stringify(claims))}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  /** Whether a token taken from `Authorization: Bearer <token>` has a bearer token's form at all. */
  isWellFormed(token: string): boolean {
    return this.fixed.has(token) || BEARER_TOKEN.test(token);
  }

  check(token: string, now: number): TokenCheck {
    if (this.fixed.has(token))
      return { valid: true, principal: { clientId: "state-access-token", objectId: guidFrom(token) } };
    const issued = this.issuedClaims(token);
    if (!this.strict)
      return { valid: true, principal: principalOf(issued ?? unverifiedClaims(token), token) };
    if (!issued) {
      return { valid: false, code: "InvalidAuthenticationToken", message: "The access token is invalid." };
    }
    if (!isArmAudience(String(issued.aud))) {
      return {
        valid: false,
        code: "InvalidAuthenticationTokenAudience",
        message: `The access token has been obtained for wrong audience or resource '${issued.aud}'. It should exactly match with one of the allowed audiences '${ARM_AUDIENCES.map((a) => `${a}/`).join("', '")}'.`,
      };
    }
    if (issued.exp * 1000 <= now) {
      return {
        valid: false,
        code: "ExpiredAuthenticationToken",
        message: `The access token expiry UTC time '${new Date(issued.exp * 1000).toISOString()}' is earlier than current UTC time '${new Date(now).toISOString()}'.`,
      };
    }
    return { valid: true, principal: principalOf(issued, token) };
  }

  /** The claims of a token this emulator signed, or undefined. */
  private issuedClaims(token: string): Claims | undefined {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts;
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Claims;
  }

  private sign(unsigned: string): string {
    return createHmac("sha256", this.key).update(unsigned).digest("base64url");
  }
}

/** The claims of a JWT from elsewhere (a real Entra token, a test's), read but not verified. */
function unverifiedClaims(token: string): Partial<Claims> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null ? (claims as Partial<Claims>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Who sent a token, as ARM names it in AuthorizationFailed and throttling messages: the token's
 * `appid` and `oid` claims, or for an opaque token an object id made from it (ARM prints a service
 * principal's object id as the client too).
 */
function principalOf(claims: Partial<Claims> | undefined, token: string): TokenPrincipal {
  const objectId = typeof claims?.oid === "string" && claims.oid !== "" ? claims.oid : guidFrom(token);
  const clientId = typeof claims?.appid === "string" && claims.appid !== "" ? claims.appid : objectId;
  return { clientId, objectId };
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** A stable GUID-shaped id for a name, so a principal keeps its object id across requests and runs. */
function guidFrom(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
