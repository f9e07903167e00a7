// A tiny checker for the subset of OpenAPI 3.0 schema objects that docs/openapi.json uses:
// $ref, type, nullable, enum, required, properties, additionalProperties, items, minLength,
// maxLength (counted in Unicode characters), pattern, minimum, maximum, format date-time.
// A keyword it does not know makes it throw, so the document cannot say more than is checked.

const ANNOTATIONS = new Set(['description', 'example', 'readOnly', 'writeOnly', 'default', 'title', 'deprecated']);
const KNOWN = new Set(['$ref', 'type', 'nullable', 'enum', 'required', 'properties', 'additionalProperties',
  'items', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'format', ...ANNOTATIONS]);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function resolveRef(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref supported: ${ref}`);
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node == null || !(part in node)) throw new Error(`$ref does not resolve: ${ref}`);
    node = node[part];
  }
  return node;
}

const typeOf = (v) => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
};

/** Returns a list of error strings (empty when value matches schema). */
export function validate(schema, value, doc, at = '$') {
  const errors = [];
  check(schema, value, at);
  return errors;

  function check(s, v, p) {
    if (s.$ref) {
      const extra = Object.keys(s).filter((k) => k !== '$ref');
      if (extra.length) throw new Error(`siblings of $ref are ignored in OpenAPI 3.0: ${extra} at ${p}`);
      return check(resolveRef(doc, s.$ref), v, p);
    }
    for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Error(`schema checker does not support "${k}" (at ${p})`);
    if (v === null) {
      if (s.nullable === true) return;
      errors.push(`${p}: null is not allowed`);
      return;
    }
    const t = typeOf(v);
    if (s.type) {
      const ok = s.type === t || (s.type === 'number' && t === 'integer');
      if (!ok) { errors.push(`${p}: expected ${s.type}, got ${t}`); return; }
    }
    if (s.enum && !s.enum.some((e) => e === v)) errors.push(`${p}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
    if (typeof v === 'string') {
      const n = [...v].length;
      if (s.maxLength !== undefined && n > s.maxLength) errors.push(`${p}: ${n} characters > maxLength ${s.maxLength}`);
      if (s.minLength !== undefined && n < s.minLength) errors.push(`${p}: ${n} characters < minLength ${s.minLength}`);
      if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v)) errors.push(`${p}: ${JSON.stringify(v)} does not match ${s.pattern}`);
      if (s.format === 'date-time' && !DATE_TIME.test(v)) errors.push(`${p}: ${JSON.stringify(v)} is not a date-time`);
    }
    if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) errors.push(`${p}: ${v} < minimum ${s.minimum}`);
      if (s.maximum !== undefined && v > s.maximum) errors.push(`${p}: ${v} > maximum ${s.maximum}`);
    }
    if (t === 'object') {
      for (const r of s.required || []) if (!(r in v)) errors.push(`${p}: missing required property "${r}"`);
      const props = s.properties || {};
      for (const [k, pv] of Object.entries(v)) {
        if (k in props) check(props[k], pv, `${p}.${k}`);
        else if (s.additionalProperties === false) errors.push(`${p}: unexpected property "${k}"`);
        else if (s.additionalProperties && typeof s.additionalProperties === 'object') check(s.additionalProperties, pv, `${p}.${k}`);
      }
    }
    if (t === 'array' && s.items) v.forEach((item, i) => check(s.items, item, `${p}[${i}]`));
  }
}
