// MMX/SSE/SSE2 opcode rows (0F map, SDM vol. 2 Appendix A Table A-3). One row per opcode: the
// handler reads the mandatory prefix (i.pfx: none, 66, F2, F3) and picks the form, so `name`/`fmt`
// name the unprefixed form and the others are listed after "/". Data only. Platform-neutral.
import { member, type OpRow, row } from "../opcodes/row.ts";
import * as AR from "./sse_arith.ts";
import * as CV from "./sse_convert.ts";
import * as MV from "./sse_move.ts";
import * as IM from "./int_move.ts";
import * as FX from "./fxsave.ts";
import * as K from "./int_kernels.ts";
import { Forms, packed, pextrwIb, pinsrwIb, pmovmskb, pshufIb, shiftImm } from "./packed_int.ts";

const T = 0x100;
const m = { modrm: true };
const rows: OpRow[] = [];
const add = (...r: OpRow[]) => rows.push(...r);

// ---- 0F 10–17, 28–2F, 50–5F, C2, C6: SSE/SSE2 floating point and moves --------------------
add(
  row(T | 0x10, "movups/movupd/movsd/movss", "Vx,Wx", MV.movupsVW, m),
  row(T | 0x11, "movups/movupd/movsd/movss", "Wx,Vx", MV.movupsWV, m),
  row(T | 0x12, "movlps/movlpd/movhlps", "Vq,Mq", MV.movlpsVM, m),
  row(T | 0x13, "movlps/movlpd", "Mq,Vq", MV.movlpsMV, m),
  row(T | 0x14, "unpcklps/unpcklpd", "Vx,Wx", MV.unpcklVW, m),
  row(T | 0x15, "unpckhps/unpckhpd", "Vx,Wx", MV.unpckhVW, m),
  row(T | 0x16, "movhps/movhpd/movlhps", "Vq,Mq", MV.movhpsVM, m),
  row(T | 0x17, "movhps/movhpd", "Mq,Vq", MV.movhpsMV, m),
  row(T | 0x28, "movaps/movapd", "Vx,Wx", MV.movapsVW, m),
  row(T | 0x29, "movaps/movapd", "Wx,Vx", MV.movapsWV, m),
  row(T | 0x2a, "cvtpi2ps/cvtpi2pd/cvtsi2sd/cvtsi2ss", "Vx,Qq", CV.cvtIntToFloat, m),
  row(T | 0x2b, "movntps/movntpd", "Mx,Vx", MV.movntpsMV, m),
  row(T | 0x2c, "cvttps2pi/cvttpd2pi/cvttsd2si/cvttss2si", "Pq,Wx", CV.cvttToInt, m),
  row(T | 0x2d, "cvtps2pi/cvtpd2pi/cvtsd2si/cvtss2si", "Pq,Wx", CV.cvtToInt, m),
  row(T | 0x2e, "ucomiss/ucomisd", "Vss,Wss", AR.ucomisVW, m),
  row(T | 0x2f, "comiss/comisd", "Vss,Wss", AR.comisVW, m),
  row(T | 0x50, "movmskps/movmskpd", "Gd,Ux", MV.movmskGU, m),
  row(T | 0x51, "sqrtps/sqrtpd/sqrtsd/sqrtss", "Vx,Wx", AR.sqrtVW, m),
  row(T | 0x52, "rsqrtps/rsqrtss", "Vx,Wx", AR.rsqrtVW, m),
  row(T | 0x53, "rcpps/rcpss", "Vx,Wx", AR.rcpVW, m),
  row(T | 0x54, "andps/andpd", "Vx,Wx", AR.andVW, m),
  row(T | 0x55, "andnps/andnpd", "Vx,Wx", AR.andnVW, m),
  row(T | 0x56, "orps/orpd", "Vx,Wx", AR.orVW, m),
  row(T | 0x57, "xorps/xorpd", "Vx,Wx", AR.xorVW, m),
  row(T | 0x58, "addps/addpd/addsd/addss", "Vx,Wx", AR.addVW, m),
  row(T | 0x59, "mulps/mulpd/mulsd/mulss", "Vx,Wx", AR.mulVW, m),
  row(T | 0x5a, "cvtps2pd/cvtpd2ps/cvtsd2ss/cvtss2sd", "Vx,Wx", CV.cvtFloatToFloat, m),
  row(T | 0x5b, "cvtdq2ps/cvtps2dq/-/cvttps2dq", "Vx,Wx", CV.cvtDqPs, m),
  row(T | 0x5c, "subps/subpd/subsd/subss", "Vx,Wx", AR.subVW, m),
  row(T | 0x5d, "minps/minpd/minsd/minss", "Vx,Wx", AR.minVW, m),
  row(T | 0x5e, "divps/divpd/divsd/divss", "Vx,Wx", AR.divVW, m),
  row(T | 0x5f, "maxps/maxpd/maxsd/maxss", "Vx,Wx", AR.maxVW, m),
  row(T | 0xc2, "cmpps/cmppd/cmpsd/cmpss", "Vx,Wx,Ib", AR.cmpVWIb, m),
  row(T | 0xc3, "movnti", "Md,Gd", MV.movntiMG, m),
  row(T | 0xc6, "shufps/shufpd", "Vx,Wx,Ib", MV.shufVWIb, m),
);

