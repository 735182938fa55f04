// The instruction snippets the SIMD differential tests run on the host and on nk (AT&T syntax, as gcc
// assembles them). Harness contract: xmm0 = A, xmm1 = B, mm0 = A[0..7], mm1 = B[0..7], eax = B[0..3],
// esi → a 16-aligned copy of B, edi → 16 bytes of 0xCC; outputs xmm0, mm0, eax, MXCSR, EFLAGS, [edi].

/** Operand value generator for A and B. */
export type Gen = "f32" | "f64" | "i32" | "int";

/** One snippet. */
export interface Spec {
  asm: string;
  gen: Gen;
  /** Compare EFLAGS (COMIS). */
  flags?: boolean;
  /** Approximate results (RCP/RSQRT): compare with a relative tolerance, not bits. */
  approx?: boolean;
  /** The B generator when it differs from A's (conversions). */
  genB?: Gen;
}

const s = (asm: string, gen: Gen, extra: Partial<Spec> = {}): Spec => ({ asm, gen, ...extra });

/** Floating-point snippets. */
export function floatSpecs(): Spec[] {
  const out: Spec[] = [];
  for (const op of ["add", "sub", "mul", "div", "min", "max", "sqrt"]) {
    out.push(s(`${op}ps %xmm1, %xmm0`, "f32"), s(`${op}ss %xmm1, %xmm0`, "f32"));
    out.push(s(`${op}pd %xmm1, %xmm0`, "f64"), s(`${op}sd %xmm1, %xmm0`, "f64"));
  }
  out.push(s("addps (%esi), %xmm0", "f32"), s("mulss (%esi), %xmm0", "f32"), s("divsd (%esi), %xmm0", "f64"));
  for (let p = 0; p < 8; p++) {
    for (const f of ["ps", "ss"]) out.push(s(`cmp${f} $${p}, %xmm1, %xmm0`, "f32"));
    for (const f of ["pd", "sd"]) out.push(s(`cmp${f} $${p}, %xmm1, %xmm0`, "f64"));
  }
  out.push(s("comiss %xmm1, %xmm0", "f32", { flags: true }), s("ucomiss %xmm1, %xmm0", "f32", { flags: true }));
  out.push(s("comisd %xmm1, %xmm0", "f64", { flags: true }), s("ucomisd %xmm1, %xmm0", "f64", { flags: true }));
  for (const op of ["and", "andn", "or", "xor"]) out.push(s(`${op}ps %xmm1, %xmm0`, "f32"), s(`${op}pd %xmm1, %xmm0`, "f64"));
  out.push(
    s("cvtsi2ss %eax, %xmm0", "f32", { genB: "int" }), s("cvtsi2sd %eax, %xmm0", "f64", { genB: "int" }),
    s("cvtss2si %xmm1, %eax", "f32"), s("cvttss2si %xmm1, %eax", "f32"),
    s("cvtsd2si %xmm1, %eax", "f64"), s("cvttsd2si %xmm1, %eax", "f64"),
    s("cvtps2pd %xmm1, %xmm0", "f32"), s("cvtpd2ps %xmm1, %xmm0", "f64"),
    s("cvtss2sd %xmm1, %xmm0", "f32"), s("cvtsd2ss %xmm1, %xmm0", "f64"),
    s("cvtdq2ps %xmm1, %xmm0", "int"), s("cvtps2dq %xmm1, %xmm0", "f32"), s("cvttps2dq %xmm1, %xmm0", "f32"),
    s("cvtdq2pd %xmm1, %xmm0", "int"), s("cvtpd2dq %xmm1, %xmm0", "f64"), s("cvttpd2dq %xmm1, %xmm0", "f64"),
    s("cvtpi2ps %mm1, %xmm0", "f32", { genB: "int" }), s("cvtpi2pd %mm1, %xmm0", "f64", { genB: "int" }),
    s("cvtps2pi %xmm1, %mm0", "f32"), s("cvttps2pi %xmm1, %mm0", "f32"),
    s("cvtpd2pi %xmm1, %mm0", "f64"), s("cvttpd2pi %xmm1, %mm0", "f64"),
    s("cvtss2si (%esi), %eax", "f32"), s("cvtsd2ss (%esi), %xmm0", "f64"),
    s("rcpps %xmm1, %xmm0", "f32", { approx: true }), s("rcpss %xmm1, %xmm0", "f32", { approx: true }),
    s("rsqrtps %xmm1, %xmm0", "f32", { approx: true }), s("rsqrtss %xmm1, %xmm0", "f32", { approx: true }),
  );
  return out;
}

