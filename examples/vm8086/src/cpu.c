/* cpu.c — the 8086 instruction set (Intel 8086 Family User's Manual, ch. 2 and the opcode map of
 * table 4-12): decoding with prefixes and ModRM, the ALU with eagerly computed flags, jumps,
 * string instructions with REP, multiply/divide, shifts/rotates and software interrupts. */
#include <stdio.h>
#include <stdlib.h>
#include "cpu.h"

#define alu cpu_alu

/* One decoded ModRM operand: a register or a seg:off memory location. */
typedef struct { int is_reg; int reg; uint16_t seg; uint16_t off; } Operand;

/* Per-instruction decode state. */
typedef struct { int seg_override; int rep; Operand rm; int reg; int mod; } Decode;

static uint8_t fetch8(Cpu *c) { return rd8(c, c->sreg[CS], c->ip++); }
static uint16_t fetch16(Cpu *c) { uint16_t v = rd16(c, c->sreg[CS], c->ip); c->ip += 2; return v; }

void cpu_push(Cpu *c, uint16_t v) { c->r[SP] -= 2; wr16(c, c->sreg[SS], c->r[SP], v); }
uint16_t cpu_pop(Cpu *c) { uint16_t v = rd16(c, c->sreg[SS], c->r[SP]); c->r[SP] += 2; return v; }

static void set_flag(Cpu *c, uint16_t f, int on) { if (on) c->flags |= f; else c->flags &= (uint16_t)~f; }
static int flag(Cpu *c, uint16_t f) { return (c->flags & f) != 0; }

/* SF, ZF and PF from a result of width w (0 = byte, 1 = word). */
static void set_szp(Cpu *c, uint32_t res, int w) {
  uint32_t mask = w ? 0xFFFF : 0xFF;
  res &= mask;
  set_flag(c, F_ZF, res == 0);
  set_flag(c, F_SF, (res & (w ? 0x8000 : 0x80)) != 0);
  set_flag(c, F_PF, !__builtin_parity(res & 0xFF));
}

/* ModRM decoding with the 16-bit effective-address table (8086 manual table 4-10). BP-based
 * addresses default to SS, the rest to DS; a segment prefix overrides either. */
static void decode_modrm(Cpu *c, Decode *d) {
  uint8_t m = fetch8(c);
  d->mod = m >> 6;
  d->reg = (m >> 3) & 7;
  int rm = m & 7;
  if (d->mod == 3) { d->rm.is_reg = 1; d->rm.reg = rm; return; }
  uint16_t off = 0;
  int seg = DS;
  switch (rm) {
    case 0: off = c->r[BX] + c->r[SI]; break;
    case 1: off = c->r[BX] + c->r[DI]; break;
    case 2: off = c->r[BP] + c->r[SI]; seg = SS; break;
    case 3: off = c->r[BP] + c->r[DI]; seg = SS; break;
    case 4: off = c->r[SI]; break;
    case 5: off = c->r[DI]; break;
    case 6: if (d->mod == 0) off = fetch16(c); else { off = c->r[BP]; seg = SS; } break;
    case 7: off = c->r[BX]; break;
  }
  if (d->mod == 1) off += (uint16_t)(int8_t)fetch8(c);
  else if (d->mod == 2) off += fetch16(c);
  d->rm.is_reg = 0;
  d->rm.off = off;
  d->rm.seg = c->sreg[d->seg_override >= 0 ? d->seg_override : seg];
}

static uint32_t get_op(Cpu *c, Operand *o, int w) {
  if (o->is_reg) return w ? c->r[o->reg] : *reg8(c, o->reg);
  return w ? rd16(c, o->seg, o->off) : rd8(c, o->seg, o->off);
}
static void set_op(Cpu *c, Operand *o, int w, uint32_t v) {
  if (o->is_reg) { if (w) c->r[o->reg] = (uint16_t)v; else *reg8(c, o->reg) = (uint8_t)v; }
  else if (w) wr16(c, o->seg, o->off, (uint16_t)v);
  else wr8(c, o->seg, o->off, (uint8_t)v);
}
static uint32_t get_reg(Cpu *c, int r, int w) { return w ? c->r[r] : *reg8(c, r); }
static void set_reg(Cpu *c, int r, int w, uint32_t v) { if (w) c->r[r] = (uint16_t)v; else *reg8(c, r) = (uint8_t)v; }

