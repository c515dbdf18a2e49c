import { fullFormats } from "ajv-formats/dist/formats";
import { ARM_ID_PATTERN } from "./create-ajv";

/**
 * Every format the project's schemas may name, as createAjv registers them: ajv-formats' full set and
 * `arm-id`. The validators `npm run generate` precompiles (lib/schema/check-validators.generated.ts)
 * require them from here, so both check a format the same way.
 */
export const FORMATS = { ...fullFormats, "arm-id": ARM_ID_PATTERN };
