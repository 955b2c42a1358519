import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { PerflabError } from '../../errors.ts';
import { defaultExport } from '../../module-default.ts';
import {
  type Distribution,
  type DistributionRef,
  type SimModel,
  simModelSchema,
  splitRequest,
} from './schema.ts';

/** Model files loaded as modules rather than read as text. */
const MODULE_EXTENSIONS = /\.(ts|mts|cts|js|mjs|cjs)$/i;

/**
 * Types a model written in TypeScript (the same keys and units as the YAML file,
 * docs/sim-model.md): `export default defineSimModel({ workload: …, flows: … })`.
 * Returns its argument; `perflab sim model.ts` validates it like a file.
 */
export function defineSimModel(model: SimModelInput): SimModelInput {
  return model;
}

/** A model as written (before defaults and units are applied): the input side of the schema. */
export type SimModelInput = z.input<typeof simModelSchema>;

/** One problem of a model file: the key path (`flows.read.steps[2].target`), the 1-based line when known, and what is wrong. */
export interface SimModelProblem {
  path: string;
  line: number | undefined;
  message: string;
}

/** `PERFLAB_ERR_SIM_MODEL` with the problems as data; the message lists them one per line. */
export class SimModelError extends PerflabError {
  readonly problems: SimModelProblem[];
  constructor(file: string, problems: SimModelProblem[]) {
    super(
      'PERFLAB_ERR_SIM_MODEL',
      `${file}: invalid simulation model (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.path}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`).join('\n'),
    );
    this.name = 'SimModelError';
    this.problems = problems;
  }
}

type Path = ReadonlyArray<PropertyKey>;