/** Data-movement snippets (results are bit copies, so any generator will do). */
export function moveSpecs(): Spec[] {
  const g: Gen = "i32";
  return [
    "movups %xmm1, %xmm0", "movaps %xmm1, %xmm0", "movupd %xmm1, %xmm0", "movapd %xmm1, %xmm0",
    "movss %xmm1, %xmm0", "movsd %xmm1, %xmm0", "movss (%esi), %xmm0", "movsd (%esi), %xmm0",
    "movaps (%esi), %xmm0", "movups (%esi), %xmm0", "movdqa (%esi), %xmm0", "movdqu (%esi), %xmm0",
    "movlps (%esi), %xmm0", "movhps (%esi), %xmm0", "movlpd (%esi), %xmm0", "movhpd (%esi), %xmm0",
    "movhlps %xmm1, %xmm0", "movlhps %xmm1, %xmm0",
    "movlps %xmm1, (%edi)", "movhps %xmm1, (%edi)", "movss %xmm1, (%edi)", "movsd %xmm1, (%edi)",
    "movups %xmm1, (%edi)", "movdqu %xmm1, (%edi)", "movaps %xmm1, (%edi)", "movntps %xmm1, (%edi)",
    "movntdq %xmm1, (%edi)", "movnti %eax, (%edi)", "movntq %mm1, (%edi)", "movq %xmm1, (%edi)",
    "unpcklps %xmm1, %xmm0", "unpckhps %xmm1, %xmm0", "unpcklpd %xmm1, %xmm0", "unpckhpd %xmm1, %xmm0",
    "shufps $0x1b, %xmm1, %xmm0", "shufps $0xe4, %xmm1, %xmm0", "shufps $0x93, (%esi), %xmm0",
    "shufpd $0, %xmm1, %xmm0", "shufpd $3, %xmm1, %xmm0", "shufpd $1, %xmm1, %xmm0",
    "movmskps %xmm1, %eax", "movmskpd %xmm1, %eax", "pmovmskb %xmm1, %eax", "pmovmskb %mm1, %eax",
    "movd %eax, %xmm0", "movd %xmm1, %eax", "movd %eax, %mm0", "movd %mm1, %eax", "movd (%esi), %mm0",
    "movq %xmm1, %xmm0", "movq (%esi), %xmm0", "movq %mm1, %mm0", "movq (%esi), %mm0", "movq %mm1, (%edi)",
    "movq2dq %mm1, %xmm0", "movdq2q %xmm1, %mm0", "movdqa %xmm1, (%edi)",
    "pshufd $0x1b, %xmm1, %xmm0", "pshufd $0x4e, (%esi), %xmm0", "pshufhw $0xb1, %xmm1, %xmm0",
    "pshuflw $0x6c, %xmm1, %xmm0", "pshufw $0x1b, %mm1, %mm0", "pshufw $0xd2, (%esi), %mm0",
    "pinsrw $3, %eax, %xmm0", "pinsrw $6, (%esi), %xmm0", "pinsrw $1, %eax, %mm0", "pinsrw $2, (%esi), %mm0",
    "pextrw $5, %xmm1, %eax", "pextrw $3, %mm1, %eax",
    "maskmovq %mm1, %mm0", "maskmovdqu %xmm1, %xmm0",
  ].map((a) => s(a, g));
}

/** Packed-integer snippets, each in its MMX and SSE2 form. */
export function intSpecs(): Spec[] {
  const both = [
    "punpcklbw", "punpcklwd", "punpckldq", "packsswb", "pcmpgtb", "pcmpgtw", "pcmpgtd", "packuswb",
    "punpckhbw", "punpckhwd", "punpckhdq", "packssdw", "pcmpeqb", "pcmpeqw", "pcmpeqd",
    "psrlw", "psrld", "psrlq", "paddq", "pmullw", "psubusb", "psubusw", "pminub", "pand", "paddusb",
    "paddusw", "pmaxub", "pandn", "pavgb", "psraw", "psrad", "pavgw", "pmulhuw", "pmulhw", "psubsb",
    "psubsw", "pminsw", "por", "paddsb", "paddsw", "pmaxsw", "pxor", "psllw", "pslld", "psllq",
    "pmuludq", "pmaddwd", "psadbw", "psubb", "psubw", "psubd", "psubq", "paddb", "paddw", "paddd",
  ];
  const out: Spec[] = [];
  for (const op of both) out.push(s(`${op} %mm1, %mm0`, "int"), s(`${op} %xmm1, %xmm0`, "int"));
  out.push(s("punpcklbw (%esi), %mm0", "int"), s("paddw (%esi), %xmm0", "int"));
  out.push(s("punpcklqdq %xmm1, %xmm0", "int"), s("punpckhqdq %xmm1, %xmm0", "int"));
  for (const n of [0, 1, 7, 15, 16, 31, 33, 63, 64, 200]) {
    for (const op of ["psrlw", "psraw", "psllw", "psrld", "psrad", "pslld", "psrlq", "psllq"]) {
      out.push(s(`${op} $${n}, %mm0`, "int"), s(`${op} $${n}, %xmm0`, "int"));
    }
    out.push(s(`pslldq $${n}, %xmm0`, "int"), s(`psrldq $${n}, %xmm0`, "int"));
  }
  return out;
}
