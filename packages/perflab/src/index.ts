/**
 * perflab's public API: what scenario files and programs import from `perflab`.
 * Explicit named exports only.
 */
export { defineScenario, defineTest } from './scenario/define.ts';
export type {
  ScenarioDefinition,
  TestDefinition,
  ScenarioEntry,
  ExecutorDefinition,
  Stage,
  ShapeTick,
  ThresholdsDefinition,
  TaskDefinition,
  LoadDefinition,
  VuContext,
} from './scenario/define.ts';
export { between, constant, constantPacing } from './scenario/wait-time.ts';
export type { WaitTime } from './scenario/wait-time.ts';
export type { HttpClient, HttpResponse, RequestOptions } from './http/client.ts';
export { csvFeeder } from './data/csv-feeder.ts';
export { jsonFeeder } from './data/json-feeder.ts';
export { createFeeder } from './data/feeder.ts';
export type { Feeder } from './data/feeder.ts';
export type { FeederMode, FeederOnEnd, FeederOptions, CsvFeederOptions } from './data/feeder-options.ts';
export { loadTestPlan } from './scenario/load.ts';
export { parseTestPlan } from './scenario/schema.ts';
export type { Scenario, Task, TestPlan, ExecutorConfig } from './scenario/schema.ts';
export { runLoadTest } from './load/run.ts';
export { parseThresholds, thresholdGate } from './thresholds/index.ts';
export type { Threshold, ThresholdResult } from './thresholds/index.ts';
export type { RunOptions, ThresholdGate } from './load/run.ts';
export type { Reporter, RunInfo, RunResult, ScenarioInfo, ThresholdOutcome } from './output/reporter.ts';
export { ConsoleReporter } from './output/console.ts';
export { CsvReporter } from './output/csv.ts';
export { JsonReporter, buildResultsDocument, machineInfo } from './output/json.ts';
export type { ResultsDocument, StatsWithHistogram, MachineInfo } from './output/json.ts';
export { HtmlReporter } from './output/html.ts';
export { buildReportData } from './report/report-data.ts';
export { renderDashboardHtml, writeDashboardHtml, serializeForScript } from './report/html.ts';
export { readResultsDocument, resultsDocumentProblems } from './report/results-file.ts';
export { percentileSpectrum, latencyBuckets, recordedValues } from './report/distribution.ts';
export type { SpectrumPoint, LatencyBucket, RecordedValue } from './report/distribution.ts';
export type {
  DashboardData,
  ReportData,
  RequestDistribution,
  LiveState,
  LiveStatus,
  LiveStartRequest,
  LiveDownload,
} from './report/dashboard-data.ts';
export type { Sample, RequestTimings } from './metrics/sample.ts';
export { MetricsStore } from './metrics/store.ts';
export type {
  StatsSnapshot,
  StatsSummary,
  HistoryRow,
  FailureGroup,
  ExceptionGroup,
} from './metrics/store.ts';
export { decodeHistogram, encodeHistogram, REPORTED_PERCENTILES } from './metrics/histogram.ts';
export { parseDuration } from './duration.ts';
export type { Duration } from './duration.ts';
export { PerflabError, ExitCode, errorCatalogue } from './errors.ts';
export type { PerflabErrorCode } from './errors.ts';
export { compareResults, COMPARE_DEFAULTS, COMPARED_PERCENTILES } from './compare/compare.ts';
export type { CompareOptions } from './compare/compare.ts';
export { renderCompareText } from './compare/text.ts';
export type {
  CompareReport,
  CompareRow,
  CompareRunInfo,
  CompareMetrics,
  CompareDelta,
  CompareDeltas,
  CompareVerdict,
  PercentileComparison,
  PercentileInterval,
  MannWhitneyResult,
  ErrorRateTest,
} from './compare/types.ts';
export { fitUsl, uslThroughput } from './capacity/usl.ts';
export type { UslFit, UslFitOptions, UslPoint, UslFittedPoint, UslModel } from './capacity/usl.ts';
export { ResourceMonitor } from './capacity/samplers/monitor.ts';
export type { ResourceMonitorOptions } from './capacity/samplers/monitor.ts';
export { parseProcessSpec, selectProcesses } from './capacity/samplers/process-select.ts';
export type { ProcessSpec } from './capacity/samplers/process-select.ts';
export {
  summarizeValues,
  summarizeProcessSamples,
  summarizeRedisSamples,
  summarizePostgresSamples,
  sliceResources,
  memoryBySecond,
} from './capacity/samplers/summary.ts';
export type { MemoryPoint } from './capacity/samplers/summary.ts';
export { renderResourceSummary, formatBytes } from './capacity/samplers/text.ts';
export type {
  ResourceReport,
  SeriesSummary,
  ProcessSeries,
  ProcessSample,
  ProcessSummary,
  WatchedProcess,
  RedisSeries,
  RedisSample,
  RedisSummary,
  PostgresSeries,
  PostgresSample,
  PostgresSummary,
} from './capacity/samplers/types.ts';

