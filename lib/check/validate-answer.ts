import type { ErrorObject } from "ajv";
import { EXECUTION_STATUS_VALUES } from "../schema/ltr-api.generated";
import operationSchema from "../schema/ltr-backup-operation.schema.json";
import { checkValidators } from "../schema-validation/check-validators";
import { KNOWN_VALUES_KEYWORD } from "../schema-validation/create-ajv";
import { parsedBody, type ArmAnswer, type ListingAnswer, type NoAnswerCause } from "./fetch/arm-answer";
import type { ServerAnswers } from "./fetch/fetch-server";
import type { HttpFacts, ObservedBackup, SchemaError } from "./result";

/** One LTR backup operation found in an answer, checked against the schema. */
export interface OperationAnswer {
  /** JSON pointer of the operation in its body: `""` for a GET, `/value/3` for a listing item. */
  readonly pointer: string;
  /** Listing page it came from (1 for the first); 0 for a GET. */
  readonly page: number;
  /** Its fields, read leniently: a field of the wrong type reads as null (the schema errors say why). */
  readonly observed: ObservedBackup;
  /** Schema violations inside this operation, pointers into the body. */
  readonly schemaErrors: SchemaError[];
  /** What the answer says it is about, to match against what was asked; each null unless a string. */
  readonly identity: OperationIdentity;
}

/** The fields that tell which operation an answer is about. */
export interface OperationIdentity {
  /** `id`: the server's id in Azure's examples, the operation's in others. */
  readonly id: string | null;
  readonly name: string | null;
  /** `properties.backupName`. */
  readonly backupName: string | null;
}

/** A single answer, validated. */
export type ValidatedAnswer =
  | { readonly kind: "operation"; readonly http: HttpFacts; readonly operation: OperationAnswer }
  /** A 200 whose body does not parse. */
  | { readonly kind: "not-json"; readonly http: HttpFacts; readonly message: string }
  /** Any status but 200; `http` carries the ARM error code and message. */
  | {
      readonly kind: "error";
      readonly http: HttpFacts;
      readonly schemaErrors: SchemaError[];
      readonly attempts: number;
    }
  | {
      readonly kind: "no-answer";
      readonly http: HttpFacts;
      readonly cause: NoAnswerCause;
      readonly attempts: number;
    };

/** A server's listing, validated. */
export type ValidatedListing =
  | {
      readonly kind: "complete";
      readonly http: HttpFacts;
      readonly pages: number;
      readonly operations: OperationAnswer[];
    }
  /** A page is not JSON or not `{ value: [...] }`: which operations exist cannot be told. */
  | {
      readonly kind: "invalid";
      readonly http: HttpFacts;
      readonly page: number;
      readonly schemaErrors: SchemaError[];
    }
  /** A page answered something other than 200, or nothing. */
  | { readonly kind: "failed"; readonly page: number; readonly answer: ValidatedAnswer }
  /** A `nextLink` was not followed. */
  | {
      readonly kind: "incomplete";
      readonly http: HttpFacts;
      readonly page: number;
      readonly nextLink: string;
      readonly reason: string;
    };

/** What the probe of a server's listing says: it exists, or why that could not be seen. */
export type ValidatedProbe = { readonly kind: "exists"; readonly http: HttpFacts } | ValidatedAnswer;

export interface ValidatedServerAnswers {
  readonly gets: ReadonlyMap<string, ValidatedAnswer>;
  readonly listing: ValidatedListing | null;
  readonly probe: ValidatedProbe | null;
  /** The server's `systemData.createdAt`, read only when it has no succeeded backup (see server-age.ts). */
  readonly serverCreatedAt?: Date;
}

/** Status values the API reference documents; others are Azure's extensions the checker has not seen. */
export const KNOWN_STATUSES: readonly string[] = readKnownStatuses(operationSchema);

export function validateServerAnswers(answers: ServerAnswers): ValidatedServerAnswers {
  const gets = new Map<string, ValidatedAnswer>();
  for (const [name, answer] of answers.gets) gets.set(name, validateOperationAnswer(answer));
  return {
    gets,
    listing: answers.listing ? validateListing(answers.listing) : null,
    probe: answers.probe ? validateProbe(answers.probe) : null,
  };
}

/** A GET of one operation: a 200 body against the operation schema, anything else as an ARM error. */
export function validateOperationAnswer(answer: ArmAnswer): ValidatedAnswer {
  const unsuccessful = validateUnsuccessful(answer);
  if (unsuccessful || answer.kind !== "response") return unsuccessful as ValidatedAnswer;
  const http = httpFacts(answer);
  const parsed = parsedBody(answer);
  if (!parsed.ok) return { kind: "not-json", http, message: parsed.message };
  const { operation } = checkValidators();
  const body = withoutNullFields(parsed.value);
  const schemaErrors = operation(body) ? [] : schemaErrorsOf(operation.errors, body);
  return {
    kind: "operation",
    http,
    operation: { pointer: "", page: 0, observed: observe(body), schemaErrors, identity: identify(body) },
  };
}

