/*
 * geo-graphnet's library API: what another TypeScript project imports from 'geo-graphnet'.
 * Lowest layer first: tensors and autograd, sparse matrices, ops, layers and optimisers, the
 * spatial index and graph builders, data loading, training, studies, configs and the pipeline that
 * the command line runs. Everything here is covered by the tests; anything not exported here is
 * internal and may change.
 */

// tensors, autograd, sparse matrices
export { Tensor } from './tensor/tensor';
export type { DType, FloatArray } from './util/float';
export { backward, noGrad } from './autograd/tape';
export { CSR, transposeCSR } from './sparse/csr';
export { csrFromCOO } from './sparse/coo';
export { addSelfLoops, gcnNormalize, rowNormalize } from './sparse/normalize';

// differentiable ops
export * as ops from './ops';

// layers and models
export type { Module, ForwardContext } from './nn/module';
export { parametersOf } from './nn/module';
export { GraphInput } from './nn/graph_input';
export { Linear } from './nn/linear';
export { GCNLayer } from './nn/gcn';
export { SAGELayer } from './nn/sage';
export { GATLayer, type GATOptions } from './nn/gat';
export { NodeClassifier } from './nn/model';
export { ModelSection, defaultModelConfig, type ModelConfig, type ModelType } from './nn/model_config';

// optimisers
export { Adam, AdamW, Adamax, SGD, makeOptimizer, type OptimizerName } from './optim';

// spatial index and graph builders
export { GridIndex, type GridIndexOptions } from './spatial/grid_index';
export { knnAll, radiusAll } from './spatial/queries';
export { knnEdges, radiusEdges, delaunayEdges, crossGroupKnnEdges, type Points } from './graph/point_graphs';
export { latticeEdges, type LayeredNodes } from './graph/lattice';
export { lineKnnEdges } from './graph/line_knn';
export { groupDepthEdges } from './graph/group_depth';
export { edgeWeights } from './graph/edge_weights';
export { Graph, undirectedGraph, type EdgeList } from './graph/graph';
export { buildGraph } from './graph/build';
export { graphStats, formatStats, type GraphStats } from './graph/stats';
export { GraphSection, RecipeItem, type GraphConfig, type RecipeItemConfig } from './graph/graph_config';

// data
export { loadData, type LoadedData, type EdgeTable } from './data/load';
export type { NodeSet } from './data/node_set';
export { generateSurvey } from './data/synthetic_survey';
export { readNpyFloat64 } from './data/npy';
export { fitNormalizer, applyNormalizer, type Normalizer } from './data/normalize';
export { DataSection, TransformItem, type DataConfig, type TransformConfig } from './data/data_config';
export { applyTransforms } from './data/transforms';
export { SurveySection, type SurveyConfig } from './data/survey_config';

// training
export { fit, predictProbs, argmaxRows, type EpochRecord, type FitInput, type FitResult } from './train/fit';
export { classificationMetrics, groupMetrics, type Metrics, type GroupMetrics, type CostMatrix } from './train/metrics';
export { readCostMatrix } from './train/cost_matrix';
export { splitNodes, assignSplit, type NodeSplit } from './train/split';
export { saveModel, loadModel, type SavedModel } from './train/model_io';
export { MethodSection, type MethodConfig } from './train/method_config';

// studies
export { Study, TrialPruned, type TrialContext } from './study/study';
export { JournalStorage } from './study/journal';
export { JournalFileBackend } from './study/journal_file';
export { JournalMemoryBackend } from './study/journal_memory';
export { JournalRedisBackend } from './study/journal_redis';
export { JournalSqliteBackend } from './study/journal_sqlite';
export { openStudyBackend } from './study/storage';
export { importStudy } from './study/import';
export { TPESampler, RandomSampler, type Sampler } from './study/samplers';
export { MedianPruner, PercentilePruner, SuccessiveHalvingPruner, NopPruner, type Pruner } from './study/pruners';
export { parseSpace } from './study/space';

// configs
export { loadRunConfig, resolveRunConfig, loadStudyConfig, type ConfigSources } from './config/load';
export { RunSection, StudySection, type RunConfig, type StudyConfig } from './config/run_config';
export { validateSection, ConfigError, type ConfigIssue } from './config/validate';
export { withDefaults } from './util/schema';
export { jsonSchemas } from './config/json_schema';

// the pipeline under every command
export { prepare, type Prepared, type PrepareConfig } from './pipeline/prepare';
export { trainModel } from './pipeline/train_model';
export { infer, modelInput } from './pipeline/infer';
export { runExperiment, runToFolder, runSeeds, runPrepareConfig, type WrittenRun } from './pipeline/run';
export { writeRunOutput, runOutDir } from './pipeline/run_output';
export { readRunOutput } from './pipeline/run_reader';
export { runDataOf, viewOfPredictions } from './pipeline/report_view';
export { predict, predictToFolder, type PredictRequest, type PredictResult } from './pipeline/predict';
export { tune, type TuneOptions } from './pipeline/tune';
export { reportFor, reportRun } from './pipeline/report';
export type { RunResult, ModelResult } from './pipeline/run_result';

export { InputError } from './util/errors';
export { makeRng, type Rng } from './util/rng';
export { setThreads, shutdownThreads } from './util/thread_pool';
