export { type Activation, type MlpOptions, type Mlp, type Layer, createMlp, parameterCount } from './mlp.js';
export { type Trainer, type TrainerSession, type StepOutcome, type TfTrainName, type TfTrainOptions, tfjsTrainer, handWrittenTrainer } from './trainers.js';
export { type TrainOptions, type SharedTrainOptions, type RunSpec, type TrainResult, type Evaluation, type Progress, trainNetwork, trainAll } from './train.js';
export {
  type TextTarget, type CurveOptions, formatProgress, progressReporter, movingAverage, accuracyTable, compareWeights, compareLosses,
  layerNormSeries, layerNormRatios, layerNormTable, lossCurves, evaluationCurves, runColor, layerColor, twinPairs, parityCurves,
} from './report.js';
