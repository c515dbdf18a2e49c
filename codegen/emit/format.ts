import * as prettier from "prettier";

/**
 * Formats an output with prettier as the repository's configuration would format it at its committed
 * path, whatever directory it is written to, so that `prettier --check` and `npm run generate -- --check`
 * agree.
 */
export async function formatAsCommitted(
  content: string,
  committedPath: string,
  parser: "json" | "typescript",
): Promise<string> {
  const config = (await prettier.resolveConfig(committedPath)) ?? {};
  return prettier.format(content, { ...config, parser, filepath: committedPath });
}