/* The eight ALU operations in ModRM.reg order: ADD OR ADC SBB AND SUB XOR CMP. */
uint32_t cpu_alu(Cpu *c, int op, uint32_t a, uint32_t b, int w) {
  uint32_t mask = w ? 0xFFFF : 0xFF, sign = w ? 0x8000 : 0x80, res;
  uint32_t carry = (op == 2 || op == 3) ? (c->flags & F_CF) : 0;
  switch (op) {
    case 0: case 2:
      res = a + b + carry;
      set_flag(c, F_CF, res > mask);
      set_flag(c, F_OF, ((a ^ res) & (b ^ res) & sign) != 0);
      set_flag(c, F_AF, ((a ^ b ^ res) & 0x10) != 0);
      break;
    case 3: case 5: case 7:
      res = a - b - carry;
      set_flag(c, F_CF, a < b + carry);
      set_flag(c, F_OF, ((a ^ b) & (a ^ res) & sign) != 0);
      set_flag(c, F_AF, ((a ^ b ^ res) & 0x10) != 0);
      break;
    default:
      res = op == 1 ? (a | b) : op == 4 ? (a & b) : (a ^ b);
      c->flags &= (uint16_t)~(F_CF | F_OF | F_AF);
      break;
  }
  set_szp(c, res, w);
  return res & mask;
}

/* INC/DEC leave CF alone. */
static uint32_t incdec(Cpu *c, uint32_t a, int dec, int w) {
  uint16_t cf = c->flags & F_CF;
  uint32_t r = alu(c, dec ? 5 : 0, a, 1, w);
  c->flags = (uint16_t)((c->flags & ~F_CF) | cf);
  return r;
}

/* Group 2 (D0-D3): ROL ROR RCL RCR SHL SHR SAL SAR, one bit at a time as the 8086 does. */
static uint32_t shift(Cpu *c, int op, uint32_t v, int count, int w) {
  int bits = w ? 16 : 8;
  uint32_t mask = w ? 0xFFFF : 0xFF, top = w ? 0x8000 : 0x80;
  if (count == 0) return v;
  for (int i = 0; i < count; i++) {
    int cf;
    switch (op) {
      case 0: cf = (v & top) != 0; v = ((v << 1) | cf) & mask; break;
      case 1: cf = v & 1; v = (v >> 1) | (cf ? top : 0); break;
      case 2: cf = (v & top) != 0; v = ((v << 1) | flag(c, F_CF)) & mask; break;
      case 3: cf = v & 1; v = (v >> 1) | (flag(c, F_CF) ? top : 0); break;
      case 4: case 6: cf = (v & top) != 0; v = (v << 1) & mask; break;
      case 5: cf = v & 1; v >>= 1; break;
      default: cf = v & 1; v = (v >> 1) | (v & top); break;
    }
    set_flag(c, F_CF, cf);
  }
  int msb = (v & top) != 0;
  switch (op) {
    case 0: case 2: case 4: case 6: set_flag(c, F_OF, msb ^ flag(c, F_CF)); break;
    case 1: case 3: set_flag(c, F_OF, msb ^ ((v >> (bits - 2)) & 1)); break;
    case 5: set_flag(c, F_OF, count == 1 ? 0 : flag(c, F_OF)); break;
    default: set_flag(c, F_OF, 0); break;
  }
  if (op >= 4) set_szp(c, v, w);
  return v;
}

