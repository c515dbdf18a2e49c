import type { ServerExpectations } from "../expectations/document";
import { serverCheckCount } from "./plan-requests";
import type { CheckedServer } from "./resolve-subscriptions";

/**
 * The servers a check will ask about, held compactly from the moment their stack's document is read
 * until the end of the check, so memory follows the estate by a few hundred bytes per server rather
 * than by the parsed document (about 2 KB per server with ten expectations).
 *
 * What repeats across servers is stored once: stack, resource group and subscription names are
 * numbers into a string table; everything a server declares besides its names, address and construct
 * paths (backups, latest, series, scheduled runs: the "declaration shape", with each construct path
 * written as its position in the server's `constructPaths`) is kept once per distinct shape, so the
 * servers of one `PostgresLtrBackups` preset share it. `server(i)` builds the server's
 * `ServerExpectations` back, equal field for field (and in the same key order) to what was added.
 */
export class DeclaredServers {
  private readonly strings = new StringTable();
  private readonly stacks = new IntColumn();
  /** The subscription each server is checked in (resolved at read time). */
  private readonly subscriptions = new IntColumn();
  /** The subscription the document declared, or -1 for null (left to check time). */
  private readonly declaredSubscriptions = new IntColumn();
  private readonly resourceGroups = new IntColumn();
  private readonly shapes = new IntColumn();
  private readonly serverNames: string[] = [];
  private readonly addresses: (string | null)[] = [];
  /** One construct path as a string (the common case), several as an array. */
  private readonly constructPaths: (string | readonly string[])[] = [];
  /** Only servers whose names came from references carry expressions. */
  private readonly expressions = new Map<number, NonNullable<ServerExpectations["expressions"]>>();
  private readonly shapeTable = new ShapeTable();
  private readonly checkCounts = new Map<number, number>();
  private checkCountsAt: number | undefined;

  /** Servers added so far. */
  get size(): number {
    return this.serverNames.length;
  }

  add(server: CheckedServer): void {
    const { expectations } = server;
    const paths = expectations.constructPaths;
    this.stacks.push(this.strings.id(server.stack));
    this.subscriptions.push(this.strings.id(server.subscriptionId));
    this.declaredSubscriptions.push(
      expectations.subscriptionId === null ? -1 : this.strings.id(expectations.subscriptionId),
    );
    this.resourceGroups.push(this.strings.id(expectations.resourceGroupName));
    this.shapes.push(this.shapeTable.id(shapeOf(expectations, paths, this.strings)));
    this.serverNames.push(expectations.serverName);
    this.addresses.push(expectations.address);
    this.constructPaths.push(paths.length === 1 ? (paths[0] as string) : [...paths]);
    if (expectations.expressions !== undefined) this.expressions.set(this.size - 1, expectations.expressions);
  }

  stack(index: number): string {
    return this.strings.text(this.stacks.at(index));
  }

  subscriptionId(index: number): string {
    return this.strings.text(this.subscriptions.at(index));
  }

  resourceGroupName(index: number): string {
    return this.strings.text(this.resourceGroups.at(index));
  }

  serverName(index: number): string {
    return this.serverNames[index] as string;
  }

  /** Lower-cased resource group and subscription, computed once per distinct name. */
  resourceGroupKey(index: number): string {
    return this.strings.lower(this.resourceGroups.at(index));
  }

  subscriptionKey(index: number): string {
    return this.strings.lower(this.subscriptions.at(index));
  }

  /** serverCheckCount of the server, computed once per declaration shape. */
  checkCount(index: number, now: Date): number {
    if (this.checkCountsAt !== now.getTime()) {
      this.checkCounts.clear();
      this.checkCountsAt = now.getTime();
    }
    const shape = this.shapes.at(index);
    let count = this.checkCounts.get(shape);
    if (count === undefined) {
      // The count reads only the shape's lists, never a construct path.
      count = serverCheckCount(
        { expectations: this.shapeTable.shape(shape) as unknown as ServerExpectations },
        now,
      );
      this.checkCounts.set(shape, count);
    }
    return count;
  }

  /** The server as it was added, built anew (callers may hold it as long as they need). */
  server(index: number): CheckedServer {
    const stored = this.constructPaths[index] as string | readonly string[];
    const constructPaths = typeof stored === "string" ? [stored] : [...stored];
    const shape = this.shapeTable.shape(this.shapes.at(index));
    const declared = this.declaredSubscriptions.at(index);
    const expectations: Record<string, unknown> = {
      constructPaths,
      address: this.addresses[index] as string | null,
      subscriptionId: declared === -1 ? null : this.strings.text(declared),
      resourceGroupName: this.resourceGroupName(index),
      serverName: this.serverName(index),
    };
    const expressions = this.expressions.get(index);
    if (expressions !== undefined) expectations.expressions = expressions;
    for (const key of Object.keys(shape)) expectations[key] = withPaths(shape[key], constructPaths);
    return {
      stack: this.stack(index),
      subscriptionId: this.subscriptionId(index),
      expectations: expectations as unknown as ServerExpectations,
    };
  }
}