/** `['flows', 'read', 'steps', 2, 'target']` → `flows.read.steps[2].target`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top)';
}

/** Component kinds whose entries are named, and the step types that may target each. */
const KINDS = ['loadBalancers', 'services', 'auth', 'databases', 'caches', 'brokers'] as const;
type Kind = (typeof KINDS)[number];
const STEP_TARGETS: Record<string, Kind[]> = {
  call: ['services', 'loadBalancers'],
  auth: ['auth'],
  cache: ['caches'],
  read: ['databases'],
  write: ['databases'],
  publish: ['brokers'],
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const entries = (v: unknown): Array<[string, unknown]> => (isRecord(v) ? Object.entries(v) : []);

/**
 * Checks across the model that a per-key schema cannot make: names unique across component kinds,
 * every reference resolving to a component of the right kind, flow weights summing to 1, empirical
 * results files existing. Works on the raw document so it runs even when the shape has problems.
 */
function crossChecks(raw: unknown, baseDir: string): Array<{ path: Path; message: string }> {
  const problems: Array<{ path: Path; message: string }> = [];
  if (!isRecord(raw)) return problems;
  const kindOf = new Map<string, Kind>();
  for (const kind of KINDS) {
    for (const [name] of entries(raw[kind])) {
      const other = kindOf.get(name);
      if (other) {
        problems.push({ path: [kind, name], message: `duplicate name: "${name}" is also in ${other}` });
      } else kindOf.set(name, kind);
    }
  }
  const distributions = new Set(entries(raw.distributions).map(([n]) => n));
  const expect = (path: Path, value: unknown, kinds: readonly Kind[], extra: string[] = []) => {
    if (typeof value !== 'string') return;
    if (extra.includes(value)) return;
    const kind = kindOf.get(value);
    if (kind && kinds.includes(kind)) return;
    const wanted = [...kinds, ...extra.map((e) => `"${e}"`)].join(' or ');
    problems.push({
      path,
      message: kind
        ? `"${value}" is in ${kind}, expected one of ${wanted}`
        : `unknown component "${value}" (expected one of ${wanted})`,
    });
  };

  for (const [name, lb] of entries(raw.loadBalancers)) {
    if (!isRecord(lb) || !Array.isArray(lb.targets)) continue;
    lb.targets.forEach((t, i) => {
      if (typeof t === 'string') expect(['loadBalancers', name, 'targets', i], t, ['services']);
      else if (isRecord(t)) expect(['loadBalancers', name, 'targets', i, 'target'], t.target, ['services']);
    });
    if (lb.algorithm === 'weighted-round-robin' && lb.targets.every((t) => typeof t === 'string')) {
      problems.push({
        path: ['loadBalancers', name, 'targets'],
        message: 'weighted-round-robin needs {target, weight} targets',
      });
    }
  }
  for (const [name, c] of entries(raw.caches)) {
    if (isRecord(c)) expect(['caches', name, 'database'], c.database, ['databases']);
  }
  if (Array.isArray(raw.links)) {
    raw.links.forEach((l, i) => {
      if (!isRecord(l)) return;
      expect(['links', i, 'from'], l.from, KINDS, ['client']);
      expect(['links', i, 'to'], l.to, KINDS);
    });
  }
  if (Array.isArray(raw.incidents)) {
    raw.incidents.forEach((incident, i) => {
      if (!isRecord(incident)) return;
      expect(['incidents', i, 'target'], incident.target, ['services', 'auth', 'databases']);
      const kind = typeof incident.target === 'string' ? kindOf.get(incident.target) : undefined;
      const component = kind && isRecord(raw[kind]) ? raw[kind][incident.target as string] : undefined;
      if (isRecord(component) && typeof incident.instance === 'number') {
        const parts =
          kind === 'databases'
            ? 1 + (typeof component.replicas === 'number' ? component.replicas : 0)
            : typeof component.instances === 'number'
              ? component.instances
              : 1;
        if (incident.instance >= parts) {
          problems.push({
            path: ['incidents', i, 'instance'],
            message: `"${String(incident.target)}" has ${parts} ${kind === 'databases' ? 'node' : 'instance'}${parts === 1 ? '' : 's'} (0 to ${parts - 1})`,
          });
        }
      }
      if ((kind === 'services' || kind === 'auth') && incident.for === undefined) {
        if (!(isRecord(component) && isRecord(component.outages))) {
          problems.push({
            path: ['incidents', i, 'for'],
            message: 'give the time to repair (the service has no outages ttr to take it from)',
          });
        }
      }
    });
  }
  let weightSum = 0;
  let weightsKnown = true;
  for (const [name, flow] of entries(raw.flows)) {
    if (!isRecord(flow)) continue;
    if (typeof flow.weight === 'number') weightSum += flow.weight;
    else weightsKnown = false;
    if (!Array.isArray(flow.steps)) continue;
    flow.steps.forEach((s, i) => {
      if (!isRecord(s) || typeof s.type !== 'string') return;
      const kinds = STEP_TARGETS[s.type];
      if (!kinds) return;
      expect(['flows', name, 'steps', i, 'target'], s.target, kinds);
      expect(['flows', name, 'steps', i, 'from'], s.from, KINDS, ['client']);
      if (s.type === 'call' && s.via !== undefined) {
        expect(['flows', name, 'steps', i, 'via'], s.via, ['loadBalancers']);
        const lb = isRecord(raw.loadBalancers) ? raw.loadBalancers[String(s.via)] : undefined;
        const targets = isRecord(lb) && Array.isArray(lb.targets) ? lb.targets : undefined;
        const routed = targets?.some((t) => t === s.target || (isRecord(t) && t.target === s.target));
        if (targets && typeof s.target === 'string' && !routed) {
          problems.push({
            path: ['flows', name, 'steps', i, 'target'],
            message: `load balancer "${String(s.via)}" has no target "${s.target}"`,
          });
        }
      }
      if (s.type === 'publish' && typeof s.target === 'string' && typeof s.queue === 'string') {
        const broker = isRecord(raw.brokers) ? raw.brokers[s.target] : undefined;
        if (isRecord(broker) && isRecord(broker.queues) && !(s.queue in broker.queues)) {
          problems.push({
            path: ['flows', name, 'steps', i, 'queue'],
            message: `broker "${s.target}" has no queue "${s.queue}"`,
          });
        }
      }
    });
  }
  if (weightsKnown && isRecord(raw.flows) && Object.keys(raw.flows).length > 0) {
    if (Math.abs(weightSum - 1) > 1e-9) {
      problems.push({
        path: ['flows'],
        message: `flow weights sum to ${Number(weightSum.toPrecision(12))}, not 1`,
      });
    }
  }

  // Distribution references and empirical results files, wherever a distribution sits.
  const walk = (node: unknown, path: PropertyKey[]) => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, [...path, i]));
      return;
    }
    if (!isRecord(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const at = [...path, key];
      if (key === 'empirical' && isRecord(value) && typeof value.results === 'string') {
        checkResultsFile(resolve(baseDir, value.results), value.name, [...at, 'results'], problems);
      } else if (
        typeof value === 'string' &&
        DISTRIBUTION_KEYS.has(key) &&
        !/^\d/.test(value) &&
        path[0] !== 'distributions' &&
        !distributions.has(value)
      ) {
        problems.push({ path: at, message: `unknown distribution "${value}" (not in distributions)` });
      } else walk(value, at);
    }
  };
  walk(raw, []);
  return problems;
}

