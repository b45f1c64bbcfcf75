import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether every field selected at `path` below the resolving field (fragments and inline
 * fragments followed, `@skip`/`@include` read as "selected") is one of `allowed`. Used to serve a
 * listing from smaller documents when the query asks for nothing else; any doubt answers false.
 */
export function selectsOnly(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[], allowed: ReadonlySet<string>): boolean {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  const fieldsOf = (set: SelectionSetNode, out: Array<{ name: string; set?: SelectionSetNode }>, seen: Set<string>): boolean => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.push({ name: s.name.value, set: s.selectionSet });
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (!fieldsOf(s.selectionSet, out, seen)) return false;
      } else {
        const fragment = info.fragments[s.name.value];
        if (!fragment) return false;
        if (seen.has(s.name.value)) continue;
        seen.add(s.name.value);
        if (!fieldsOf(fragment.selectionSet, out, seen)) return false;
      }
    }
    return true;
  };
  const collect = (from: SelectionSetNode[]) => {
    const out: Array<{ name: string; set?: SelectionSetNode }> = [];
    for (const set of from) if (!fieldsOf(set, out, new Set())) return null;
    return out;
  };
  for (const step of path) {
    const fields = collect(sets);
    if (!fields) return false;
    sets = fields.filter((f) => f.name === step).flatMap((f) => (f.set ? [f.set] : []));
  }
  const fields = collect(sets);
  return fields !== null && fields.every((f) => f.name === '__typename' || allowed.has(f.name));
}
