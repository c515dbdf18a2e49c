import { randomUUID } from "node:crypto";
import type { Answer } from "../http/answer";
import { ARM_AUDIENCES, type AccessTokens, isArmAudience } from "./access-tokens";

/** Lifetime of issued tokens, as Entra's default for client credentials (one hour, minus a second). */
const TOKEN_LIFETIME_SECONDS = 3599;

const OPENID_CONFIGURATION = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration\/?$/i;
const TOKEN = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/i;

export interface EntraRequest {
  readonly method: string;
  readonly pathname: string;
  readonly body: string;
}

/** Whether a path belongs to the token endpoint rather than to ARM. */
export function isEntraPath(pathname: string): boolean {
  return OPENID_CONFIGURATION.test(pathname) || TOKEN.test(pathname);
}

/**
 * The part of Microsoft Entra ID that MSAL (behind @azure/identity's ClientSecretCredential,
 * EnvironmentCredential and DefaultAzureCredential) uses for the client-credentials flow: tenant
 * discovery (OpenID configuration) and the v2.0 token endpoint. Any client id and secret are
 * accepted; the emulator proves the protocol, not an identity. Tokens are issued for the scope of any
 * known cloud's resource manager (`https://management.azure.com/.default`, ...), as clients ask for
 * whatever endpoint they talk to.
 */
export function answerEntraRequest(
  request: EntraRequest,
  context: { readonly baseUrl: string; readonly tokens: AccessTokens; readonly now: number },
): Answer {
  const { baseUrl, now } = context;
  const discovery = OPENID_CONFIGURATION.exec(request.pathname);
  if (discovery) {
    if (request.method !== "GET")
      return entraError(405, "invalid_request", 900561, "The endpoint only accepts GET requests.", now);
    const tenant = decodeURIComponent(discovery[1]);
    const authority = `${baseUrl}/${encodeURIComponent(tenant)}`;
    return {
      status: 200,
      body: {
        token_endpoint: `${authority}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: [
          "client_secret_post",
          "private_key_jwt",
          "client_secret_basic",
        ],
        jwks_uri: `${authority}/discovery/v2.0/keys`,
        response_modes_supported: ["query", "fragment", "form_post"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        scopes_supported: ["openid", "profile", "email", "offline_access"],
        issuer: `${authority}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
        authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
        claims_supported: ["sub", "iss", "aud", "exp", "iat", "nonce", "tid", "oid"],
        tenant_region_scope: "EU",
        cloud_instance_name: "pg-ltr-emulator",
      },
    };
  }
  const token = TOKEN.exec(request.pathname);
  if (!token) return entraError(404, "invalid_request", 90002, "The endpoint does not exist.", now);
  if (request.method !== "POST")
    return entraError(405, "invalid_request", 900561, "The endpoint only accepts POST requests.", now);
  const tenantId = decodeURIComponent(token[1]);
  const form = new URLSearchParams(request.body);
  const grantType = form.get("grant_type");
  const clientId = form.get("client_id");
  const scope = form.get("scope");
  if (!grantType) return missingParameter("grant_type", now);
  if (grantType !== "client_credentials") {
    return entraError(
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grantType}'. The emulator supports client_credentials only.`,
      now,
    );
  }
  if (!clientId) return missingParameter("client_id", now);
  if (!form.get("client_secret") && !form.get("client_assertion")) {
    return entraError(
      401,
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      now,
    );
  }
  if (!scope) return missingParameter("scope", now);
  const resources = scope.split(" ").filter((s) => s !== "");
  if (resources.length !== 1 || !resources[0].endsWith("/.default")) {
    return entraError(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      now,
    );
  }
  const resource = resources[0].slice(0, -"/.default".length);
  if (!isArmAudience(resource)) {
    // The emulator's Entra knows one resource: Azure Resource Manager, under each cloud's audience.
    return entraError(
      400,
      "invalid_resource",
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant. The emulator issues tokens for Azure Resource Manager only: ${ARM_AUDIENCES.map((audience) => `${audience}/.default`).join(", ")}.`,
      now,
    );
  }
  const accessToken = context.tokens.issue({
    tenantId,
    clientId,
    resource,
    issuer: `${baseUrl}/${encodeURIComponent(tenantId)}/`,
    lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
    now,
  });
  return {
    status: 200,
    headers: { "cache-control": "no-store, no-cache", pragma: "no-cache" },
    body: {
      token_type: "Bearer",
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: accessToken,
    },
  };
}

function missingParameter(name: string, now: number): Answer {
  return entraError(
    400,
    "invalid_request",
    900144,
    `The request body must contain the following parameter: '${name}'.`,
    now,
  );
}

/** Entra's error shape: MSAL reads `error`, `error_description` and `error_codes`. */
function entraError(status: number, error: string, aadsts: number, description: string, now: number): Answer {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date(now)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}
