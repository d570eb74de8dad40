/**
 * proto/tensorboard.proto against TensorFlow's definitions: every field's number, type and label, and every enum
 * value, as TensorFlow declares them (tensorflow/core/util/event.proto and tensorflow/core/framework/{summary,
 * tensor,tensor_shape,types,graph,node_def,attr_value,versions}.proto). The table below was typed from those
 * files, field by field; a wrong number in the schema would make TensorBoard read another field, silently.
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';

// keepCase: TensorFlow's snake_case field names, not protobufjs's camelCase ones.
const root = new protobuf.Root().loadSync(fileURLToPath(new URL('../../proto/tensorboard.proto', import.meta.url)), { keepCase: true });

/** message -> field -> [number, type, 'repeated' | 'map<key>' | ''] (TensorFlow's declarations). */
const FIELDS: Record<string, Record<string, [number, string, string]>> = {
  Event: {
    wall_time: [1, 'double', ''], step: [2, 'int64', ''], file_version: [3, 'string', ''], graph_def: [4, 'bytes', ''],
    summary: [5, 'Summary', ''], log_message: [6, 'LogMessage', ''], session_log: [7, 'SessionLog', ''],
    tagged_run_metadata: [8, 'TaggedRunMetadata', ''], meta_graph_def: [9, 'bytes', ''],
  },
  LogMessage: { level: [1, 'Level', ''], message: [2, 'string', ''] },
  SessionLog: { status: [1, 'SessionStatus', ''], checkpoint_path: [2, 'string', ''], msg: [3, 'string', ''] },
  TaggedRunMetadata: { tag: [1, 'string', ''], run_metadata: [2, 'bytes', ''] },
  HistogramProto: {
    min: [1, 'double', ''], max: [2, 'double', ''], num: [3, 'double', ''], sum: [4, 'double', ''], sum_squares: [5, 'double', ''],
    bucket_limit: [6, 'double', 'repeated'], bucket: [7, 'double', 'repeated'],
  },
  SummaryMetadata: { plugin_data: [1, 'PluginData', ''], display_name: [2, 'string', ''], summary_description: [3, 'string', ''], data_class: [4, 'DataClass', ''] },
  'SummaryMetadata.PluginData': { plugin_name: [1, 'string', ''], content: [2, 'bytes', ''] },
  Summary: { value: [1, 'Value', 'repeated'] },
  'Summary.Image': { height: [1, 'int32', ''], width: [2, 'int32', ''], colorspace: [3, 'int32', ''], encoded_image_string: [4, 'bytes', ''] },
  'Summary.Audio': {
    sample_rate: [1, 'float', ''], num_channels: [2, 'int64', ''], length_frames: [3, 'int64', ''],
    encoded_audio_string: [4, 'bytes', ''], content_type: [5, 'string', ''],
  },
  'Summary.Value': {
    node_name: [7, 'string', ''], tag: [1, 'string', ''], metadata: [9, 'SummaryMetadata', ''], simple_value: [2, 'float', ''],
    obsolete_old_style_histogram: [3, 'bytes', ''], image: [4, 'Image', ''], histo: [5, 'HistogramProto', ''], audio: [6, 'Audio', ''],
    tensor: [8, 'TensorProto', ''],
  },
  TensorShapeProto: { dim: [2, 'Dim', 'repeated'], unknown_rank: [3, 'bool', ''] },
  'TensorShapeProto.Dim': { size: [1, 'int64', ''], name: [2, 'string', ''] },
  TensorProto: {
    dtype: [1, 'DataType', ''], tensor_shape: [2, 'TensorShapeProto', ''], version_number: [3, 'int32', ''], tensor_content: [4, 'bytes', ''],
    float_val: [5, 'float', 'repeated'], double_val: [6, 'double', 'repeated'], int_val: [7, 'int32', 'repeated'],
    string_val: [8, 'bytes', 'repeated'], int64_val: [10, 'int64', 'repeated'], bool_val: [11, 'bool', 'repeated'],
  },
  AttrValue: {
    list: [1, 'ListValue', ''], s: [2, 'bytes', ''], i: [3, 'int64', ''], f: [4, 'float', ''], b: [5, 'bool', ''], type: [6, 'DataType', ''],
    shape: [7, 'TensorShapeProto', ''], tensor: [8, 'TensorProto', ''],
  },
  'AttrValue.ListValue': {
    s: [2, 'bytes', 'repeated'], i: [3, 'int64', 'repeated'], f: [4, 'float', 'repeated'], b: [5, 'bool', 'repeated'],
    type: [6, 'DataType', 'repeated'], shape: [7, 'TensorShapeProto', 'repeated'], tensor: [8, 'TensorProto', 'repeated'],
  },
  NodeDef: { name: [1, 'string', ''], op: [2, 'string', ''], input: [3, 'string', 'repeated'], device: [4, 'string', ''], attr: [5, 'AttrValue', 'map<string>'] },
  VersionDef: { producer: [1, 'int32', ''], min_consumer: [2, 'int32', ''], bad_consumers: [3, 'int32', 'repeated'] },
  GraphDef: { node: [1, 'NodeDef', 'repeated'], versions: [4, 'VersionDef', ''] },
};

