import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ClientSecretCredential } from "@azure/identity";
import { PostgreSQLManagementFlexibleServerClient } from "@azure/arm-postgresql-flexible";
import { type RunningEmulator, startEmulator } from "../../lib/emulator/start-emulator";
import { httpsRequest } from "./support/https-request";
import { RESOURCE_GROUP, SUBSCRIPTION, fixtureState } from "./support/fixture-state";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const REPOSITORY_ROOT = `${__dirname}/../..`;

describe("the emulator's Microsoft Entra token endpoint", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    // Strict, so that only the tokens the endpoint issues get through.
    emulator = await startEmulator({ state: fixtureState(), strictAuth: true });
  });
  afterAll(() => emulator.close());

  it("gives the real ClientSecretCredential a token that the emulator's ARM accepts", async () => {
    const credential = new ClientSecretCredential(TENANT, "app-client-id", "app-secret", {
      authorityHost: emulator.authorityHost,
      // MSAL would otherwise ask login.microsoftonline.com whether the authority is genuine.
      disableInstanceDiscovery: true,
      tlsOptions: { ca: emulator.caCertificate },
    });
    // The scope is ARM's, whatever URL the requests go to: the emulator stands in for ARM.
    const token = await credential.getToken("https://management.azure.com/.default");
    expect(token.token.split(".")).toHaveLength(3);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3_000_000);

    // The SDK asks for `<endpoint>/.default` unless told otherwise; behind a proxy, as here, ARM's
    // scope must be given, as it must in front of the real ARM.
    const client = new PostgreSQLManagementFlexibleServerClient(credential, SUBSCRIPTION, {
      endpoint: emulator.url,
      credentialScopes: ["https://management.azure.com/.default"],
      tlsOptions: { ca: emulator.caCertificate },
    });
    const operation = await client.backupsLongTermRetention.get(
      RESOURCE_GROUP,
      "orders-db",
      "daily-2026-10-01",
    );
    expect(operation.status).toBe("Succeeded");
  });

  it.each([
    "https://management.azure.com/.default",
    "https://management.azure.com//.default",
    "https://management.usgovcloudapi.net/.default",
    "https://management.chinacloudapi.cn/.default",
  ])("issues a token for %s, the scope of a known cloud's ARM, which its ARM accepts", async (scope) => {
    const credential = new ClientSecretCredential(TENANT, "app-client-id", "app-secret", {
      authorityHost: emulator.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: emulator.caCertificate },
    });
    const token = await credential.getToken(scope);
    const answer = await httpsRequest(
      `${emulator.url}/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders-db/ltrBackupOperations?api-version=2025-08-01`,
      { ca: emulator.caCertificate, headers: { authorization: `Bearer ${token.token}` } },
    );
    expect(answer.status).toBe(200);
  });

  it("refuses a scope that is not ARM's, such as its own URL, as Entra does an unknown resource (AADSTS500011)", async () => {
    const credential = new ClientSecretCredential(TENANT, "app-client-id", "app-secret", {
      authorityHost: emulator.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: emulator.caCertificate },
    });
    await expect(credential.getToken(`${emulator.url}/.default`)).rejects.toThrow(
      `AADSTS500011: The resource principal named ${emulator.url} was not found in the tenant named ${TENANT}.`,
    );
  });

  it("works through DefaultAzureCredential and AZURE_* variables in a child process trusting the CA via NODE_EXTRA_CA_CERTS, without leaving the machine", async () => {
    // Every request not for 127.0.0.1 goes to this proxy, which refuses it and remembers where it was going.
    const attempts: string[] = [];
    const guard = createServer((req, res) => {
      attempts.push(req.headers.host ?? "?");
      res.writeHead(403).end();
    });
    guard.on("connect", (req, socket) => {
      attempts.push(req.url ?? "?");
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
    });
    await new Promise<void>((listening) => guard.listen(0, "127.0.0.1", listening));
    const proxy = `http://127.0.0.1:${(guard.address() as AddressInfo).port}`;
    // No tlsOptions here: the CA reaches Node only through NODE_EXTRA_CA_CERTS, as it does for pg-ltr check.
    const script = `
      const { DefaultAzureCredential } = require("@azure/identity");
      const https = require("node:https");
      (async () => {
        const credential = new DefaultAzureCredential({ disableInstanceDiscovery: true });
        const { token } = await credential.getToken("https://management.azure.com/.default");
        https.get(process.env.EMULATOR_URL + process.env.BACKUP_PATH, { headers: { authorization: "Bearer " + token } }, (res) => {
          let body = "";
          res.on("data", (chunk) => (body += chunk));
          res.on("end", () => console.log(res.statusCode, JSON.parse(body).properties.status));
        });
      })().catch((error) => { console.error(error.message); process.exitCode = 3; });
    `;
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_EXTRA_CA_CERTS: emulator.caCertificatePath,
      HTTPS_PROXY: proxy,
      HTTP_PROXY: proxy,
      NO_PROXY: "127.0.0.1",
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: "pipeline-app",
      AZURE_CLIENT_SECRET: "pipeline-secret",
      AZURE_AUTHORITY_HOST: emulator.authorityHost,
      EMULATOR_URL: emulator.url,
      BACKUP_PATH: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders-db/ltrBackupOperations/daily-2026-10-02?api-version=2025-08-01`,
    };
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ["-e", script],
        { cwd: REPOSITORY_ROOT, env, timeout: 30_000 },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      ).on("close", () => guard.close());
    });
    expect(stdout.trim()).toBe("200 Succeeded");
    expect(attempts).toEqual([]);
  });

  it("serves the OpenID configuration MSAL reads before asking for a token", async () => {
    const answer = await httpsRequest(`${emulator.url}/${TENANT}/v2.0/.well-known/openid-configuration`, {
      ca: emulator.caCertificate,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      token_endpoint: `${emulator.url}/${TENANT}/oauth2/v2.0/token`,
      issuer: `${emulator.url}/${TENANT}/v2.0`,
    });
  });

  it("answers bad token requests with Entra's error shape and AADSTS codes", async () => {
    const post = (body: string) =>
      httpsRequest(`${emulator.url}/${TENANT}/oauth2/v2.0/token`, {
        ca: emulator.caCertificate,
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      });
    const noSecret = await post(
      "grant_type=client_credentials&client_id=a&scope=https%3A%2F%2Fmanagement.azure.com%2F.default",
    );
    expect(noSecret.status).toBe(401);
    expect(noSecret.json).toMatchObject({ error: "invalid_client", error_codes: [7000218] });
    const badGrant = await post("grant_type=password&client_id=a&client_secret=b&scope=x/.default");
    expect(badGrant.json).toMatchObject({ error: "unsupported_grant_type" });
    const badScope = await post(
      "grant_type=client_credentials&client_id=a&client_secret=b&scope=https%3A%2F%2Fx",
    );
    expect(badScope.status).toBe(400);
    expect((badScope.json as { error_description: string }).error_description).toMatch(
      /^AADSTS1002012: .*\/\.default/,
    );
  });
});
