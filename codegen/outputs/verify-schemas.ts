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
      const ajv = createAjv();
      const schema = JSON.parse(file.content) as { $id?: string };
      // The project's ajv registers the committed names schema; the generated one replaces it.
      if (schema.$id !== undefined && ajv.getSchema(schema.$id) !== undefined) ajv.removeSchema(schema.$id);
      ajv.compile(schema);
    } catch (error) {
      throw new GeneratorError(
        `the generated ${file.name} does not compile with the project's ajv: ${(error as Error).message}`,
      );
    }
  }
}
