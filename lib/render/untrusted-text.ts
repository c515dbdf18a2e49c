/**
 * Text that comes from outside pg-ltr (stack, server and backup names, construct paths, file paths,
 * ARM's error codes and messages) made safe for the place it is shown. Every renderer and diagnostic
 * passes such text through here: on a terminal, an ESC sequence could clear the screen or set the
 * title and a CR/LF could forge a line such as `# all good`; in Markdown, `[Approve](https://…)` would
 * become a link. JSON and JUnit need none of this: their serialisers already escape what they must.
 */

/**
 * C0 controls, DEL and C1 controls (what terminals act on), plus the Unicode line separators and the
 * bidirectional formatting characters, which reorder or break what a reader sees without showing.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escaped(character: string): string {
  const named = NAMED[character];
  if (named !== undefined) return named;
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
}

/**
 * The text with every control character shown as an escape (`\x1b`, `\n`, `\r`, `\t`, `\x9b`,
 * `\u202e`), so that it prints as the characters it holds and nothing else. Backslashes are left as
 * they are, so escaping twice changes nothing.
 */
export function terminalText(text: string): string {
  return text.replace(CONTROL, escaped);
}

/**
 * The text in double quotes for the text plan (`"orders-db"`), with `"` and `\` escaped as in JSON and
 * control characters shown as by terminalText.
 */
export function terminalQuoted(text: string): string {
  return `"${terminalText(text.replace(/[\\"]/g, "\\$&"))}"`;
}

/**
 * An invisible character that joins, rather than separates, what is on either side of it. GitHub
 * turns `@name` and `#123` into mentions and issue links after the Markdown is rendered, so escaping
 * cannot stop them; a word joiner after the `@` or `#` does, and the text reads the same.
 */
const WORD_JOINER = "\u2060";

/**
 * Markdown that shows the text as plain text and nothing else: control characters shown escaped (a
 * line break cannot end a table row), the punctuation that could start a link, an image, HTML, an
 * entity, emphasis, code, a table cell or one of GitHub's autolinks (`https://`, `www.`, `a@b`)
 * backslash-escaped, and `@team` or `#123` kept from pinging people or linking issues in a step
 * summary or comment.
 */
export function markdownText(text: string): string {
  return terminalText(text)
    .replace(/[\\`*_[\]<>!|~&@$]/g, "\\$&")
    .replace(/:(?=\/\/)/g, "\\:")
    .replace(/(?<=www)\./gi, "\\.")
    .replace(/@/g, `@${WORD_JOINER}`)
    .replace(/#(?=\d)/g, `#${WORD_JOINER}`);
}

/**
 * An inline code span showing the text verbatim (control characters shown escaped), safe in a GFM
 * table cell: the fence is longer than any run of backticks inside, padded when the text starts or
 * ends with a backtick or a space, and `|` is written `\|`, which GitHub's tables want even in code.
 */
export function markdownCode(text: string): string {
  const content = terminalText(text).replace(/\|/g, "\\|");
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  if (content === "") return "` `";
  const fence = "`".repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(content) ? " " : "";
  return `${fence}${pad}${content}${pad}${fence}`;
}
