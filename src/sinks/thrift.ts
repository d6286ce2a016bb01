// Thrift's compact protocol, read into a generic tree and written back unchanged:
// enough to edit a Parquet footer or page header (offsets, sizes, codec, repetition)
// without a generated schema. Every field a reader wrote comes back in the same order
// with the same type, so what is not edited keeps its bytes.

/** Compact protocol type ids. */
export const T = { TRUE: 1, FALSE: 2, BYTE: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8, LIST: 9, SET: 10, MAP: 11, STRUCT: 12 } as const;

export type TValue = boolean | number | bigint | Uint8Array | TStruct | TList | TMap;
export interface TField {
  id: number;
  type: number;
  value: TValue;
}
export interface TStruct {
  kind: 'struct';
  fields: TField[];
}
export interface TList {
  kind: 'list';
  type: number;
  elemType: number;
  items: TValue[];
}
export interface TMap {
  kind: 'map';
  keyType: number;
  valueType: number;
  entries: [TValue, TValue][];
}

export class ThriftReader {
  pos: number;
  constructor(
    private buf: Uint8Array,
    pos = 0,
  ) {
    this.pos = pos;
  }

  private byte(): number {
    if (this.pos >= this.buf.length) throw new Error('thrift: truncated');
    return this.buf[this.pos++];
  }

  private varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }

  private zigzag(): bigint {
    const n = this.varint();
    return (n >> 1n) ^ -(n & 1n);
  }

  private value(type: number): TValue {
    switch (type) {
      case T.TRUE:
        return true;
      case T.FALSE:
        return false;
      case T.BYTE:
        return this.byte();
      case T.I16:
      case T.I32:
        return Number(this.zigzag());
      case T.I64:
        return this.zigzag();
      case T.DOUBLE: {
        const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
        this.pos += 8;
        return v;
      }
      case T.BINARY: {
        const n = Number(this.varint());
        const v = this.buf.subarray(this.pos, this.pos + n);
        this.pos += n;
        return v;
      }
      case T.LIST:
      case T.SET: {
        const head = this.byte();
        const size = head >> 4 === 15 ? Number(this.varint()) : head >> 4;
        const elemType = head & 0x0f;
        const items: TValue[] = [];
        // booleans in a collection are one byte each (1 true, 2 false)
        for (let i = 0; i < size; i++) items.push(elemType === T.TRUE || elemType === T.FALSE ? this.byte() === T.TRUE : this.value(elemType));
        return { kind: 'list', type, elemType, items };
      }
      case T.MAP: {
        const size = Number(this.varint());
        const kv = size > 0 ? this.byte() : 0;
        const entries: [TValue, TValue][] = [];
        for (let i = 0; i < size; i++) entries.push([this.value(kv >> 4), this.value(kv & 0x0f)]);
        return { kind: 'map', keyType: kv >> 4, valueType: kv & 0x0f, entries };
      }
      case T.STRUCT:
        return this.struct();
      default:
        throw new Error(`thrift: unknown type ${type}`);
    }
  }

  struct(): TStruct {
    const fields: TField[] = [];
    let last = 0;
    for (;;) {
      const head = this.byte();
      if (head === 0) return { kind: 'struct', fields };
      const delta = head >> 4;
      const type = head & 0x0f;
      const id = delta === 0 ? Number(this.zigzag()) : last + delta;
      last = id;
      fields.push({ id, type, value: this.value(type) });
    }
  }
}

export class ThriftWriter {
  private buf = new Uint8Array(256);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b;
  }

  private varint(n: bigint): void {
    while (n >= 0x80n) {
      this.byte(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.byte(Number(n));
  }

  private zigzag(n: bigint): void {
    this.varint(n >= 0n ? n << 1n : (-n << 1n) - 1n);
  }

  private value(type: number, v: TValue): void {
    switch (type) {
      case T.BYTE:
        return this.byte(v as number);
      case T.I16:
      case T.I32:
        return this.zigzag(BigInt(v as number));
      case T.I64:
        return this.zigzag(BigInt(v as bigint | number));
      case T.DOUBLE: {
        this.ensure(8);
        new DataView(this.buf.buffer, this.length, 8).setFloat64(0, v as number, true);
        this.length += 8;
        return;
      }
      case T.BINARY: {
        const b = v as Uint8Array;
        this.varint(BigInt(b.length));
        this.ensure(b.length);
        this.buf.set(b, this.length);
        this.length += b.length;
        return;
      }
      case T.LIST:
      case T.SET: {
        const l = v as TList;
        if (l.items.length < 15) this.byte((l.items.length << 4) | l.elemType);
        else {
          this.byte(0xf0 | l.elemType);
          this.varint(BigInt(l.items.length));
        }
        for (const item of l.items) {
          if (l.elemType === T.TRUE || l.elemType === T.FALSE) this.byte(item ? T.TRUE : T.FALSE);
          else this.value(l.elemType, item);
        }
        return;
      }
      case T.MAP: {
        const m = v as TMap;
        this.varint(BigInt(m.entries.length));
        if (m.entries.length) this.byte((m.keyType << 4) | m.valueType);
        for (const [k, val] of m.entries) {
          this.value(m.keyType, k);
          this.value(m.valueType, val);
        }
        return;
      }
      case T.STRUCT:
        return this.struct(v as TStruct);
      default:
        throw new Error(`thrift: cannot write type ${type}`);
    }
  }

  struct(s: TStruct): void {
    let last = 0;
    for (const f of s.fields) {
      // a boolean field carries its value in its type
      const type = f.type === T.TRUE || f.type === T.FALSE ? (f.value ? T.TRUE : T.FALSE) : f.type;
      const delta = f.id - last;
      if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
      else {
        this.byte(type);
        this.zigzag(BigInt(f.id));
      }
      last = f.id;
      if (type !== T.TRUE && type !== T.FALSE) this.value(type, f.value);
    }
    this.byte(0);
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

export function readStruct(buf: Uint8Array, pos = 0): { struct: TStruct; end: number } {
  const r = new ThriftReader(buf, pos);
  const struct = r.struct();
  return { struct, end: r.pos };
}

export function writeStruct(s: TStruct): Uint8Array {
  const w = new ThriftWriter();
  w.struct(s);
  return w.bytes();
}

/** The field `id` of a struct, or undefined. */
export function field(s: TStruct, id: number): TField | undefined {
  return s.fields.find((f) => f.id === id);
}

export function get<V extends TValue>(s: TStruct, id: number): V | undefined {
  return field(s, id)?.value as V | undefined;
}

/** Sets field `id` (keeping the fields in id order, as generated writers do). */
export function set(s: TStruct, id: number, type: number, value: TValue): void {
  const f = field(s, id);
  if (f) {
    f.type = type;
    f.value = value;
    return;
  }
  const at = s.fields.findIndex((x) => x.id > id);
  s.fields.splice(at < 0 ? s.fields.length : at, 0, { id, type, value });
}

export function unset(s: TStruct, id: number): void {
  s.fields = s.fields.filter((f) => f.id !== id);
}

/** An integer field as a number (i16, i32 or i64). */
export function num(s: TStruct, id: number): number | undefined {
  const v = get<number | bigint>(s, id);
  return v === undefined ? undefined : Number(v);
}
