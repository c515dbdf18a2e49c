/**
 * The colours of the text plan. A `Style` with colour off returns its input unchanged, so renderers
 * build one output and the CLI (or a caller) decides whether escape codes reach the terminal.
 */
export interface Style {
  readonly bold: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly red: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly magenta: (text: string) => string;
  readonly dim: (text: string) => string;
}

const plain = (text: string): string => text;

// SGR codes with their specific resets, so a bold span inside a coloured one keeps its colour.
const sgr =
  (open: number, close: number) =>
  (text: string): string =>
    text === "" ? text : `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURED: Style = {
  bold: sgr(1, 22),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  red: sgr(31, 39),
  cyan: sgr(36, 39),
  magenta: sgr(35, 39),
  dim: sgr(2, 22),
};

const PLAIN: Style = {
  bold: plain,
  green: plain,
  yellow: plain,
  red: plain,
  cyan: plain,
  magenta: plain,
  dim: plain,
};

export function styleFor(color: boolean): Style {
  return color ? COLOURED : PLAIN;
}
