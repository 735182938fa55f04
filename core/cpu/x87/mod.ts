// Public API of the x87 unit: 80-bit arithmetic, conversions, transcendentals and the register file.
// Platform-neutral.

export * from "./f80.ts";
export { fadd, fsub, fmul, fdiv, fsqrt } from "./arith.ts";
export {
  CompareResult, FpuConstant, XamClass, fabs, fchs, fcom, fprem, frndint, fscale, fxam, fxtract, loadConstant,
} from "./misc_ops.ts";
export {
  Out64, fromBcd, fromFloat32, fromFloat64, fromInt32, fromInt64, fromNumber, toBcd, toFloat32, toFloat64, toInt,
  toNumber,
} from "./convert.ts";
export { f2xm1, fcos, fpatan, fptan, fsin, fsincos, fyl2x, fyl2xp1 } from "./transcendental.ts";
export { ENV_SIZE, FpuState, SAVE_SIZE, StatusBit, Tag } from "./fpu_state.ts";
export { MEMORY_FORMS, REGISTER_FORMS, X87_ROWS, type X87Form, fwaitHandler, x87Form } from "./rows.ts";
