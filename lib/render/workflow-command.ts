/**
 * GitHub Actions workflow commands (`::error file=main.ts,line=42,title=…::message`), escaped as the
 * runner unescapes them and as @actions/core's `escapeData` / `escapeProperty` write them
 * (packages/core/src/command.ts): `%`, CR and LF in the message, and also `:` and `,` in property
 * values. With every CR and LF escaped, a command is one line whatever it quotes, so no value can
 * end it and start a command of its own (`\n::error::…`, `\n::stop-commands::…`).
 */

/** An annotation's severity, as the runner names the commands. */
export type AnnotationLevel = "error" | "warning" | "notice";

/** The annotation properties the runner reads, in the order @actions/core writes them. */
export interface AnnotationProperties {
  readonly title?: string;
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly col?: number;
}

/** One workflow command line, without its line break. */
export function workflowCommand(
  level: AnnotationLevel,
  properties: AnnotationProperties,
  message: string,
): string {
  const given = (["title", "file", "line", "col"] as const)
    .filter((key) => properties[key] !== undefined && properties[key] !== "")
    .map((key) => `${key}=${escapeProperty(String(properties[key]))}`);
  return `::${level}${given.length > 0 ? ` ${given.join(",")}` : ""}::${escapeData(message)}`;
}

/** A command's message: `%` first, so that the escapes it writes are not escaped again. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value: as a message, and `:` and `,`, which end a value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