/* Group 3 MUL/IMUL/DIV/IDIV; returns 0 on a divide error (the caller raises INT 0). */
static int muldiv(Cpu *c, int op, uint32_t src, int w) {
  if (!w) {
    uint16_t ax = c->r[AX];
    switch (op) {
      case 4: c->r[AX] = (uint16_t)((ax & 0xFF) * src); set_flag(c, F_CF, c->r[AX] >> 8); break;
      case 5: c->r[AX] = (uint16_t)((int8_t)ax * (int8_t)src);
        set_flag(c, F_CF, (int16_t)c->r[AX] != (int8_t)c->r[AX]); break;
      case 6: {
        if (!src || ax / src > 0xFF) return 0;
        c->r[AX] = (uint16_t)(((ax % src) << 8) | (ax / src)); break;
      }
      default: {
        int s = (int8_t)src, a = (int16_t)ax;
        if (!s) return 0;
        int q = a / s, r = a % s;
        if (q > 127 || q < -128) return 0;
        c->r[AX] = (uint16_t)(((r & 0xFF) << 8) | (q & 0xFF)); break;
      }
    }
  } else {
    uint32_t dxax = ((uint32_t)c->r[DX] << 16) | c->r[AX];
    switch (op) {
      case 4: { uint32_t p = c->r[AX] * src; c->r[AX] = (uint16_t)p; c->r[DX] = (uint16_t)(p >> 16);
        set_flag(c, F_CF, c->r[DX] != 0); break; }
      case 5: { int32_t p = (int32_t)(int16_t)c->r[AX] * (int16_t)src; c->r[AX] = (uint16_t)p;
        c->r[DX] = (uint16_t)((uint32_t)p >> 16); set_flag(c, F_CF, p != (int16_t)p); break; }
      case 6: {
        if (!src || dxax / src > 0xFFFF) return 0;
        c->r[AX] = (uint16_t)(dxax / src); c->r[DX] = (uint16_t)(dxax % src); break;
      }
      default: {
        int32_t a = (int32_t)dxax, s = (int16_t)src;
        if (!s || (a == INT32_MIN && s == -1)) return 0;
        int32_t q = a / s, r = a % s;
        if (q > 32767 || q < -32768) return 0;
        c->r[AX] = (uint16_t)q; c->r[DX] = (uint16_t)r; break;
      }
    }
  }
  if (op == 4 || op == 5) set_flag(c, F_OF, flag(c, F_CF));
  return 1;
}

/* Condition codes of Jcc 70-7F (8086 manual table 2-15). */
static int condition(Cpu *c, int cc) {
  int r;
  switch (cc >> 1) {
    case 0: r = flag(c, F_OF); break;
    case 1: r = flag(c, F_CF); break;
    case 2: r = flag(c, F_ZF); break;
    case 3: r = flag(c, F_CF) || flag(c, F_ZF); break;
    case 4: r = flag(c, F_SF); break;
    case 5: r = flag(c, F_PF); break;
    case 6: r = flag(c, F_SF) != flag(c, F_OF); break;
    default: r = flag(c, F_ZF) || (flag(c, F_SF) != flag(c, F_OF)); break;
  }
  return (cc & 1) ? !r : r;
}

void cpu_interrupt(Cpu *c, int n) {
  uint16_t off = rd16(c, 0, (uint16_t)(n * 4)), seg = rd16(c, 0, (uint16_t)(n * 4 + 2));
  /* The default vector F000:n means "not hooked by the guest": the built-in services answer. */
  if (seg == 0xF000 && off == n && services_handle(c, n)) return;
  cpu_push(c, c->flags);
  cpu_push(c, c->sreg[CS]);
  cpu_push(c, c->ip);
  c->flags &= (uint16_t)~(F_IF | F_TF);
  c->sreg[CS] = seg;
  c->ip = off;
}

static void unimplemented(Cpu *c, uint8_t op, uint16_t ip) {
  fprintf(stderr, "vm8086: unimplemented opcode %02X at %04X:%04X\n", op, c->sreg[CS], ip);
  c->running = 0;
  c->exit_code = 2;
}

