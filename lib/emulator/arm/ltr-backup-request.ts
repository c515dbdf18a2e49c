import type { ErrorObject, ValidateFunction } from "ajv";
import { nameSchemaError } from "../../names/uri-parameter-rules";
import { createAjv } from "../../schema-validation/create-ajv";
import requestSchema from "../../schema/ltr-backup-request.schema.json";
import type { Answer } from "../http/answer";
import { armError } from "./arm-error";

/** Which POST a body is for: `ltrBackupRequest` (startLtrBackup) or `ltrPreBackupRequest` (ltrPreBackup). */
export type LtrRequestKind = "ltrBackupRequest" | "ltrPreBackupRequest";

const validators = new Map<LtrRequestKind, ValidateFunction>();

function validator(kind: LtrRequestKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    const ajv = createAjv();
    ajv.addSchema(requestSchema);
    validate = ajv.getSchema(`${requestSchema.$id}#/$defs/${kind}`) as ValidateFunction;
    validators.set(kind, validate);
  }
  return validate;
}

/**
 * The backup name of a startLtrBackup or ltrPreBackup body checked as the specification defines it,
 * or the 400 for a body that is not JSON or breaks the schema, naming the first problem.
 */
export function backupRequestName(body: string, kind: LtrRequestKind): { backupName: string } | Answer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body === "" ? "null" : body);
  } catch {
    return armError(
      400,
      "InvalidRequestContent",
      "The request content was invalid and could not be deserialized.",
    );
  }
  const validate = validator(kind);
  if (!validate(parsed)) return bodyProblem(validate.errors ?? [], parsed);
  return { backupName: (parsed as { backupSettings: { backupName: string } }).backupSettings.backupName };
}

function bodyProblem(errors: readonly ErrorObject[], parsed: unknown): Answer {
  // The most specific error first: a broken name says more than "the body is not an object".
  const error = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  if (!error) return armError(400, "InvalidRequestContent", "The request content was invalid.");
  const segments = error.instancePath.split("/").slice(1);
  if (error.keyword === "required") segments.push(String(error.params.missingProperty));
  const target = segments.join(".");
  const name = nameSchemaError(error);
  if (name) {
    const backupName = (parsed as { backupSettings: { backupName: unknown } }).backupSettings.backupName;
    return armError(
      400,
      "InvalidParameterValue",
      `The backup name '${String(backupName)}' is invalid: it ${name.rule}.`,
      target,
    );
  }
  if (error.keyword === "required") {
    return armError(400, "InvalidParameterValue", `The request body must contain ${target}.`, target);
  }
  return armError(
    400,
    "InvalidParameterValue",
    `The value of ${target === "" ? "the request body" : target} is invalid: it ${error.message ?? "breaks the schema"}.`,
    target === "" ? undefined : target,
  );
}
