/**
 * A small JSON Schema (2020-12) checker covering the keywords the generated
 * trace schema uses. No validator library is a project dependency, and this
 * is enough to prove the published schema accepts good lines and rejects bad
 * ones; an unknown keyword fails loudly so the checker cannot silently pass.
 */
type Schema = Record<string, unknown> | boolean

const IGNORED = new Set(['$schema', 'title', 'description', '$defs', 'format', '$id'])
const KNOWN = new Set([
  ...IGNORED,
  '$ref',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'anyOf',
  'oneOf',
  'allOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'dependentRequired',
])

function typeOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v
}

function matchesType(v: unknown, type: string): boolean {
  const t = typeOf(v)
  return t === type || (type === 'number' && t === 'integer')
}

export function checkJsonSchema(root: Record<string, unknown>, value: unknown): string[] {
  const errors: string[] = []
  const defs = (root.$defs ?? {}) as Record<string, Schema>

  function check(schema: Schema, v: unknown, path: string): void {
    if (schema === true) return
    if (schema === false) {
      errors.push(`${path}: not allowed`)
      return
    }
    for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`checker does not know keyword ${key}`)
    const s = schema as Record<string, unknown>
    if (typeof s.$ref === 'string') {
      const m = /^#\/\$defs\/(.+)$/.exec(s.$ref)
      const target = m?.[1] === undefined ? undefined : defs[m[1]]
      if (target === undefined) throw new Error(`unresolved $ref ${s.$ref}`)
      check(target, v, path)
    }
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string]
      if (!types.some((t) => matchesType(v, t))) {
        errors.push(`${path}: expected ${types.join('|')}, got ${typeOf(v)}`)
        return
      }
    }
    if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(v)) errors.push(`${path}: expected const ${JSON.stringify(s.const)}`)
    if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) errors.push(`${path}: not in enum`)
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) errors.push(`${path}: < minimum`)
      if (typeof s.maximum === 'number' && v > s.maximum) errors.push(`${path}: > maximum`)
      if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) errors.push(`${path}: <= exclusiveMinimum`)
      if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) errors.push(`${path}: >= exclusiveMaximum`)
    }
    if (typeof v === 'string') {
      if (typeof s.minLength === 'number' && [...v].length < s.minLength) errors.push(`${path}: shorter than minLength`)
      if (typeof s.maxLength === 'number' && [...v].length > s.maxLength) errors.push(`${path}: longer than maxLength`)
      if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) errors.push(`${path}: does not match pattern`)
    }
    if (typeOf(v) === 'object') {
      const obj = v as Record<string, unknown>
      const props = (s.properties ?? {}) as Record<string, Schema>
      for (const r of (s.required ?? []) as string[]) if (!(r in obj)) errors.push(`${path}: missing required ${r}`)
      for (const [k, child] of Object.entries(obj)) {
        const p = props[k]
        if (p !== undefined) check(p, child, `${path}.${k}`)
        else if (s.additionalProperties !== undefined) check(s.additionalProperties as Schema, child, `${path}.${k}`)
        if (s.propertyNames !== undefined) check(s.propertyNames as Schema, k, `${path}[key ${k}]`)
      }
      const dep = (s.dependentRequired ?? {}) as Record<string, string[]>
      for (const [k, needs] of Object.entries(dep)) {
        if (k in obj) for (const n of needs) if (!(n in obj)) errors.push(`${path}: ${k} requires ${n}`)
      }
    }
    if (Array.isArray(v) && s.items !== undefined) v.forEach((item, i) => check(s.items as Schema, item, `${path}[${i}]`))
    const passes = (sub: Schema): boolean => {
      const before = errors.length
      check(sub, v, path)
      const ok = errors.length === before
      errors.length = before
      return ok
    }
    if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some(passes)) errors.push(`${path}: matches no anyOf branch`)
    if (Array.isArray(s.oneOf)) {
      const n = (s.oneOf as Schema[]).filter(passes).length
      if (n !== 1) errors.push(`${path}: matches ${n} oneOf branches, expected exactly 1`)
    }
    if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) check(sub, v, path)
  }

  check(root, value, '$')
  return errors
}
