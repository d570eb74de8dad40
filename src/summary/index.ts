// tl.summary: TensorBoard summaries (TF 1.x graph ops and an eager writer) and tfevents files.
export { scalar, histogram, image, audio, text, merge, mergeAll, summaryBytes } from './summary_ops.js';
export type { SummaryOptions, ImageSummaryOptions, AudioSummaryOptions } from './summary_ops.js';
export { FileWriter } from './file_writer.js';
export type { FileWriterOptions, EventMessage, SummaryLike } from './file_writer.js';
export { SummaryWriter, createFileWriter } from './summary_writer.js';
export { readEvents, decodeGraphDef, decodeSummary } from './read_events.js';
export type { EventRecord } from './read_events.js';
export { graphDefOf } from './graph_def.js';
export { defaultBucketLimits } from './histogram.js';
