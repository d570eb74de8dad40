/**
 * The TensorBoard messages (Event, Summary, GraphDef, ...) from the package's `proto/tensorboard.proto`, loaded
 * once with protobufjs. The schema file sits two folders above this module both in a checkout (src/summary/)
 * and in an installed package (dist/summary/), so one relative URL finds it in both.
 */
import { fileURLToPath } from 'node:url';
import type protobuf from 'protobufjs';
import { protobufjs } from '../io/protobuf.js';

/** Where the schema file is (computed on use: browser bundles import this module without a file system). */
export function protoPath(): string {
  return fileURLToPath(new URL('../../proto/tensorboard.proto', import.meta.url));
}

export interface TensorboardTypes {
  Event: protobuf.Type;
  Summary: protobuf.Type;
  SummaryValue: protobuf.Type;
  HistogramProto: protobuf.Type;
  TensorProto: protobuf.Type;
  GraphDef: protobuf.Type;
}

let types: TensorboardTypes | undefined;

/** The message types (the schema is parsed on first use, not at import: most programs never log). */
export function tbTypes(): TensorboardTypes {
  if (!types) {
    const root = protobufjs().loadSync(protoPath());
    types = {
      Event: root.lookupType('tensorflow.Event'),
      Summary: root.lookupType('tensorflow.Summary'),
      SummaryValue: root.lookupType('tensorflow.Summary.Value'),
      HistogramProto: root.lookupType('tensorflow.HistogramProto'),
      TensorProto: root.lookupType('tensorflow.TensorProto'),
      GraphDef: root.lookupType('tensorflow.GraphDef'),
    };
  }
  return types;
}

/**
 * Options that turn decoded messages into plain objects: int64 as numbers, enums by name, repeated fields always
 * present; bytes stay Uint8Array (Buffer in Node).
 */
export const PLAIN: protobuf.IConversionOptions = { longs: Number, enums: String, arrays: true };

/**
 * Encodes a plain object (camelCase field names, as protobufjs names them; enums by name or number) as a message
 * of `type`. fromObject converts each field by the schema (and throws on a value of the wrong kind).
 */
export function encodeMessage(type: protobuf.Type, value: Record<string, unknown>): Uint8Array {
  return type.encode(type.fromObject(value)).finish();
}

/** Decodes bytes into a plain object (see PLAIN). */
export function decodeMessage<T = Record<string, unknown>>(type: protobuf.Type, bytes: Uint8Array): T {
  return type.toObject(type.decode(bytes), PLAIN) as T;
}