/** Keys whose values are distributions (a string there that is not a duration names one). */
const DISTRIBUTION_KEYS = new Set([
  'thinkTime',
  'serviceTime',
  'retryBackoff',
  'latency',
  'readTime',
  'writeTime',
  'lag',
  'ttf',
  'ttr',
  'publishTime',
]);

function checkResultsFile(
  file: string,
  name: unknown,
  path: Path,
  problems: Array<{ path: Path; message: string }>,
) {
  if (!existsSync(file)) {
    problems.push({ path, message: `file not found: ${file}` });
    return;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push({ path, message: `${file} is not JSON: ${(error as Error).message}` });
    return;
  }
  if (!isRecord(doc) || doc.format !== 'perflab-results' || !Array.isArray(doc.stats)) {
    problems.push({ path, message: `${file} is not a perflab results document` });
    return;
  }
  if (typeof name === 'string') {
    const { method, name: request } = splitRequest(name);
    const stats = doc.stats.filter(isRecord);
    const matches = stats.filter((s) => s.name === request && (method === undefined || s.method === method));
    const at = [...path.slice(0, -1), 'name'];
    if (matches.length === 0) {
      const names = [...new Set(stats.map((s) => String(s.name)))].join(', ');
      problems.push({ path: at, message: `no request "${name}" in ${file} (has ${names})` });
    } else if (matches.length > 1) {
      const methods = matches.map((s) => String(s.method)).join(', ');
      problems.push({
        path: at,
        message: `${matches.length} requests named "${name}" in ${file}: give the method (${methods})`,
      });
    }
  }
}

function lineOf(doc: Document | undefined, counter: LineCounter | undefined, path: Path): number | undefined {
  if (!doc || !counter) return undefined;
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Replaces `{type: 'ref', name}` with the named distribution, and resolves empirical results paths. */
function resolveDistributions(node: unknown, named: Record<string, Distribution>, baseDir: string): unknown {
  if (Array.isArray(node)) return node.map((v) => resolveDistributions(v, named, baseDir));
  if (!isRecord(node)) return node;
  if (node.type === 'ref' && typeof node.name === 'string' && Object.keys(node).length === 2) {
    return named[(node as unknown as DistributionRef).name];
  }
  if (node.type === 'empirical' && typeof node.results === 'string') {
    return { ...node, results: resolve(baseDir, node.results) };
  }
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, resolveDistributions(v, named, baseDir)]),
  );
}

