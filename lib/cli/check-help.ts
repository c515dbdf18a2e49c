/** `pg-ltr check --help`. Kept free of imports so that printing it loads nothing else. */
export const CHECK_HELP = `Usage: pg-ltr check [options]

Checks the long-term-retention (LTR) backups declared with PostgresLtrBackups (read from the
expectations \`cdktf synth\` wrote to cdktf.out) against Azure Resource Manager, and prints a plan of
drift like \`terraform plan\`: + missing, ~ stale, -/+ failed, ! invalid, ? unknown, … running,
+ pending (not drift: the server will be created by this deploy, or is new and its first backup is
not due yet), x could not be checked. Only reads from Azure; never starts or deletes a backup.

What to check:
  --out DIR              Synthesis output folder holding manifest.json (cdktf synth's --output).
                         Default: CDKTF_OUTDIR, else the "output" of ./cdktf.json, else cdktf.out
  --stack NAME           Only this stack; repeat for several. Default: every stack
  --terraform-state FILE The JSON of \`terraform show -json\` for a stack, for server names synthesis
                         could only write as Terraform expressions (random suffixes, variables without
                         default); repeat for several stacks. Default: none
  --server NAME          Only this flexible server (case-insensitive); repeat for several.
                         Default: every server
  --now INSTANT          Judge freshness as of this ISO 8601 instant with a time zone, such as
                         2026-11-27T08:00:00Z (reproducible reports). Default: the current time
  --stuck-after DURATION How long a backup may stay Running before it counts as stale (ISO 8601
                         duration). Default: PT24H
  --require-existing     After a deploy: a server of the stack that Azure does not know is an error,
                         not pending. Default: pending (the deploy will create it)

Where to check:
  --cloud NAME           AzurePublicCloud, AzureUSGovernment or AzureChinaCloud; the Azure CLI's
                         names (AzureCloud, ...) and azurerm's (public, usgovernment, china) work
                         too. Default: AzurePublicCloud
  --endpoint URL         Resource manager URL instead of the cloud's (an emulator, a proxy or a
                         private link); must be https://. Tokens are still asked for the cloud's
                         resource manager. Default: the cloud's
  --scope SCOPE          OAuth scope of the token. Default: the cloud's resource manager plus
                         /.default (https://management.azure.com/.default for AzurePublicCloud)
  --subscription ID      Subscription of servers that declare none. Default: ARM_SUBSCRIPTION_ID,
                         then AZURE_SUBSCRIPTION_ID
  --api-version V        api-version of the LTR backup API. Default: 2025-08-01

How to check:
  --concurrency N        Most requests in flight per subscription (each subscription has its own
                         ARM read budget); lowered automatically while Azure throttles (429).
                         Default: 32
  --strategy S           auto: per server, whichever is cheaper; get: one GET per backup; list: one
                         listing per server. Default: auto
  --timeout DURATION     Per-request timeout, an ISO 8601 duration (PT30S) or milliseconds.
                         Default: PT30S
  --max-retries N        Retries of a request that failed for a transient reason (429, 5xx, timeout,
                         connection reset). Default: 3
  --retry-delay DURATION Base delay of the exponential backoff between retries; a 429 waits for its
                         Retry-After instead. Default: PT1S
  --shard I/N            Check part I of N (a CI matrix job): whole subscriptions per part when
                         there are at least N, else servers dealt out evenly. Combine the parts'
                         JSON reports with pg-ltr merge. Default: everything
  --max-retry-wait DURATION
                         Longest wait for a retry that Azure may ask for (Retry-After on 429 and 503);
                         a request asked to wait longer fails at once, as an error quoting the wait.
                         Default: PT5M
  --deadline DURATION    How long the whole check may take. When it passes no more requests are sent
                         and what was not checked is reported as an error (exit 1); a deadline the
                         planned requests cannot meet at Azure's documented read rate (250 at once,
                         then 25 a second per subscription) is warned about before the check starts.
                         Default: PT30M
                         Durations are ISO 8601 (PT30S) or milliseconds, at most about 24.8 days.
  Every answer is read up to 32 MiB (after decompression); a larger one is an error for the backups
  it concerns and the check goes on. A connection that breaks mid-answer is retried like any other.

Output:
  --format FORMAT        What to print on standard output: text, json, junit, markdown, github
                         (GitHub Actions annotations on the lines that declared each finding) or
                         sarif (SARIF 2.1.0 for GitHub code scanning). Default: text
                         The text plan streams: each drift block is printed as soon as it is
                         known, in a stable order, and the summary line last.
  --output FORMAT=PATH   Also write the report in FORMAT to PATH (parent folders are created, text
                         is written without colour); repeat for several. A PATH equal to
                         $GITHUB_STEP_SUMMARY is appended to, as GitHub expects.
  --source-root DIR      The app's folder (where cdktf.json is) in the repository: relative to the
                         repository's root (infra, . for the root; may not climb above it) or an
                         absolute path inside GITHUB_WORKSPACE. Put in front of the file paths of
                         github and sarif, which GitHub reads from the repository's root.
                         Default: in GitHub Actions, where the working directory is in
                         GITHUB_WORKSPACE when it holds cdktf.json, else the folder around cdktf.out
                         when that does; elsewhere none (paths relative to the app's folder)
  --no-color             No ANSI colours. Default: colours when standard output is a terminal
  -q, --quiet            Text format: only the drift and the summary line (errors go to stderr)
  --soft-fail            Exit 0 even when there is drift (errors still exit 1)
  -h, --help             Show this help

Environment:
  PG_LTR_ACCESS_TOKEN    A bearer token for Azure Resource Manager; without it DefaultAzureCredential
                         is used (environment, workload identity, managed identity, Azure CLI, ...)
  ARM_SUBSCRIPTION_ID, AZURE_SUBSCRIPTION_ID
                         Subscription of servers that declare none, when --subscription is not given
  NODE_EXTRA_CA_CERTS    A PEM file of extra certificate authorities to trust (TLS proxies, emulator)
  CDKTF_OUTDIR           The synthesis output folder, when --out is not given (as cdktf reads it)
  GITHUB_WORKSPACE       The repository's root on a GitHub runner, for --source-root's default; not
                         an absolute path of an existing folder: ignored with a warning
  NO_COLOR               Non-empty: no colours (https://no-color.org)
  FORCE_COLOR            Non-empty: colours even when standard output is not a terminal; 0: none
  PG_LTR_DEBUG           1: print the stack trace of an unexpected error

Exit codes:
  0  every LTR backup is compliant (running and pending ones allowed), or drift with --soft-fail
  2  drift: a backup is missing, stale, failed, invalid or of unknown status
  1  something could not be checked, or the input (options, cdktf.out, credentials) is wrong
  130 interrupted (Ctrl+C or SIGTERM): requests stop, the reports are written with what was not
     checked as an error and marked incomplete; a second interrupt exits at once

Examples:
  cdktf synth && pg-ltr check
  pg-ltr check --stack data-platform --server orders-db --now 2026-11-27T08:00:00Z
  pg-ltr check --output junit=reports/ltr-backups.xml --output markdown="$GITHUB_STEP_SUMMARY"
  pg-ltr check --format github --output sarif=ltr-backups.sarif
  pg-ltr check --out artifacts/cdktf.out --source-root stacks/data-platform --format github
  pg-ltr check --format json --soft-fail > ltr-report.json
  pg-ltr check --shard 2/3 --now 2026-11-27T08:00:00Z --format json > shard-2.json
  pg-ltr check --endpoint https://127.0.0.1:8443 --subscription 00000000-0000-0000-0000-000000000000
`;
