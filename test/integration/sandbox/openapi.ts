/**
 * A small OpenAPI 3 conformance walker for tests (no dependency): resolves `$ref` and `allOf`, and checks
 * recursively that every object has its schema's `required` properties and that values have the declared
 * primitive type (number/string/boolean/array/object), `nullable` honoured, enum values respected.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Schema {
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  type?: string;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
}

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Drata's published OpenAPI documents, kept in the repository (`test/reference`, see its README). */
export const REFERENCE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../reference');

export function loadSpec(file: string): OpenApi {
  return JSON.parse(readFileSync(resolve(REFERENCE_DIR, file), 'utf8')) as OpenApi;
}

/** The response schema the spec declares for `method path → status` (path as templated in the spec). */
export function responseSchema(spec: OpenApi, path: string, method: string, status: number): Schema {
  const op = spec.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`spec has no ${method} ${path}`);
  const schema = op.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`spec declares no JSON ${status} response for ${method} ${path}`);
  return schema;
}

interface Resolved {
  schema: Schema;
  name?: string;
}

function resolveSchema(spec: OpenApi, input: Schema): Resolved {
  let schema = input;
  let name: string | undefined;
  while (schema.$ref) {
    name = schema.$ref.split('/').pop() ?? '';
    const next = spec.components.schemas[name];
    if (!next) throw new Error(`unresolvable $ref ${schema.$ref}`);
    schema = next;
  }
  if (!schema.allOf) return { schema, name };
  const parts = schema.allOf.map((s) => resolveSchema(spec, s));
  const merged: Schema = {
    type: schema.type ?? parts.find((p) => p.schema.type)?.schema.type,
    nullable: schema.nullable === true || parts.some((p) => p.schema.nullable === true),
    properties: Object.assign({}, ...parts.map((p) => p.schema.properties ?? {}), schema.properties ?? {}),
    required: [...new Set([...(schema.required ?? []), ...parts.flatMap((p) => p.schema.required ?? [])])],
    items: schema.items ?? parts.find((p) => p.schema.items)?.schema.items,
    enum: schema.enum ?? parts.find((p) => p.schema.enum)?.schema.enum,
  };
  return { schema: merged, name: name ?? (parts.length === 1 ? parts[0]?.name : undefined) };
}

export interface WalkOptions {
  /** `Dto.property` pairs allowed to be null although the spec does not say `nullable`. */
  knownNulls?: ReadonlySet<string>;
  /** Receives every `Dto.property` of `knownNulls` actually relied upon. */
  usedKnownNulls?: Set<string>;
}

/** Every mismatch between `value` and `schema`, as `path: problem` lines (empty when it conforms). */
export function conformance(
  spec: OpenApi,
  value: unknown,
  schema: Schema,
  options: WalkOptions = {},
): string[] {
  const problems: string[] = [];
  const walk = (v: unknown, s: Schema, path: string, owner: string, prop: string): void => {
    const { schema: r, name } = resolveSchema(spec, s);
    const where = `${owner}.${prop}`;
    if (v === undefined) return;
    if (v === null) {
      if (r.nullable) return;
      if (options.knownNulls?.has(where)) {
        options.usedKnownNulls?.add(where);
        return;
      }
      problems.push(`${path}: null, but ${where} is not nullable`);
      return;
    }
    const type = r.type ?? (r.properties ? 'object' : undefined);
    const actual = Array.isArray(v) ? 'array' : typeof v;
    const ok =
      type === undefined ||
      (type === 'integer' ? Number.isInteger(v) : type === 'number' ? actual === 'number' : actual === type);
    if (!ok) {
      problems.push(`${path}: expected ${type} (${where}), got ${actual} ${JSON.stringify(v)?.slice(0, 60)}`);
      return;
    }
    if (r.enum && !r.enum.includes(v))
      problems.push(`${path}: ${JSON.stringify(v)} is not one of ${where}'s enum`);
    if (type === 'array' && r.items) {
      (v as unknown[]).forEach((item, i) => {
        walk(item, r.items as Schema, `${path}[${i}]`, owner, prop);
      });
    }
    if (type === 'object') {
      const obj = v as Record<string, unknown>;
      const dto = name ?? `${where}{}`;
      for (const req of r.required ?? []) {
        if (!(req in obj)) problems.push(`${path}: missing required ${dto}.${req}`);
      }
      for (const [key, propSchema] of Object.entries(r.properties ?? {})) {
        if (key in obj) walk(obj[key], propSchema, `${path}.${key}`, dto, key);
      }
    }
  };
  walk(value, schema, '$', '(root)', '(root)');
  return problems;
}