/** Plain JSON data, as read from an expectations document. */
type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
type Shape = { readonly [key: string]: Json };

/** The fields of a server that are not stored in their own column. */
const OWN_COLUMNS = new Set([
  "constructPaths",
  "address",
  "subscriptionId",
  "resourceGroupName",
  "serverName",
  "expressions",
]);

/** The server's declaration shape: its other fields, construct paths as positions, strings shared. */
function shapeOf(expectations: ServerExpectations, paths: readonly string[], strings: StringTable): Shape {
  const shape: Record<string, Json> = {};
  for (const [key, value] of Object.entries(expectations)) {
    if (!OWN_COLUMNS.has(key)) shape[key] = compact(value as Json, paths, strings);
  }
  return shape;
}

function compact(value: Json, paths: readonly string[], strings: StringTable): Json {
  if (typeof value === "string") return strings.shared(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item: Json) => compact(item, paths, strings));
  const object: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value as { readonly [key: string]: Json })) {
    const at = key === "constructPath" && typeof item === "string" ? paths.indexOf(item) : -1;
    object[key] = at >= 0 ? at : compact(item, paths, strings);
  }
  return object;
}

/** A shape's value with each construct path position replaced by the path (fresh objects). */
function withPaths(value: Json | undefined, paths: readonly string[]): Json | undefined {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item: Json) => withPaths(item, paths) as Json);
  const object: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value as { readonly [key: string]: Json })) {
    object[key] =
      key === "constructPath" && typeof item === "number"
        ? (paths[item] as string)
        : (withPaths(item, paths) as Json);
  }
  return object;
}

/** Distinct declaration shapes, found by a hash of their content and compared in full. */
class ShapeTable {
  private readonly shapes: Shape[] = [];
  private readonly byHash = new Map<number, number | number[]>();

  id(shape: Shape): number {
    const hash = hashJson(shape, 0x811c9dc5);
    const found = this.byHash.get(hash);
    const candidates = found === undefined ? [] : typeof found === "number" ? [found] : found;
    for (const candidate of candidates)
      if (sameJson(this.shapes[candidate] as Shape, shape)) return candidate;
    const id = this.shapes.length;
    this.shapes.push(shape);
    this.byHash.set(hash, found === undefined ? id : [...candidates, id]);
    return id;
  }

  shape(id: number): Shape {
    return this.shapes[id] as Shape;
  }
}

/** FNV-1a over the JSON's structure, keys and values. */
function hashJson(value: Json, seed: number): number {
  let hash = seed;
  const mix = (code: number): void => {
    hash = Math.imul(hash ^ code, 0x01000193);
  };
  const text = (s: string): void => {
    for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
    mix(0x22);
  };
  const walk = (v: Json): void => {
    if (typeof v === "string") text(v);
    else if (typeof v === "number") text(String(v));
    else if (v === null || typeof v === "boolean") mix(v === null ? 1 : v ? 2 : 3);
    else if (Array.isArray(v)) {
      mix(0x5b);
      for (const item of v as readonly Json[]) walk(item);
      mix(0x5d);
    } else {
      mix(0x7b);
      for (const [key, item] of Object.entries(v as { readonly [key: string]: Json })) {
        text(key);
        walk(item);
      }
      mix(0x7d);
    }
  };
  walk(value);
  return hash >>> 0;
}

/** Deep equality of JSON data, key order included (a server is built back in its own order). */
function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as readonly Json[];
    return a.length === other.length && a.every((item: Json, i) => sameJson(item, other[i] as Json));
  }
  const left = Object.entries(a as { readonly [key: string]: Json });
  const right = Object.entries(b as { readonly [key: string]: Json });
  return (
    left.length === right.length &&
    left.every(([key, item], i) => right[i]?.[0] === key && sameJson(item, right[i]?.[1] as Json))
  );
}

/** Strings stored once, each with a number and its lower-case form. */
class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];
  private readonly lowers: (string | undefined)[] = [];

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
    }
    return id;
  }

  /** The one stored copy of `text`. */
  shared(text: string): string {
    return this.texts[this.id(text)] as string;
  }

  text(id: number): string {
    return this.texts[id] as string;
  }

  lower(id: number): string {
    let lower = this.lowers[id];
    if (lower === undefined) {
      lower = (this.texts[id] as string).toLowerCase();
      this.lowers[id] = lower;
    }
    return lower;
  }
}

/** A growing column of 32-bit integers. */
class IntColumn {
  private values = new Int32Array(1024);
  private length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  at(index: number): number {
    return this.values[index] as number;
  }
}
