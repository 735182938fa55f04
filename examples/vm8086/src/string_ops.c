/* string_ops.c — MOVS CMPS STOS LODS SCAS with REP/REPE/REPNE (8086 manual §2.7 "String
 * Instructions"). REP MOVSB is the hybrid organisation's hot spot: its iterations are handed to
 * block_copy() in runs that wrap neither SI nor DI, which nk's vm8086 module can do in one call. */
#include "cpu.h"

static uint16_t step(Cpu *c, int w) { int n = w ? 2 : 1; return (uint16_t)((c->flags & F_DF) ? -n : n); }

/* REP MOVSB as whole runs: as many iterations as fit before SI or DI wraps. */
static void rep_movsb(Cpu *c, uint16_t src_seg) {
  int back = (c->flags & F_DF) != 0;
  while (c->r[CX]) {
    uint32_t n = c->r[CX];
    uint32_t room_si = back ? c->r[SI] + 1u : 0x10000u - c->r[SI];
    uint32_t room_di = back ? c->r[DI] + 1u : 0x10000u - c->r[DI];
    if (room_si < n) n = room_si;
    if (room_di < n) n = room_di;
    uint32_t s = back ? lin(src_seg, (uint16_t)(c->r[SI] - n + 1)) : lin(src_seg, c->r[SI]);
    uint32_t d = back ? lin(c->sreg[ES], (uint16_t)(c->r[DI] - n + 1)) : lin(c->sreg[ES], c->r[DI]);
    /* Runs must not cross the 1 MiB wrap either; split there and let the loop continue. */
    if (s + n > MEM_SIZE) n = MEM_SIZE - s;
    if (d + n > MEM_SIZE) n = MEM_SIZE - d;
    if (back) { /* recompute the low ends for a shortened backward run */
      s = lin(src_seg, (uint16_t)(c->r[SI] - n + 1));
      d = lin(c->sreg[ES], (uint16_t)(c->r[DI] - n + 1));
      if (s + n > MEM_SIZE || d + n > MEM_SIZE) n = 1, s = lin(src_seg, c->r[SI]), d = lin(c->sreg[ES], c->r[DI]);
    }
    block_copy(c, d, s, n, back);
    c->rep_iterations += n;
    c->r[CX] -= (uint16_t)n;
    c->r[SI] += back ? (uint16_t)-n : (uint16_t)n;
    c->r[DI] += back ? (uint16_t)-n : (uint16_t)n;
  }
}

void string_op(Cpu *c, uint8_t op, int seg_override, int rep) {
  int w = op & 1;
  uint16_t src_seg = c->sreg[seg_override >= 0 ? seg_override : DS];
  if (op == 0xA4 && rep) { rep_movsb(c, src_seg); return; }
  for (;;) {
    if (rep && c->r[CX] == 0) return;
    uint16_t d = step(c, w);
    switch (op) {
      case 0xA4: case 0xA5:
        if (w) wr16(c, c->sreg[ES], c->r[DI], rd16(c, src_seg, c->r[SI]));
        else wr8(c, c->sreg[ES], c->r[DI], rd8(c, src_seg, c->r[SI]));
        c->r[SI] += d; c->r[DI] += d; break;
      case 0xA6: case 0xA7: {
        uint32_t a = w ? rd16(c, src_seg, c->r[SI]) : rd8(c, src_seg, c->r[SI]);
        uint32_t b = w ? rd16(c, c->sreg[ES], c->r[DI]) : rd8(c, c->sreg[ES], c->r[DI]);
        cpu_alu(c, 7, a, b, w);
        c->r[SI] += d; c->r[DI] += d; break;
      }
      case 0xAA: case 0xAB:
        if (w) wr16(c, c->sreg[ES], c->r[DI], c->r[AX]); else wr8(c, c->sreg[ES], c->r[DI], (uint8_t)c->r[AX]);
        c->r[DI] += d; break;
      case 0xAC: case 0xAD:
        if (w) c->r[AX] = rd16(c, src_seg, c->r[SI]); else *reg8(c, 0) = rd8(c, src_seg, c->r[SI]);
        c->r[SI] += d; break;
      default: { /* AE AF: SCAS */
        uint32_t b = w ? rd16(c, c->sreg[ES], c->r[DI]) : rd8(c, c->sreg[ES], c->r[DI]);
        cpu_alu(c, 7, w ? c->r[AX] : (c->r[AX] & 0xFF), b, w);
        c->r[DI] += d; break;
      }
    }
    if (!rep) return;
    c->r[CX]--;
    c->rep_iterations++;
    /* CMPS/SCAS stop on ZF: REPE (F3) while equal, REPNE (F2) while not. */
    if ((op == 0xA6 || op == 0xA7 || op == 0xAE || op == 0xAF) && (((c->flags & F_ZF) != 0) != (rep == 0xF3))) return;
  }
}
