import type { ResultsDocument } from '../../output/json.ts';
import { readResultsDocument } from '../../report/results-file.ts';
import {
  constant,
  type Distribution,
  empirical,
  empiricalFromResults,
  erlang,
  exponential,
  gamma,
  lognormal,
  truncatedNormal,
  uniform,
} from '../distributions.ts';
import type { Distribution as ModelDistribution } from './schema.ts';

/** Turns a model file's distributions (normalised by the schema, seconds) into the engine's. */
export type DistributionCompiler = (d: ModelDistribution) => Distribution;

/**
 * Reads every results document the model's empirical distributions name, then
 * returns a converter from model distributions to engine distributions (the same
 * engine object for the same model object, so a named distribution is built once).
 * @throws whatever {@link readResultsDocument} throws for a results file, and
 *   `RangeError` from {@link empiricalFromResults} for a request it lacks
 */
export async function compileDistributions(model: unknown): Promise<DistributionCompiler> {
  const documents = new Map<string, ResultsDocument>();
  const visit = async (node: unknown): Promise<void> => {
    if (Array.isArray(node)) {
      for (const v of node) await visit(v);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.type === 'empirical' && typeof record.results === 'string' && !documents.has(record.results)) {
      documents.set(record.results, await readResultsDocument(record.results));
    }
    for (const value of Object.values(record)) await visit(value);
  };
  await visit(model);
  const built = new Map<ModelDistribution, Distribution>();
  return (d) => {
    let engine = built.get(d);
    if (engine === undefined) {
      engine = build(d, documents);
      built.set(d, engine);
    }
    return engine;
  };
}

function build(d: ModelDistribution, documents: Map<string, ResultsDocument>): Distribution {
  switch (d.type) {
    case 'constant':
      return constant(d.value);
    case 'exponential':
      return exponential({ mean: d.mean });
    case 'uniform':
      return uniform(d.min, d.max);
    case 'normal':
      return truncatedNormal(d.mean, d.sd);
    case 'lognormal':
      return lognormal({ mean: d.mean, sd: d.sd });
    case 'gamma':
      return gamma(d.shape, d.rate);
    case 'erlang':
      return erlang(d.k, d.rate);
    case 'empirical':
      if ('values' in d)
        return empirical(
          d.values.map(([value, count]) => ({ value, count })),
          d.scale,
        );
      return empiricalFromResults(
        documents.get(d.results)!,
        {
          ...(d.name === undefined ? {} : { name: d.name }),
          ...(d.method === undefined ? {} : { method: d.method }),
        },
        d.scale,
      );
  }
}