// ---- 0F 60–7F, C4–C5, D1–FE: MMX (no prefix) and SSE2 integer (66) ------------------------
const P = (op: number, name: string, k: K.Kernel, forms: number = Forms.Both, mmxMem = 8) =>
  row(T | op, name, "Pq,Qq", packed(k, forms, mmxMem), m);
add(
  P(0x60, "punpcklbw", K.punpcklbw, Forms.Both, 4), P(0x61, "punpcklwd", K.punpcklwd, Forms.Both, 4),
  P(0x62, "punpckldq", K.punpckldq, Forms.Both, 4), P(0x63, "packsswb", K.packsswb),
  P(0x64, "pcmpgtb", K.pcmpgtb), P(0x65, "pcmpgtw", K.pcmpgtw), P(0x66, "pcmpgtd", K.pcmpgtd),
  P(0x67, "packuswb", K.packuswb), P(0x68, "punpckhbw", K.punpckhbw), P(0x69, "punpckhwd", K.punpckhwd),
  P(0x6a, "punpckhdq", K.punpckhdq), P(0x6b, "packssdw", K.packssdw),
  P(0x6c, "punpcklqdq", K.punpcklqdq, Forms.XmmOnly), P(0x6d, "punpckhqdq", K.punpckhqdq, Forms.XmmOnly),
  row(T | 0x6e, "movd", "Pq,Ed", IM.movdToVec, m),
  row(T | 0x6f, "movq/movdqa/-/movdqu", "Pq,Qq", IM.movqLoad, m),
  row(T | 0x70, "pshufw/pshufd/pshuflw/pshufhw", "Pq,Qq,Ib", pshufIb, m),
  P(0x74, "pcmpeqb", K.pcmpeqb), P(0x75, "pcmpeqw", K.pcmpeqw), P(0x76, "pcmpeqd", K.pcmpeqd),
  row(T | 0x77, "emms", "", IM.emms),
  row(T | 0x7e, "movd/movd/-/movq", "Ed,Pq", IM.movdFromVec, m),
  row(T | 0x7f, "movq/movdqa/-/movdqu", "Qq,Pq", IM.movqStore, m),
  row(T | 0xc4, "pinsrw", "Pq,Ed,Ib", pinsrwIb, m),
  row(T | 0xc5, "pextrw", "Gd,Nq,Ib", pextrwIb, m),
  P(0xd1, "psrlw", K.psrlw), P(0xd2, "psrld", K.psrld), P(0xd3, "psrlq", K.psrlq),
  P(0xd4, "paddq", K.paddq), P(0xd5, "pmullw", K.pmullw),
  row(T | 0xd6, "-/movq/movdq2q/movq2dq", "Wq,Vq", IM.movqD6, m),
  row(T | 0xd7, "pmovmskb", "Gd,Nq", pmovmskb, m),
  P(0xd8, "psubusb", K.psubusb), P(0xd9, "psubusw", K.psubusw), P(0xda, "pminub", K.pminub),
  P(0xdb, "pand", K.pand), P(0xdc, "paddusb", K.paddusb), P(0xdd, "paddusw", K.paddusw),
  P(0xde, "pmaxub", K.pmaxub), P(0xdf, "pandn", K.pandn),
  P(0xe0, "pavgb", K.pavgb), P(0xe1, "psraw", K.psraw), P(0xe2, "psrad", K.psrad), P(0xe3, "pavgw", K.pavgw),
  P(0xe4, "pmulhuw", K.pmulhuw), P(0xe5, "pmulhw", K.pmulhw),
  row(T | 0xe6, "-/cvttpd2dq/cvtpd2dq/cvtdq2pd", "Vx,Wx", CV.cvtPdDq, m),
  row(T | 0xe7, "movntq/movntdq", "Mq,Pq", IM.movntqM, m),
  P(0xe8, "psubsb", K.psubsb), P(0xe9, "psubsw", K.psubsw), P(0xea, "pminsw", K.pminsw), P(0xeb, "por", K.por),
  P(0xec, "paddsb", K.paddsb), P(0xed, "paddsw", K.paddsw), P(0xee, "pmaxsw", K.pmaxsw), P(0xef, "pxor", K.pxor),
  P(0xf1, "psllw", K.psllw), P(0xf2, "pslld", K.pslld), P(0xf3, "psllq", K.psllq),
  P(0xf4, "pmuludq", K.pmuludq), P(0xf5, "pmaddwd", K.pmaddwd), P(0xf6, "psadbw", K.psadbw),
  row(T | 0xf7, "maskmovq/maskmovdqu", "Pq,Nq", IM.maskmov, m),
  P(0xf8, "psubb", K.psubb), P(0xf9, "psubw", K.psubw), P(0xfa, "psubd", K.psubd), P(0xfb, "psubq", K.psubq),
  P(0xfc, "paddb", K.paddb), P(0xfd, "paddw", K.paddw), P(0xfe, "paddd", K.paddd),
);

