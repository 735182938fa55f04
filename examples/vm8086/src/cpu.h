/* cpu.h — state of the 8086 that vm8086 emulates (Intel 8086 Family User's Manual, ch. 2):
 * eight 16-bit general registers, four segment registers, IP, FLAGS and 1 MiB of memory. */
#ifndef VM8086_CPU_H
#define VM8086_CPU_H
#include <stdint.h>

/* General registers in ModRM encoding order (8086 manual table 4-9). */
enum { AX, CX, DX, BX, SP, BP, SI, DI };
/* Segment registers in sreg-field encoding order. */
enum { ES, CS, SS, DS };

/* FLAGS bits (8086 manual fig. 2-32). */
#define F_CF 0x0001
#define F_PF 0x0004
#define F_AF 0x0010
#define F_ZF 0x0040
#define F_SF 0x0080
#define F_TF 0x0100
#define F_IF 0x0200
#define F_DF 0x0400
#define F_OF 0x0800
/* On the 8086 bits 12-15 always read as 1 and bit 1 as 1. */
#define F_FIXED 0xF002

#define MEM_SIZE 0x100000u

typedef struct Cpu {
  uint16_t r[8];
  uint16_t sreg[4];
  uint16_t ip;
  uint16_t flags;
  uint8_t *mem;
  /* Counters for the report (and the kernel's accounting in hybrid mode). */
  uint64_t instructions;
  uint64_t rep_iterations;
  uint64_t service_calls;
  uint64_t fast_copies;
  uint64_t fast_bytes;
  int running;
  int exit_code;
} Cpu;

/* Linear address of seg:off, wrapping at 1 MiB as the 8086's 20 address lines do. */
static inline uint32_t lin(uint16_t seg, uint16_t off) { return (((uint32_t)seg << 4) + off) & (MEM_SIZE - 1); }
static inline uint8_t rd8(Cpu *c, uint16_t seg, uint16_t off) { return c->mem[lin(seg, off)]; }
static inline void wr8(Cpu *c, uint16_t seg, uint16_t off, uint8_t v) { c->mem[lin(seg, off)] = v; }
/* Word accesses wrap inside the segment (offset 0xFFFF's high byte is at offset 0). */
static inline uint16_t rd16(Cpu *c, uint16_t seg, uint16_t off) {
  return (uint16_t)(rd8(c, seg, off) | (rd8(c, seg, (uint16_t)(off + 1)) << 8));
}
static inline void wr16(Cpu *c, uint16_t seg, uint16_t off, uint16_t v) {
  wr8(c, seg, off, (uint8_t)v);
  wr8(c, seg, (uint16_t)(off + 1), (uint8_t)(v >> 8));
}
/* 8-bit register i: AL CL DL BL AH CH DH BH. */
static inline uint8_t *reg8(Cpu *c, int i) { return (uint8_t *)&c->r[i & 3] + (i >> 2); }

/* Executes one instruction (with its prefixes). */
void cpu_step(Cpu *c);
/* Raises software interrupt n: a built-in BIOS/DOS service while the vector is the default, else a
 * real 8086 interrupt through the IVT. */
void cpu_interrupt(Cpu *c, int n);
void cpu_push(Cpu *c, uint16_t v);
/* ALU operation op (ADD OR ADC SBB AND SUB XOR CMP) on width w (0 byte, 1 word), setting flags. */
uint32_t cpu_alu(Cpu *c, int op, uint32_t a, uint32_t b, int w);
/* String instruction op (A4-A7, AA-AF) with its segment override (-1 none) and REP prefix (0/F2/F3). */
void string_op(Cpu *c, uint8_t op, int seg_override, int rep);
uint16_t cpu_pop(Cpu *c);

/* Provided by services.c: returns 1 if vector n is served by the built-in BIOS/DOS layer. */
int services_handle(Cpu *c, int n);
/* Provided by main.c: the REP MOVSB block copy (kernel fast path or plain C loop). */
void block_copy(Cpu *c, uint32_t dst, uint32_t src, uint32_t n, int backward);

#endif