/** Every page of a listing: the envelope, then each operation against the operation schema. */
export function validateListing(listing: ListingAnswer): ValidatedListing {
  const operations: OperationAnswer[] = [];
  let http: HttpFacts | null = null;
  for (const [index, answer] of listing.pages.entries()) {
    const page = index + 1;
    const unsuccessful = validateUnsuccessful(answer);
    if (unsuccessful || answer.kind !== "response") {
      return { kind: "failed", page, answer: unsuccessful as ValidatedAnswer };
    }
    http = httpFacts(answer);
    const parsed = parsedBody(answer);
    if (!parsed.ok) {
      return { kind: "invalid", http, page, schemaErrors: [{ pointer: "", message: parsed.message }] };
    }
    const validatePage = checkValidators().operationPage;
    const body = pageWithoutNullFields(parsed.value);
    const errors = validatePage(body) ? [] : schemaErrorsOf(validatePage.errors, body);
    const byItem = new Map<number, SchemaError[]>();
    const envelopeErrors: SchemaError[] = [];
    for (const error of errors) {
      const item = /^\/value\/(\d+)(?:\/|$)/.exec(error.pointer);
      if (!item) {
        envelopeErrors.push(error);
        continue;
      }
      const i = Number(item[1]);
      byItem.set(i, [...(byItem.get(i) ?? []), error]);
    }
    if (envelopeErrors.length > 0) return { kind: "invalid", http, page, schemaErrors: envelopeErrors };
    const items = (body as { value: unknown[] }).value;
    items.forEach((item, i) => {
      operations.push({
        pointer: `/value/${i}`,
        page,
        observed: observe(item),
        schemaErrors: byItem.get(i) ?? [],
        identity: identify(item),
      });
    });
  }
  const last = listing.pages.length;
  if (listing.stoppedAt && http) {
    return { kind: "incomplete", http, page: last, ...listing.stoppedAt };
  }
  return { kind: "complete", http: http ?? emptyFacts(), pages: last, operations };
}

/** The first page of a server's listing: any 200 means the server exists. */
export function validateProbe(answer: ArmAnswer): ValidatedProbe {
  return validateUnsuccessful(answer) ?? { kind: "exists", http: httpFacts(answer) };
}

/** The validated form of an answer that is not a 200, or undefined for a 200. */
function validateUnsuccessful(answer: ArmAnswer): ValidatedAnswer | undefined {
  if (answer.kind === "no-response") {
    return {
      kind: "no-answer",
      http: httpFacts(answer),
      cause: answer.cause,
      attempts: answer.attempts,
    };
  }
  if (answer.status === 200) return undefined;
  const parsed = parsedBody(answer);
  const validateError = checkValidators().errorResponse;
  const schemaErrors = parsed.ok && !validateError(parsed.value) ? schemaErrorsOf(validateError.errors) : [];
  return { kind: "error", http: httpFacts(answer), schemaErrors, attempts: answer.attempts };
}

/** Status, ARM error code and message, and request id of an answer. */
export function httpFacts(answer: ArmAnswer): HttpFacts {
  if (answer.kind === "no-response") {
    return {
      status: answer.status ?? null,
      code: answer.code,
      message: answer.message,
      requestId: answer.requestId ?? null,
    };
  }
  if (answer.status === 200) return { status: 200, code: null, message: null, requestId: answer.requestId };
  const parsed = parsedBody(answer);
  let code: string | null = null;
  let message: string | null = null;
  if (parsed.ok && parsed.value !== null && typeof parsed.value === "object") {
    // ARM wraps errors in `error`; some resource providers answer the bare ErrorDetail.
    const body = parsed.value as { error?: unknown };
    const detail = (body.error !== null && typeof body.error === "object" ? body.error : body) as {
      code?: unknown;
      message?: unknown;
    };
    code = typeof detail.code === "string" ? detail.code : null;
    message = typeof detail.message === "string" ? detail.message : null;
  } else if (answer.body.trim() !== "") {
    message = answer.body.trim().slice(0, 300);
  }
  return { status: answer.status, code, message, requestId: answer.requestId };
}

function emptyFacts(): HttpFacts {
  return { status: null, code: null, message: null, requestId: null };
}

/**
 * Ajv errors as pointer + message, the property named where ajv leaves it in `params`. A date-time
 * without a zone offset says so: which instant it names depends on a time zone nobody stated.
 */
