/**
 * The most of an answer's body the check reads: 32 MiB after decompression. A page of LTR backup
 * operations is a few kilobytes; this leaves room for any real listing page while a hostile or broken
 * endpoint (a 1 GB answer, a small gzip body that inflates to gigabytes) cannot exhaust memory. A
 * larger answer is an `error` finding for the backups it concerns. Kept free of imports, so that the
 * package root can export it without loading the Azure SDK.
 */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;
