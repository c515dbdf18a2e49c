/** `pg-ltr merge --help`. */
export const MERGE_HELP = `Usage: pg-ltr merge REPORT.json... [options]

Combines the JSON reports of one check's shards (pg-ltr check --shard I/N --format json) into the
report the unsharded check would have printed, and renders it like pg-ltr check. Refused: reports
of different synthesized expectations (fingerprint), different shard counts, a shard given twice,
and missing shards unless --allow-partial.

Options:
  --allow-partial        Merge the shards there are, say which are missing, and exit 1
  --format FORMAT        What to print on standard output: text, json, junit, markdown, github
                         (GitHub Actions annotations on the lines that declared each finding) or
                         sarif (SARIF 2.1.0 for GitHub code scanning). Default: text
  --output FORMAT=PATH   Also write the report in FORMAT to PATH; repeat for several. A PATH equal to
                         $GITHUB_STEP_SUMMARY is appended to, as GitHub expects.
  --source-root DIR      The app's folder (where cdktf.json is) in the repository: relative to the
                         repository's root (infra, . for the root; may not climb above it) or an
                         absolute path inside GITHUB_WORKSPACE. Put in front of the file paths of
                         github and sarif, which GitHub reads from the repository's root.
                         Default: in GitHub Actions, where the working directory is in
                         GITHUB_WORKSPACE when it holds cdktf.json (a merge reads no cdktf.out, so
                         pass it when the merge job runs elsewhere); elsewhere none
  --no-color             No ANSI colours. Default: colours when standard output is a terminal
  -q, --quiet            Text format: only the drift and the summary line (errors go to stderr)
  --soft-fail            Exit 0 even when there is drift (errors still exit 1)
  -h, --help             Show this help

Exit codes (as pg-ltr check):
  0  every LTR backup is compliant (running ones allowed), or drift with --soft-fail
  2  drift: a backup is missing, stale, failed, invalid or of unknown status
  1  something could not be checked, shards are missing, or a report is unusable

Examples:
  pg-ltr merge reports/shard-*.json
  pg-ltr merge shard-1.json shard-2.json shard-3.json --output markdown="$GITHUB_STEP_SUMMARY"
  pg-ltr merge reports/shard-*.json --format github --source-root infra
`;
