/**
 * The WebAssembly record splitter (scan.c) behind a small class: the table reader copies a range of
 * a chunk into the module's memory, and the module writes the projected fields' byte ranges, the
 * number columns' values and the line numbers into a TableBatch.
 */
import { TEXT_ID_SLOTS } from '../table/batch.js';
import { SCAN_WASM } from './scan-wasm.js';

type ScanFn = (
  buf: number,
  len: number,
  last: number,
  delim: number,
  ncols: number,
  slot: number,
  numeric: number,
  width: number,
  cap: number,
  base: number,
  starts: number,
  ends: number,
  values: number,
  lines: number,
  state: number,
  ids: number,
  idtab: number,
) => number;

let compiled: WebAssembly.Module | null | undefined;

function wasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(SCAN_WASM, 'base64'));
    } catch {
      compiled = null; // no WebAssembly here: the reader's general path does the work
    }
  }
  return compiled;
}

let enabled = true;
/** Use the WebAssembly splitter when available (tests switch it off to check the general path gives the same). */
export function setWasmScan(on: boolean): void {
  enabled = on;
}

const PAGE = 65536;
const align8 = (n: number) => (n + 7) & ~7;

export class WasmScanner {
  private readonly memory: WebAssembly.Memory;
  private readonly scanFn: ScanFn;
  private readonly at: {
    state: number;
    slot: number;
    numeric: number;
    lines: number;
    starts: number;
    ends: number;
    values: number;
    ids: number;
    idtab: number;
    input: number;
  };
  /** Records and line out, status (0 = stopped, 1 = batch full, 2 = ragged record), fields. */
  state!: Int32Array;
  lines!: Int32Array;
  starts!: Int32Array;
  ends!: Int32Array;
  values!: Float64Array;
  /** Text ids (see scan.c text_id; made with `textIds`, else null). */
  ids: Int32Array | null = null;
  private bytes!: Uint8Array;

  /** A scanner for records of `ncols` fields projected to `width` columns, up to `cap` records per call; null without WebAssembly. */
  static create(slot: Int32Array, numeric: Uint8Array, width: number, cap: number, textIds = false): WasmScanner | null {
    const mod = enabled ? wasmModule() : null;
    return mod ? new WasmScanner(mod, slot, numeric, width, cap, textIds) : null;
  }

  private constructor(
    mod: WebAssembly.Module,
    slot: Int32Array,
    numeric: Uint8Array,
    private readonly width: number,
    private readonly cap: number,
    private readonly textIds: boolean,
  ) {
    const instance = new WebAssembly.Instance(mod, {});
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.scanFn = instance.exports.scan as ScanFn;
    let p = align8((instance.exports.__heap_base as WebAssembly.Global).value as number);
    const take = (bytes: number) => {
      const at = p;
      p = align8(p + bytes);
      return at;
    };
    this.at = {
      state: take(32),
      slot: take(slot.length * 4),
      numeric: take(numeric.length),
      lines: take(cap * 4),
      starts: take(cap * width * 4),
      ends: take(cap * width * 4),
      values: take(cap * width * 8),
      ids: textIds ? take(cap * width * 4) : 0,
      idtab: textIds ? take(TEXT_ID_SLOTS * 16) : 0,
      input: p,
    };
    this.ensure(this.at.input + (1 << 21));
    new Int32Array(this.memory.buffer, this.at.slot, slot.length).set(slot);
    new Uint8Array(this.memory.buffer, this.at.numeric, numeric.length).set(numeric);
    this.values.fill(NaN); // columns that are not numbers stay NaN
    this.ncols = slot.length;
  }

  private readonly ncols: number;

  /** Grow the memory to `bytes` and renew the views. */
  private ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.bytes?.buffer === this.memory.buffer) return;
    const m = this.memory.buffer;
    this.bytes = new Uint8Array(m);
    this.state = new Int32Array(m, this.at.state, 8);
    this.lines = new Int32Array(m, this.at.lines, this.cap);
    this.starts = new Int32Array(m, this.at.starts, this.cap * this.width);
    this.ends = new Int32Array(m, this.at.ends, this.cap * this.width);
    this.values = new Float64Array(m, this.at.values, this.cap * this.width);
    if (this.textIds) this.ids = new Int32Array(m, this.at.ids, this.cap * this.width);
  }

  /** Copy buf[start, end) into the module's memory, for the scan() calls that follow. */
  load(buf: Uint8Array, start: number, end: number): void {
    this.ensure(this.at.input + (end - start));
    this.bytes.set(buf.subarray(start, end), this.at.input);
  }

  /**
   * Split the loaded bytes [from, len) into records `first`, first + 1, ... below `cap` (their index in
   * starts, ends, values, ids and lines), starting at line `line`; offsets come out with `base` added.
   * Returns the bytes consumed (from `from`); see `state` for the rest (state[0]: the next index).
   */
  scan(from: number, len: number, last: boolean, delim: number, cap: number, base: number, line: number, first = 0): number {
    const st = this.state;
    st[0] = first;
    st[1] = line;
    const a = this.at;
    return this.scanFn(
      a.input + from,
      len - from,
      last ? 1 : 0,
      delim,
      this.ncols,
      a.slot,
      a.numeric,
      this.width,
      cap,
      base,
      a.starts,
      a.ends,
      a.values,
      a.lines,
      a.state,
      a.ids,
      a.idtab,
    );
  }
}