void cpu_step(Cpu *c) {
  Decode d = { .seg_override = -1, .rep = 0 };
  uint16_t start = c->ip;
  uint8_t op;
  c->instructions++;
  for (;;) { /* prefixes */
    op = fetch8(c);
    if (op == 0x26 || op == 0x2E || op == 0x36 || op == 0x3E) d.seg_override = (op >> 3) & 3;
    else if (op == 0xF2 || op == 0xF3) d.rep = op;
    else if (op != 0xF0) break; /* LOCK is accepted and ignored */
  }
  int w = op & 1;
  if (op < 0x40 && (op & 7) < 6) { /* ALU rows 00-3F */
    int aop = op >> 3;
    uint32_t r;
    switch (op & 7) {
      case 0: case 1: decode_modrm(c, &d);
        r = alu(c, aop, get_op(c, &d.rm, w), get_reg(c, d.reg, w), w);
        if (aop != 7) set_op(c, &d.rm, w, r);
        return;
      case 2: case 3: decode_modrm(c, &d);
        r = alu(c, aop, get_reg(c, d.reg, w), get_op(c, &d.rm, w), w);
        if (aop != 7) set_reg(c, d.reg, w, r);
        return;
      default: {
        uint32_t imm = w ? fetch16(c) : fetch8(c);
        r = alu(c, aop, get_reg(c, AX, w), imm, w);
        if (aop != 7) set_reg(c, AX, w, r);
        return;
      }
    }
  }
  switch (op) {
    case 0x06: case 0x0E: case 0x16: case 0x1E: cpu_push(c, c->sreg[op >> 3]); return;
    case 0x07: case 0x17: case 0x1F: c->sreg[op >> 3] = cpu_pop(c); return;
    case 0x27: case 0x2F: { /* DAA / DAS */
      uint8_t al = (uint8_t)c->r[AX], old = al; int cf = flag(c, F_CF);
      int sub = op == 0x2F;
      if ((al & 0x0F) > 9 || flag(c, F_AF)) { al = sub ? al - 6 : al + 6; set_flag(c, F_AF, 1); } else set_flag(c, F_AF, 0);
      if (old > 0x99 || cf) { al = sub ? al - 0x60 : al + 0x60; set_flag(c, F_CF, 1); } else set_flag(c, F_CF, 0);
      *reg8(c, 0) = al; set_szp(c, al, 0); return;
    }
    case 0x37: case 0x3F: { /* AAA / AAS */
      if ((c->r[AX] & 0x0F) > 9 || flag(c, F_AF)) {
        if (op == 0x37) { *reg8(c, 0) += 6; *reg8(c, 4) += 1; } else { *reg8(c, 0) -= 6; *reg8(c, 4) -= 1; }
        set_flag(c, F_AF, 1); set_flag(c, F_CF, 1);
      } else { set_flag(c, F_AF, 0); set_flag(c, F_CF, 0); }
      *reg8(c, 0) &= 0x0F; return;
    }
  }
  if (op >= 0x40 && op <= 0x4F) { c->r[op & 7] = (uint16_t)incdec(c, c->r[op & 7], op >= 0x48, 1); return; }
  if (op >= 0x50 && op <= 0x57) { uint16_t v = c->r[op & 7]; if ((op & 7) == SP) v -= 2; cpu_push(c, v); return; }
  if (op >= 0x58 && op <= 0x5F) { c->r[op & 7] = cpu_pop(c); return; }
  if ((op >= 0x70 && op <= 0x7F) || (op >= 0x60 && op <= 0x6F)) { /* 60-6F alias 70-7F on the 8086 */
    int8_t rel = (int8_t)fetch8(c);
    if (condition(c, op & 15)) c->ip += (uint16_t)rel;
    return;
  }
  if (op >= 0x91 && op <= 0x97) { uint16_t t = c->r[AX]; c->r[AX] = c->r[op & 7]; c->r[op & 7] = t; return; }
  if (op >= 0xB0 && op <= 0xB7) { *reg8(c, op & 7) = fetch8(c); return; }
  if (op >= 0xB8 && op <= 0xBF) { c->r[op & 7] = fetch16(c); return; }
  if (op >= 0xA4 && op <= 0xAF && op != 0xA8 && op != 0xA9) { string_op(c, op, d.seg_override, d.rep); return; }
  switch (op) {
    case 0x80: case 0x81: case 0x82: case 0x83: {
      decode_modrm(c, &d);
      uint32_t imm = op == 0x81 ? fetch16(c) : fetch8(c);
      if (op == 0x83) imm = (uint16_t)(int8_t)imm;
      int ww = op != 0x80 && op != 0x82;
      uint32_t r = alu(c, d.reg, get_op(c, &d.rm, ww), imm, ww);
      if (d.reg != 7) set_op(c, &d.rm, ww, r);
      return;
    }
    case 0x84: case 0x85: decode_modrm(c, &d); alu(c, 4, get_op(c, &d.rm, w), get_reg(c, d.reg, w), w); return;
    case 0x86: case 0x87: {
      decode_modrm(c, &d);
      uint32_t a = get_op(c, &d.rm, w);
      set_op(c, &d.rm, w, get_reg(c, d.reg, w));
      set_reg(c, d.reg, w, a);
      return;
    }
    case 0x88: case 0x89: decode_modrm(c, &d); set_op(c, &d.rm, w, get_reg(c, d.reg, w)); return;
    case 0x8A: case 0x8B: decode_modrm(c, &d); set_reg(c, d.reg, w, get_op(c, &d.rm, w)); return;
    case 0x8C: decode_modrm(c, &d); set_op(c, &d.rm, 1, c->sreg[d.reg & 3]); return;
    case 0x8E: decode_modrm(c, &d); c->sreg[d.reg & 3] = (uint16_t)get_op(c, &d.rm, 1); return;
    case 0x8D: decode_modrm(c, &d); c->r[d.reg] = d.rm.off; return;
    case 0x8F: decode_modrm(c, &d); set_op(c, &d.rm, 1, cpu_pop(c)); return;
    case 0x90: return;
    case 0x98: c->r[AX] = (uint16_t)(int8_t)c->r[AX]; return;
    case 0x99: c->r[DX] = (c->r[AX] & 0x8000) ? 0xFFFF : 0; return;
    case 0x9A: { uint16_t o = fetch16(c), s = fetch16(c);
      cpu_push(c, c->sreg[CS]); cpu_push(c, c->ip); c->sreg[CS] = s; c->ip = o; return; }
    case 0x9B: return; /* WAIT: no coprocessor */
    case 0x9C: cpu_push(c, c->flags | F_FIXED); return;
    case 0x9D: c->flags = cpu_pop(c) | F_FIXED; return;
    case 0x9E: c->flags = (uint16_t)((c->flags & 0xFF00) | (c->r[AX] >> 8)) | F_FIXED; return;
    case 0x9F: *reg8(c, 4) = (uint8_t)c->flags; return;
    case 0xA0: case 0xA1: case 0xA2: case 0xA3: {
      uint16_t off = fetch16(c), seg = c->sreg[d.seg_override >= 0 ? d.seg_override : DS];
      if (op < 0xA2) set_reg(c, AX, w, w ? rd16(c, seg, off) : rd8(c, seg, off));
      else if (w) wr16(c, seg, off, c->r[AX]); else wr8(c, seg, off, (uint8_t)c->r[AX]);
      return;
    }
    case 0xA8: alu(c, 4, *reg8(c, 0), fetch8(c), 0); return;
    case 0xA9: alu(c, 4, c->r[AX], fetch16(c), 1); return;
    case 0xC2: { uint16_t n = fetch16(c); c->ip = cpu_pop(c); c->r[SP] += n; return; }
    case 0xC3: c->ip = cpu_pop(c); return;
    case 0xC4: case 0xC5: decode_modrm(c, &d);
      c->r[d.reg] = rd16(c, d.rm.seg, d.rm.off);
      c->sreg[op == 0xC4 ? ES : DS] = rd16(c, d.rm.seg, (uint16_t)(d.rm.off + 2));
      return;
    case 0xC6: case 0xC7: decode_modrm(c, &d); set_op(c, &d.rm, w, w ? fetch16(c) : fetch8(c)); return;
    case 0xCA: case 0xCB: { uint16_t n = op == 0xCA ? fetch16(c) : 0;
      c->ip = cpu_pop(c); c->sreg[CS] = cpu_pop(c); c->r[SP] += n; return; }
    case 0xCC: cpu_interrupt(c, 3); return;
    case 0xCD: cpu_interrupt(c, fetch8(c)); return;
    case 0xCE: if (flag(c, F_OF)) cpu_interrupt(c, 4); return;
    case 0xCF: c->ip = cpu_pop(c); c->sreg[CS] = cpu_pop(c); c->flags = cpu_pop(c) | F_FIXED; return;
    case 0xD0: case 0xD1: case 0xD2: case 0xD3: {
      decode_modrm(c, &d);
      int count = op >= 0xD2 ? (c->r[CX] & 0xFF) : 1;
      set_op(c, &d.rm, w, shift(c, d.reg, get_op(c, &d.rm, w), count, w));
      return;
    }
    case 0xD4: { uint8_t base = fetch8(c), al = (uint8_t)c->r[AX];
      if (!base) { c->ip = start; cpu_interrupt(c, 0); return; }
      c->r[AX] = (uint16_t)(((al / base) << 8) | (al % base)); set_szp(c, c->r[AX], 0); return; }
    case 0xD5: { uint8_t base = fetch8(c);
      c->r[AX] = (uint8_t)((c->r[AX] >> 8) * base + (c->r[AX] & 0xFF)); set_szp(c, c->r[AX], 0); return; }
    case 0xD7: *reg8(c, 0) = rd8(c, c->sreg[d.seg_override >= 0 ? d.seg_override : DS], (uint16_t)(c->r[BX] + (c->r[AX] & 0xFF))); return;
    case 0xD8: case 0xD9: case 0xDA: case 0xDB: case 0xDC: case 0xDD: case 0xDE: case 0xDF:
      decode_modrm(c, &d); return; /* ESC: no 8087 */
    case 0xE0: case 0xE1: case 0xE2: {
      int8_t rel = (int8_t)fetch8(c);
      c->r[CX]--;
      int z = flag(c, F_ZF);
      if (c->r[CX] && (op == 0xE2 || (op == 0xE1 ? z : !z))) c->ip += (uint16_t)rel;
      return;
    }
    case 0xE3: { int8_t rel = (int8_t)fetch8(c); if (!c->r[CX]) c->ip += (uint16_t)rel; return; }
    case 0xE4: case 0xE5: fetch8(c); set_reg(c, AX, w, 0xFFFF); return; /* no I/O devices: open bus */
    case 0xE6: case 0xE7: fetch8(c); return;
    case 0xEC: case 0xED: set_reg(c, AX, w, 0xFFFF); return;
    case 0xEE: case 0xEF: return;
    case 0xE8: { uint16_t rel = fetch16(c); cpu_push(c, c->ip); c->ip += rel; return; }
    case 0xE9: { uint16_t rel = fetch16(c); c->ip += rel; return; }
    case 0xEA: { uint16_t o = fetch16(c), s = fetch16(c); c->ip = o; c->sreg[CS] = s; return; }
    case 0xEB: { int8_t rel = (int8_t)fetch8(c); c->ip += (uint16_t)rel; return; }
    case 0xF4:
      fprintf(stderr, "vm8086: HLT at %04X:%04X with no interrupt source\n", c->sreg[CS], start);
      c->running = 0; c->exit_code = 3; return;
    case 0xF5: c->flags ^= F_CF; return;
    case 0xF6: case 0xF7: {
      decode_modrm(c, &d);
      uint32_t v = get_op(c, &d.rm, w);
      switch (d.reg) {
        case 0: case 1: alu(c, 4, v, w ? fetch16(c) : fetch8(c), w); return;
        case 2: set_op(c, &d.rm, w, ~v); return;
        case 3: set_op(c, &d.rm, w, alu(c, 5, 0, v, w)); return;
        default: if (!muldiv(c, d.reg, v, w)) { c->ip = start; cpu_interrupt(c, 0); } return;
      }
    }
    case 0xF8: case 0xF9: set_flag(c, F_CF, op & 1); return;
    case 0xFA: case 0xFB: set_flag(c, F_IF, op & 1); return;
    case 0xFC: case 0xFD: set_flag(c, F_DF, op & 1); return;
    case 0xFE: case 0xFF: {
      decode_modrm(c, &d);
      switch (d.reg) {
        case 0: case 1: set_op(c, &d.rm, w, incdec(c, get_op(c, &d.rm, w), d.reg, w)); return;
      }
      if (!w) break;
      uint16_t v = (uint16_t)get_op(c, &d.rm, 1);
      switch (d.reg) {
        case 2: cpu_push(c, c->ip); c->ip = v; return;
        case 3: { uint16_t s = rd16(c, d.rm.seg, (uint16_t)(d.rm.off + 2));
          cpu_push(c, c->sreg[CS]); cpu_push(c, c->ip); c->ip = v; c->sreg[CS] = s; return; }
        case 4: c->ip = v; return;
        case 5: c->sreg[CS] = rd16(c, d.rm.seg, (uint16_t)(d.rm.off + 2)); c->ip = v; return;
        case 6: cpu_push(c, v); return;
      }
      break;
    }
  }
  unimplemented(c, op, start);
}
