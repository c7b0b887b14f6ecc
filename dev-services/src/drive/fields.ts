/**
 * The `fields` partial-response syntax of Google APIs: `a,b(c,d/e),f/g`, `*` for all. Parsed into a
 * tree and checked against the resource's known fields, so a misspelt field is a 400 (as Drive answers
 * "Invalid field selection") instead of silently missing data.
 */
export type FieldTree = { [name: string]: FieldTree | true };
export type Schema = { [name: string]: Schema | true };

export function parseFields(input: string): FieldTree {
  let pos = 0;
  const parseList = (): FieldTree => {
    const tree: FieldTree = {};
    for (;;) {
      const m = /^[A-Za-z0-9_*]+(?:\/[A-Za-z0-9_*]+)*/.exec(input.slice(pos));
      if (!m) throw new Error(`Invalid field selection at ${pos}: '${input.slice(pos, pos + 20)}'`);
      pos += m[0].length;
      const path = m[0].split('/');
      let sub: FieldTree | true = true;
      if (input[pos] === '(') {
        pos++;
        sub = parseList();
        if (input[pos] !== ')') throw new Error(`Unclosed '(' in fields`);
        pos++;
      }
      merge(tree, path, sub);
      if (input[pos] !== ',') return tree;
      pos++;
      while (input[pos] === ' ') pos++;
    }
  };
  const tree = parseList();
  if (pos !== input.length) throw new Error(`Invalid field selection near '${input.slice(pos, pos + 20)}'`);
  return tree;
}

function merge(tree: FieldTree, path: string[], sub: FieldTree | true): void {
  const [head, ...rest] = path as [string, ...string[]];
  const value = rest.length ? nest(rest, sub) : sub;
  const existing = tree[head];
  if (existing === undefined || value === true) tree[head] = value;
  else if (existing !== true) for (const [k, v] of Object.entries(value)) merge(existing, [k], v);
}

const nest = (path: string[], sub: FieldTree | true): FieldTree => {
  const [head, ...rest] = path as [string, ...string[]];
  return { [head]: rest.length ? nest(rest, sub) : sub };
};

/** Names in `tree` that `schema` does not know, as dotted paths. */
export function unknownFields(tree: FieldTree, schema: Schema, prefix = ''): string[] {
  const out: string[] = [];
  for (const [name, sub] of Object.entries(tree)) {
    if (name === '*') continue;
    const known = schema[name];
    if (known === undefined) out.push(prefix + name);
    else if (sub !== true && known !== true) out.push(...unknownFields(sub, known, `${prefix}${name}.`));
  }
  return out;
}

/** Keeps only the selected fields of a value. */
export function project(value: unknown, tree: FieldTree | true): unknown {
  if (tree === true || tree['*'] === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => project(v, tree));
  const out: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(tree)) {
    const v = (value as Record<string, unknown>)[name];
    if (v !== undefined) out[name] = project(v, sub);
  }
  return out;
}