/**
 * Reads, validates and normalises a simulation model file: YAML (`.yaml`, `.yml`), JSON (`.json`),
 * or a TypeScript/JavaScript module (`.ts`, `.mts`, `.js`, `.mjs`) whose default export is the
 * model as data (see {@link defineSimModel}; loading `.ts` needs tsx, as `perflab` runs).
 * Times come back in seconds, rates per second, defaults applied, distribution names and empirical
 * results paths (relative to the model file) resolved. docs/sim-model.md describes every key.
 * @throws SimModelError (`PERFLAB_ERR_SIM_MODEL`, exit code 2) listing every problem with its key path
 *   (and line), or a parse error with its line and column
 */
export async function loadSimModel(file: string): Promise<SimModel> {
  if (MODULE_EXTENSIONS.test(file)) {
    let module: { default?: unknown };
    try {
      module = (await import(pathToFileURL(resolve(file)).href)) as { default?: unknown };
    } catch (error) {
      throw new PerflabError('PERFLAB_ERR_SIM_MODEL', `${file}: cannot load: ${(error as Error).message}`);
    }
    const exported = defaultExport(module);
    if (exported === undefined)
      throw new PerflabError(
        'PERFLAB_ERR_SIM_MODEL',
        `${file}: no default export (export default defineSimModel({ … }))`,
      );
    return validateSimModel(exported, file);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PerflabError('PERFLAB_ERR_SIM_MODEL', `${file}: cannot read: ${(error as Error).message}`);
  }
  return parseSimModel(text, file);
}

/**
 * Validates a model file's text; `file` names it in messages, picks YAML or JSON by extension,
 * and is the base for relative paths. See {@link loadSimModel}.
 */
export function parseSimModel(text: string, file: string): SimModel {
  let raw: unknown;
  let doc: Document | undefined;
  let counter: LineCounter | undefined;
  if (extname(file).toLowerCase() === '.json') {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new PerflabError('PERFLAB_ERR_SIM_MODEL', `${file}: not JSON: ${(error as Error).message}`);
    }
    // JSON is YAML 1.2: the YAML document gives the line of each key path.
    counter = new LineCounter();
    doc = parseDocument(text, { lineCounter: counter });
  } else {
    counter = new LineCounter();
    doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
    const first = doc.errors[0];
    if (first) {
      const { line, col } = counter.linePos(first.pos[0]);
      throw new PerflabError(
        'PERFLAB_ERR_SIM_MODEL',
        `${file}:${line}:${col}: not YAML: ${first.message.split('\n')[0]} (line ${line}, column ${col})`,
      );
    }
    raw = doc.toJS();
  }
  return validateSimModel(raw, file, doc, counter);
}

/**
 * Validates a model given as data (parsed YAML/JSON, or a TypeScript module's default export)
 * the same way as a file: `file` names it in messages and is the base for relative paths;
 * `doc`/`counter` give the lines of problems when the model came from text.
 * @throws SimModelError listing every problem with its key path (and line)
 */
function validateSimModel(raw: unknown, file: string, doc?: Document, counter?: LineCounter): SimModel {
  const absolute = resolve(file);
  const baseDir = dirname(absolute);
  const parsed = simModelSchema.safeParse(raw ?? {});
  const found: Array<{ path: Path; message: string }> = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
  found.push(...crossChecks(raw, baseDir));
  const seen = new Set<string>();
  const problems: SimModelProblem[] = [];
  for (const p of found) {
    const path = formatPath(p.path);
    const key = `${path}\0${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, line: lineOf(doc, counter, p.path), message: p.message });
  }
  if (!parsed.success || problems.length > 0) throw new SimModelError(file, problems);
  const { $schema: _schema, ...model } = parsed.data;
  const named = resolveDistributions(model.distributions, {}, baseDir) as Record<string, Distribution>;
  return { ...(resolveDistributions(model, named, baseDir) as Omit<SimModel, 'file'>), file: absolute };
}