export function schemaErrorsOf(errors: ErrorObject[] | null | undefined, body?: unknown): SchemaError[] {
  return (errors ?? []).map((error) => {
    const params = error.params as {
      additionalProperty?: string;
      allowedValues?: unknown[];
      format?: string;
    };
    let message = error.message ?? "is invalid";
    if (error.keyword === "additionalProperties" && params.additionalProperty !== undefined) {
      message = `${message} "${params.additionalProperty}"`;
    } else if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
      message = `${message}: ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    } else if (error.keyword === "format" && params.format === "date-time") {
      const value = valueAt(body, error.instancePath);
      if (typeof value === "string" && ZONELESS_DATE_TIME.test(value)) {
        message = `has no time zone offset (${JSON.stringify(value)}), so the instant it names is unknown`;
      }
    }
    return { pointer: error.instancePath, message };
  });
}

/** A date and time of day with no `Z` or `±hh:mm`: valid ISO 8601 local time, but no instant. */
const ZONELESS_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** The value a JSON pointer (RFC 6901) names in `body`. */
function valueAt(body: unknown, pointer: string): unknown {
  if (pointer === "") return body;
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>(
      (at, part) => (isObject(at) || Array.isArray(at) ? (at as Record<string, unknown>)[part] : undefined),
      body,
    );
}

/**
 * ARM's resource providers send an unset optional field as `null` (`"endTime": null` while a backup
 * runs). Every field of an operation is optional (the reference page requires none), so a null field
 * is read as absent, not as malformed: removed before validation, at the two levels the schema
 * describes (the resource and its `properties` / `systemData`), so a hostile body's depth costs nothing.
 */
function withoutNullFields(value: unknown): unknown {
  if (!isObject(value)) return value;
  // Most answers hold no null field: they are passed on as they are, not copied (this runs for every
  // operation of every listing).
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const field = value[key];
    const kept = field === null ? undefined : isObject(field) ? withoutNulls(field) : field;
    if (kept !== field && !copy) copy = copyUpTo(value, key);
    if (copy && kept !== undefined) define(copy, key, kept);
  }
  return copy ?? value;
}

/** A listing page with withoutNullFields applied to each item; the same page when no item changes. */
function pageWithoutNullFields(page: unknown): unknown {
  if (!isObject(page) || !Array.isArray(page.value)) return page;
  const items = page.value as unknown[];
  let copied: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const kept = withoutNullFields(items[i]);
    if (kept === items[i]) continue;
    copied ??= items.slice();
    copied[i] = kept;
  }
  return copied ? { ...page, value: copied } : page;
}

/** `object` without its null fields (one level), the same object when it has none. */
function withoutNulls(object: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    const field = object[key];
    if (field === null && !copy) copy = copyUpTo(object, key);
    else if (copy && field !== null) define(copy, key, field);
  }
  return copy ?? object;
}

/** The own fields of `object` that come before `stop`, in order. */
function copyUpTo(object: Record<string, unknown>, stop: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key in object) {
    if (key === stop) break;
    define(copy, key, object[key]);
  }
  return copy;
}

/** An own field, whatever its name: a `__proto__` key in a hostile body stays a field, as JSON.parse made it. */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The fields a finding shows, each null unless present with the right type. */
function observe(value: unknown): ObservedBackup {
  const resource = isObject(value) ? value : {};
  const properties = isObject(resource.properties) ? resource.properties : {};
  const text = (v: unknown): string | null => (typeof v === "string" ? v : null);
  const number = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
  return {
    backupName: text(properties.backupName) ?? text(resource.name),
    status: text(properties.status),
    startTime: text(properties.startTime),
    endTime: text(properties.endTime),
    percentComplete: number(properties.percentComplete),
    errorCode: text(properties.errorCode),
    errorMessage: text(properties.errorMessage),
    datasourceSizeInBytes: number(properties.datasourceSizeInBytes),
  };
}

function identify(value: unknown): OperationIdentity {
  const resource = isObject(value) ? value : {};
  const properties = isObject(resource.properties) ? resource.properties : {};
  const text = (v: unknown): string | null => (typeof v === "string" ? v : null);
  return { id: text(resource.id), name: text(resource.name), backupName: text(properties.backupName) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The `knownValues` annotation of `properties.status`, following local `$ref`s and `allOf` wrappers;
 * the generated TypeScript list when the schema does not carry it.
 */
function readKnownStatuses(schema: unknown): readonly string[] {
  const resolve = (node: unknown): Record<string, unknown> | undefined => {
    let current = node;
    for (let depth = 0; depth < 10 && isObject(current); depth++) {
      if (typeof current.$ref === "string" && current.$ref.startsWith("#")) {
        current = current.$ref
          .slice(1)
          .split("/")
          .filter((part) => part !== "")
          .map((part) => decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~"))
          .reduce<unknown>((at, part) => (isObject(at) ? at[part] : undefined), schema);
        continue;
      }
      if (Array.isArray(current.allOf) && current.allOf.length === 1 && !isObject(current.properties)) {
        current = current.allOf[0];
        continue;
      }
      return current;
    }
    return undefined;
  };
  const property = (node: unknown, name: string): unknown => {
    const resolved = resolve(node);
    return resolved && isObject(resolved.properties) ? resolved.properties[name] : undefined;
  };
  const status = resolve(property(property(schema, "properties"), "status"));
  const known = status?.[KNOWN_VALUES_KEYWORD];
  if (Array.isArray(known) && known.every((v) => typeof v === "string")) return known as string[];
  return EXECUTION_STATUS_VALUES;
}
