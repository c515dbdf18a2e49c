import { GeneratorError } from "../generator-error";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import type { GeneratedFile } from "./generated-files";

/**
 * Compiles every generated JSON Schema with the project's ajv (strict mode), so that a type the page
 * introduces and ajv does not know (a new format, say) stops the generator instead of the checker.
 */
export function verifySchemas(files: readonly GeneratedFile[]): void {
  for (const file of files.filter((candidate) => candidate.isJsonSchema)) {
    try {
      createAjv().compile(JSON.parse(file.content) as object);
    } catch (error) {
      throw new GeneratorError(
        `the generated ${file.name} does not compile with the project's ajv: ${(error as Error).message}`,
      );
    }
  }
}
