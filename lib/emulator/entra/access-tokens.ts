import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

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
 * Bearer tokens: JWTs the token endpoint issues (HS256 with a key made at start, so a token from an
 * earlier emulator run is refused) and the fixed tokens of the state file.
 */
export class AccessTokens {
  private readonly key = randomBytes(32);
  private readonly fixed: ReadonlySet<string>;

  /**
   * @param audiences resources a token must be for (ARM checks `aud`); the emulator's own URL
   * @param fixedTokens tokens from the state file, accepted as they are
   */
  constructor(
    private readonly audiences: readonly string[],
    fixedTokens: readonly string[],
  ) {
    this.fixed = new Set(fixedTokens);
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

  check(token: string, now: number): TokenCheck {
    if (this.fixed.has(token))
      return { valid: true, principal: { clientId: "state-access-token", objectId: guidFrom(token) } };
    const invalid = {
      valid: false,
      code: "InvalidAuthenticationToken",
      message: "The access token is invalid.",
    } as const;
    const parts = token.split(".");
    if (parts.length !== 3) return invalid;
    const [header, payload, signature] = parts;
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return invalid;
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Claims;
    if (!this.audiences.includes(trimSlash(claims.aud))) {
      return {
        valid: false,
        code: "InvalidAuthenticationTokenAudience",
        message: `The access token has been obtained for wrong audience or resource '${claims.aud}'. It should exactly match with one of the allowed audiences '${this.audiences.map((a) => `${a}/`).join("', '")}'.`,
      };
    }
    if (claims.exp * 1000 <= now) {
      return {
        valid: false,
        code: "ExpiredAuthenticationToken",
        message: `The access token expiry UTC time '${new Date(claims.exp * 1000).toISOString()}' is earlier than current UTC time '${new Date(now).toISOString()}'.`,
      };
    }
    return { valid: true, principal: { clientId: claims.appid, objectId: claims.oid } };
  }

  private sign(unsigned: string): string {
    return createHmac("sha256", this.key).update(unsigned).digest("base64url");
  }
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
