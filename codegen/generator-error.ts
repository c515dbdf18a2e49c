/**
 * A problem with the reference page the generator reads (a missing section, table or definition, a type
 * it cannot read). `codegen/main.ts` prints it as "<page>: <message>" without a stack trace and exits 1,
 * so the message alone must say what is missing and where.
 */
export class GeneratorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GeneratorError";
  }
}
