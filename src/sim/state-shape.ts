/**
 * The shape a loaded state file must have before the simulator touches it. The file is JSON a
 * person (or a crash of an older meshwalk) may have edited, and the store indexes every object by
 * `kind/namespace/name`: one `null` among the objects would be a TypeError deep inside a command.
 * So the loaded document is checked field by field, and the first wrong field is named.
 */
type Check = (value: unknown, at: string) => string | undefined;

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, at) => (typeof v === 'string' ? undefined : `${at} is ${describe(v)}, not a string`);
const num: Check = (v, at) =>
  typeof v === 'number' && Number.isFinite(v) ? undefined : `${at} is ${describe(v)}, not a number`;
const record: Check = (v, at) => (isRecord(v) ? undefined : `${at} is ${describe(v)}, not an object`);
const optional =
  (check: Check): Check =>
  (v, at) =>
    v === undefined ? undefined : check(v, at);

function fields(spec: Record<string, Check>): Check {
  return (v, at) => {
    const bad = record(v, at);
    if (bad) return bad;
    const o = v as Record<string, unknown>;
    for (const [name, check] of Object.entries(spec)) {
      const problem = check(o[name], `${at}.${name}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

function arrayOf(check: Check): Check {
  return (v, at) => {
    if (!Array.isArray(v)) return `${at} is ${describe(v)}, not a list`;
    for (const [i, item] of v.entries()) {
      const problem = check(item, `${at}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

function stringMap(v: unknown, at: string): string | undefined {
  const bad = record(v, at);
  if (bad) return bad;
  for (const [k, value] of Object.entries(v as Record<string, unknown>)) {
    const problem = str(value, `${at}.${k}`);
    if (problem) return problem;
  }
  return undefined;
}

/** What the simulator reads of every object without checking (names, labels, owners, spec). */
const object = fields({
  apiVersion: str,
  kind: str,
  metadata: fields({
    name: str,
    namespace: optional(str),
    labels: optional(stringMap),
    annotations: optional(stringMap),
    ownerReferences: optional(arrayOf(fields({ kind: str, name: str }))),
  }),
  spec: optional(record),
  status: optional(record),
  data: optional(stringMap),
  stringData: optional(stringMap),
});

const change = fields({
  at: num,
  kind: str,
  ns: str,
  name: str,
  prev: (v, at) => (v === null ? undefined : object(v, at)),
});

const cluster = fields({
  istio: str,
  created: num,
  propagationMs: num,
  counter: num,
  nextPodIp: num,
  objects: arrayOf(object),
  history: arrayOf(change),
  mountHistory: optional(arrayOf(change)),
});

/**
 * The first field of `value` that is not what a simulated cluster holds, e.g.
 * "cluster.objects[0] is null, not an object"; undefined when all is well.
 */
export function clusterProblem(value: unknown): string | undefined {
  return cluster(value, 'cluster');
}
