/**
 * The first malformed percent-escape in a URL path (`%zz`, `%E0%A4` cut short, a lone `%`), or
 * undefined when the path decodes. Names are matched after decoding, so such a path names nothing.
 */
export function malformedPercentEncoding(pathname: string): string | undefined {
  try {
    decodeURIComponent(pathname);
    return undefined;
  } catch {
    // Report the escape that broke it: a lone `%`, or the sequence of escapes that is not UTF-8.
    const lone = /%(?![0-9a-f]{2})[^/%]{0,2}/i.exec(pathname);
    if (lone) return lone[0];
    for (const match of pathname.matchAll(/(%[0-9a-f]{2})+/gi)) {
      try {
        decodeURIComponent(match[0]);
      } catch {
        return match[0];
      }
    }
    return pathname;
  }
}
