// SSE/SSE2 conversions between int32, binary32 and binary64: 0F 2A, 2C, 2D, 5A, 5B, E6 in all their
// prefix forms (SDM vol. 2 CVT* pages; vol. 1 §11.5.2.6 integer indefinite). Forms that read or write
// an MMX register perform the x87→MMX transition. Platform-neutral.
import type { Cpu } from "../cpu.ts";
import type { Handler, Insn } from "../insn.ts";
import { raise } from "../fault.ts";
import { Vector } from "../vectors.ts";
import { ENV, sseGate } from "./simd_env.ts";
import { enterMmx } from "./mmx_state.ts";
import { Align, loadEd, loadQ, loadW, loadXmm, storeMm, storeXmm, VD, VR, VS, copy4 } from "./operands.ts";
import { convert, F32, F64, fromInt32, toInt32 } from "./softfloat.ts";
import { lane, setLane } from "./sse_arith.ts";
import { fastTruncate64, writeInt64Lane } from "./fast_float.ts";

/** Loads an MMX-or-memory Q operand, entering MMX state for a register source. */
function loadQSource(cpu: Cpu, i: Insn): void {
  if (i.mod === 3) enterMmx(cpu);
  loadQ(cpu, i, VS);
}

/** 0F 2A: CVTPI2PS / CVTPI2PD (66) / CVTSI2SS (F3) / CVTSI2SD (F2). */
export const cvtIntToFloat: Handler = (cpu, i) => {
  sseGate(cpu);
  loadXmm(cpu, i.reg, VR);
  ENV.begin(cpu);
  switch (i.pfx) {
    case 0: loadQSource(cpu, i); for (let k = 0; k < 2; k++) setLane(VR, F32, k, fromInt32(F32, VS[k])); break;
    case 1: loadQSource(cpu, i); for (let k = 0; k < 2; k++) setLane(VR, F64, k, fromInt32(F64, VS[k])); break;
    case 3: setLane(VR, F32, 0, fromInt32(F32, loadEd(cpu, i))); break;
    default: {
      const v = loadEd(cpu, i);
      if (!writeInt64Lane(0, v)) setLane(VR, F64, 0, fromInt32(F64, v));
      break;
    }
  }
  ENV.commit(cpu);
  storeXmm(cpu, i.reg, VR);
};

/** 0F 2C (truncating) / 2D: CVT(T)PS2PI, CVT(T)PD2PI (66), CVT(T)SS2SI (F3), CVT(T)SD2SI (F2). */
function cvtFloatToInt(truncate: boolean): Handler {
  return (cpu, i) => {
    sseGate(cpu);
    ENV.begin(cpu);
    switch (i.pfx) {
      case 0: case 1: {
        const f = i.pfx === 0 ? F32 : F64;
        loadW(cpu, i, VS, f === F32 ? 8 : 16, f === F64 ? Align.A16 : Align.None);
        VR[0] = toInt32(f, lane(VS, f, 0), truncate);
        VR[1] = toInt32(f, lane(VS, f, 1), truncate);
        ENV.commit(cpu);
        enterMmx(cpu);
        storeMm(cpu, i.reg, VR);
        return;
      }
      default: {
        const f = i.pfx === 3 ? F32 : F64;
        loadW(cpu, i, VS, f.width >> 3, Align.None);
        let v = truncate && f === F64 ? fastTruncate64(0) : undefined;
        if (v === undefined) v = toInt32(f, lane(VS, f, 0), truncate);
        ENV.commit(cpu);
        cpu.r32[i.reg] = v;
      }
    }
  };
}
export const cvttToInt = cvtFloatToInt(true);
export const cvtToInt = cvtFloatToInt(false);

/** 0F 5A: CVTPS2PD / CVTPD2PS (66) / CVTSS2SD (F3) / CVTSD2SS (F2). */
export const cvtFloatToFloat: Handler = (cpu, i) => {
  sseGate(cpu);
  loadXmm(cpu, i.reg, VD);
  copy4(VR, VD);
  ENV.begin(cpu);
  switch (i.pfx) {
    case 0:
      loadW(cpu, i, VS, 8, Align.None);
      for (let k = 0; k < 2; k++) setLane(VR, F64, k, convert(F32, F64, lane(VS, F32, k)));
      break;
    case 1:
      loadW(cpu, i, VS, 16, Align.A16);
      for (let k = 0; k < 2; k++) setLane(VR, F32, k, convert(F64, F32, lane(VS, F64, k)));
      VR[2] = VR[3] = 0;
      break;
    case 3:
      loadW(cpu, i, VS, 4, Align.None);
      setLane(VR, F64, 0, convert(F32, F64, lane(VS, F32, 0)));
      break;
    default:
      loadW(cpu, i, VS, 8, Align.None);
      setLane(VR, F32, 0, convert(F64, F32, lane(VS, F64, 0)));
  }
  ENV.commit(cpu);
  storeXmm(cpu, i.reg, VR);
};

/** 0F 5B: CVTDQ2PS / CVTPS2DQ (66) / CVTTPS2DQ (F3). */
export const cvtDqPs: Handler = (cpu, i) => {
  if (i.pfx === 2) raise(Vector.InvalidOpcode);
  sseGate(cpu);
  loadW(cpu, i, VS, 16, Align.A16);
  ENV.begin(cpu);
  for (let k = 0; k < 4; k++) {
    if (i.pfx === 0) setLane(VR, F32, k, fromInt32(F32, VS[k]));
    else VR[k] = toInt32(F32, lane(VS, F32, k), i.pfx === 3);
  }
  ENV.commit(cpu);
  storeXmm(cpu, i.reg, VR);
};

/** 0F E6: CVTTPD2DQ (66) / CVTDQ2PD (F3) / CVTPD2DQ (F2); the dword results zero the upper half. */
export const cvtPdDq: Handler = (cpu, i) => {
  if (i.pfx === 0) raise(Vector.InvalidOpcode);
  sseGate(cpu);
  ENV.begin(cpu);
  if (i.pfx === 3) {
    loadW(cpu, i, VS, 8, Align.None);
    for (let k = 0; k < 2; k++) setLane(VR, F64, k, fromInt32(F64, VS[k]));
  } else {
    loadW(cpu, i, VS, 16, Align.A16);
    for (let k = 0; k < 2; k++) VR[k] = toInt32(F64, lane(VS, F64, k), i.pfx === 1);
    VR[2] = VR[3] = 0;
  }
  ENV.commit(cpu);
  storeXmm(cpu, i.reg, VR);
};