const ENUMS: Record<string, Record<string, number>> = {
  'LogMessage.Level': { UNKNOWN: 0, DEBUGGING: 10, INFO: 20, WARN: 30, ERROR: 40, FATAL: 50 },
  'SessionLog.SessionStatus': { STATUS_UNSPECIFIED: 0, START: 1, STOP: 2, CHECKPOINT: 3 },
  DataClass: { DATA_CLASS_UNKNOWN: 0, DATA_CLASS_SCALAR: 1, DATA_CLASS_TENSOR: 2, DATA_CLASS_BLOB_SEQUENCE: 3 },
  DataType: {
    DT_INVALID: 0, DT_FLOAT: 1, DT_DOUBLE: 2, DT_INT32: 3, DT_UINT8: 4, DT_INT16: 5, DT_INT8: 6, DT_STRING: 7, DT_COMPLEX64: 8,
    DT_INT64: 9, DT_BOOL: 10, DT_QINT8: 11, DT_QUINT8: 12, DT_QINT32: 13, DT_BFLOAT16: 14, DT_QINT16: 15, DT_QUINT16: 16,
    DT_UINT16: 17, DT_COMPLEX128: 18, DT_HALF: 19,
  },
};

/** Oneof groups: TensorFlow's `oneof` members (a writer sets at most one). */
const ONEOFS: Record<string, Record<string, string[]>> = {
  Event: { what: ['file_version', 'graph_def', 'summary', 'log_message', 'session_log', 'tagged_run_metadata', 'meta_graph_def'] },
  'Summary.Value': { value: ['simple_value', 'obsolete_old_style_histogram', 'image', 'histo', 'audio', 'tensor'] },
  AttrValue: { value: ['s', 'i', 'f', 'b', 'type', 'shape', 'tensor', 'list'] },
};

describe('proto/tensorboard.proto matches TensorFlow\'s field numbers', () => {
  it.each(Object.keys(FIELDS))('%s', (name) => {
    const type = root.lookupType(`tensorflow.${name}`);
    const actual = Object.fromEntries(type.fieldsArray.map((f) => {
      const label = f instanceof protobuf.MapField ? `map<${f.keyType}>` : f.repeated ? 'repeated' : '';
      return [f.name, [f.id, f.type, label]];
    }));
    expect(actual).toEqual(FIELDS[name]);
    // Packed encoding for repeated scalars (proto3's default, and TF's explicit [packed = true]).
    for (const f of type.fieldsArray) {
      if (f.repeated && !(f instanceof protobuf.MapField) && !['string', 'bytes'].includes(f.type) && f.resolve().resolvedType === null) {
        expect(f.packed, `${name}.${f.name}`).toBe(true);
      }
    }
  });

  it.each(Object.keys(ENUMS))('enum %s', (name) => {
    expect(root.lookupEnum(`tensorflow.${name}`).values).toEqual(ENUMS[name]);
  });

  it.each(Object.keys(ONEOFS))('oneofs of %s', (name) => {
    const type = root.lookupType(`tensorflow.${name}`);
    const actual = Object.fromEntries(type.oneofsArray.map((o) => [o.name, o.oneof]));
    expect(actual).toEqual(ONEOFS[name]);
  });
});
