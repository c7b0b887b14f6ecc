import type { StoredNode } from '../contract/media-store';

/**
 * The subset of the Drive `q` search language Hypomos and tests use: `trashed = true|false`,
 * `mimeType = | != | contains 'x'`, `name = | contains 'x'`, `'id' in parents`, `modifiedTime > | < 'iso'`,
 * combined with `and`, `or`, `not` and parentheses. Anything else is rejected (400 Invalid Value).
 */
export type Predicate = (node: StoredNode) => boolean;

const TOKEN = /\s*(\(|\)|'(?:[^'\\]|\\.)*'|!=|<=|>=|=|<|>|[A-Za-z_]+)/y;

/** `rootId` stands for the alias 'root' (My Drive), as in `'root' in parents`. */
export function parseQuery(q: string, rootId = 'root'): Predicate {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < q.trimEnd().length) {
    const m = TOKEN.exec(q);
    if (!m) throw new Error(`Invalid query near '${q.slice(TOKEN.lastIndex, TOKEN.lastIndex + 20)}'`);
    tokens.push(m[1] as string);
  }
  let i = 0;
  const peek = () => tokens[i];
  const next = () => {
    const t = tokens[i++];
    if (t === undefined) throw new Error('Invalid query: unexpected end');
    return t;
  };
  const str = (t: string) => {
    if (!t.startsWith("'")) throw new Error(`Invalid query: expected a quoted string, got ${t}`);
    return t.slice(1, -1).replace(/\\(.)/g, '$1');
  };
  const or = (): Predicate => {
    let left = and();
    while (peek() === 'or') {
      i++;
      const [a, b] = [left, and()];
      left = (n) => a(n) || b(n);
    }
    return left;
  };
  const and = (): Predicate => {
    let left = unary();
    while (peek() === 'and') {
      i++;
      const [a, b] = [left, unary()];
      left = (n) => a(n) && b(n);
    }
    return left;
  };
  const unary = (): Predicate => {
    if (peek() === 'not') {
      i++;
      const inner = unary();
      return (n) => !inner(n);
    }
    if (peek() === '(') {
      i++;
      const inner = or();
      if (next() !== ')') throw new Error("Invalid query: missing ')'");
      return inner;
    }
    return term();
  };
  const term = (): Predicate => {
    const first = next();
    if (first.startsWith("'")) {
      const raw = str(first);
      const value = raw === 'root' ? rootId : raw;
      if (next() !== 'in' || next() !== 'parents') throw new Error("Invalid query: expected 'in parents'");
      return (n) => n.parentId === value;
    }
    const op = next();
    const value = next();
    const text = (get: (n: StoredNode) => string): Predicate => {
      const v = str(value);
      if (op === '=') return (n) => get(n) === v;
      if (op === '!=') return (n) => get(n) !== v;
      if (op === 'contains') return (n) => get(n).includes(v);
      throw new Error(`Invalid query: operator ${op} not supported for this field`);
    };
    if (first === 'trashed' && op === '=' && (value === 'true' || value === 'false'))
      return (n) => n.trashed === (value === 'true');
    if (first === 'mimeType') return text(mimeTypeOf);
    if (first === 'name') return text((n) => n.name);
    if (first === 'modifiedTime' && (op === '>' || op === '<' || op === '>=' || op === '<=')) {
      const t = Date.parse(str(value));
      if (!Number.isFinite(t)) throw new Error(`Invalid query: bad date ${value}`);
      const cmp = {
        '>': (a: number) => a > t,
        '<': (a: number) => a < t,
        '>=': (a: number) => a >= t,
        '<=': (a: number) => a <= t,
      }[op];
      return (n) => cmp(n.modifiedAt);
    }
    throw new Error(`Invalid query: unsupported term '${first} ${op} ${value}'`);
  };
  const predicate = or();
  if (i !== tokens.length) throw new Error(`Invalid query near '${tokens[i]}'`);
  return predicate;
}

export const FOLDER_MIME = 'application/vnd.google-apps.folder';
export const mimeTypeOf = (n: StoredNode) => (n.folder ? FOLDER_MIME : n.mimeType);