// ---- 0F 71–73: shifts by immediate (groups 12–14), register forms only ------------------------
add(
  member(T | 0x71, 2, "psrlw", "Nq,Ib", shiftImm(K.psrlw)),
  member(T | 0x71, 4, "psraw", "Nq,Ib", shiftImm(K.psraw)),
  member(T | 0x71, 6, "psllw", "Nq,Ib", shiftImm(K.psllw)),
  member(T | 0x72, 2, "psrld", "Nq,Ib", shiftImm(K.psrld)),
  member(T | 0x72, 4, "psrad", "Nq,Ib", shiftImm(K.psrad)),
  member(T | 0x72, 6, "pslld", "Nq,Ib", shiftImm(K.pslld)),
  member(T | 0x73, 2, "psrlq", "Nq,Ib", shiftImm(K.psrlq)),
  member(T | 0x73, 3, "psrldq", "Udq,Ib", shiftImm(K.psrldq, Forms.XmmOnly)),
  member(T | 0x73, 6, "psllq", "Nq,Ib", shiftImm(K.psllq)),
  member(T | 0x73, 7, "pslldq", "Udq,Ib", shiftImm(K.pslldq, Forms.XmmOnly)),
);

// ---- 0F AE: group 15 -------------------------------------------------------------------------
add(
  member(T | 0xae, 0, "fxsave", "M", FX.fxsave),
  member(T | 0xae, 1, "fxrstor", "M", FX.fxrstor),
  member(T | 0xae, 2, "ldmxcsr", "Md", FX.ldmxcsr),
  member(T | 0xae, 3, "stmxcsr", "Md", FX.stmxcsr),
  member(T | 0xae, 5, "lfence", "", FX.fence),
  member(T | 0xae, 6, "mfence", "", FX.fence),
  member(T | 0xae, 7, "sfence/clflush", "Mb", FX.sfenceClflush),
);

/** SIMD rows merged into the opcode table. */
export const SIMD_ROWS: OpRow[] = rows;