/** The `perflab` command line as a function: `main(argv, io)` resolves to the exit code (for tests and embedding). */
export { main } from './cli/main.ts';
export type { CliIo } from './cli/io.ts';
export { probeRedis } from './capacity/probes/redis-probe.ts';
export { probePostgres } from './capacity/probes/postgres-probe.ts';
export type { DbProbeResult, DbProbeOptions, ProbeLatencyMs } from './capacity/probes/types.ts';

/** Distributed load generation over Redis (controller/worker; docs/distributed.md). */
export { distributedDriver } from './distributed/controller.ts';
export type { ControllerOptions, DistributedDriver, WorkerLossPolicy } from './distributed/controller.ts';
export { runWorker } from './distributed/worker.ts';
export type { WorkerOptions } from './distributed/worker.ts';

/** Discrete-event simulation engine (simulation clock in seconds): calendar, random streams, distributions, resources, replications, queueing theory. */
export { Calendar } from './sim/calendar.ts';
export type { SimEvent, RunLimits } from './sim/calendar.ts';
export { RandomStreams, Xoshiro128, createStream, replicationSeed } from './sim/random.ts';
export type { Rng } from './sim/random.ts';
export {
  constant as constantDistribution,
  exponential,
  uniform,
  truncatedNormal,
  lognormal,
  gamma,
  erlang,
  empirical,
  empiricalBins,
  empiricalFromHistogram,
  empiricalFromResults,
  standardNormal,
  normalCdf,
} from './sim/distributions.ts';
export type { Distribution, EmpiricalPoint, EmpiricalBin } from './sim/distributions.ts';
export { Resource } from './sim/resource.ts';
export type { Customer, ResourceOptions, ResourceStats } from './sim/resource.ts';
export { LatencyAccumulator } from './sim/latency-accumulator.ts';
export {
  runReplications,
  runReplication,
  confidenceInterval,
  studentTQuantile,
  studentTCdf,
} from './sim/replications.ts';
export type {
  ConfidenceInterval,
  ReplicationContext,
  ReplicationModel,
  ReplicationOptions,
  ReplicationsResult,
  StopCondition,
} from './sim/replications.ts';
export {
  mm1MeanSojourn,
  mm1SojournQuantile,
  erlangB,
  erlangC,
  mmcMeanWait,
  mm1kBlocking,
  tandemMeanSojourn,
  meanValueAnalysis,
} from './sim/theory.ts';
export type { MvaStation, MvaResult } from './sim/theory.ts';

/** Simulation model files (docs/sim-model.md): load and validate, every problem with its path. */
export { defineSimModel, loadSimModel, SimModelError } from './sim/model/load.ts';
export type { SimModelInput } from './sim/model/load.ts';
export type { SimModel } from './sim/model/schema.ts';
/** Simulated requests as a load test's results (the same metrics and document). */
export { SimRecorder } from './sim/recorder.ts';
export type { SimulatedRequest } from './sim/recorder.ts';
